import { addTarget, describeTarget, type Calendar } from '../calendar';
import { clockKinds } from '../ticket/clock-kinds';
import type { PolicySnapshot } from './policy-snapshot.types';
import { clockNames, isTimed, type ClockName, type Commitment, type PolicyCell } from './policy.types';

/** A clock of a plan × priority cell with the calendar it counts on. */
export interface CellClock {
  clock: ClockName;
  target: PolicyCell;
  calendar: Calendar;
}

/** Clocks that start when the ticket is opened (the clock table says which); the others start on a later event. */
export const clocksStartingAtCreation: ReadonlySet<ClockName> = new Set<ClockName>(clockNames.filter((clock) => clockKinds[clock].startsAtOpening));

export class PolicyLookupError extends Error {
  constructor(
    readonly argument: 'plan' | 'priority',
    message: string,
  ) {
    super(message);
    this.name = 'PolicyLookupError';
  }
}

export function assertPlanAndPriority(snapshot: PolicySnapshot, plan: string, priority: string): void {
  const { plans, priorities } = snapshot.document;
  if (!plans.some((p) => p.id === plan)) {
    throw new PolicyLookupError('plan', `plan '${plan}' is not one of ${plans.map((p) => p.id).join(', ')}`);
  }
  if (!priorities.some((p) => p.id === priority)) {
    throw new PolicyLookupError('priority', `priority '${priority}' is not one of ${priorities.map((p) => p.id).join(', ')}`);
  }
}

/** The clocks of one cell of the target matrix, in `clockNames` order; clocks without a target are left out. */
export function cellClocks(snapshot: PolicySnapshot, plan: string, priority: string): CellClock[] {
  assertPlanAndPriority(snapshot, plan, priority);
  const planSpec = snapshot.document.plans.find((p) => p.id === plan)!;
  const cell = snapshot.document.targets[plan]?.[priority] ?? {};
  const result: CellClock[] = [];
  for (const clock of clockNames) {
    const target = cell[clock];
    if (!target) continue;
    const calendarId = target.calendar ?? planSpec.calendar;
    const calendar = snapshot.calendars[calendarId];
    if (!calendar) throw new Error(`calendar '${calendarId}' of ${plan}/${priority}/${clock} is not in the snapshot`);
    result.push({ clock, target, calendar });
  }
  return result;
}

export interface ScheduleClock {
  clock: ClockName;
  target: string;
  commitment: Commitment;
  dueAt: string | null;
}

export interface SchedulePreview {
  policy: string;
  version: number;
  plan: string;
  priority: string;
  openedAt: string;
  clocks: ScheduleClock[];
}

/** docs/design.md's schedule preview: the deadlines a ticket opened at `openedAt` would get. */
export function schedulePreview(snapshot: PolicySnapshot, plan: string, priority: string, openedAt: number): SchedulePreview {
  const clocks = cellClocks(snapshot, plan, priority).map(({ clock, target, calendar }) => ({
    clock,
    target: isTimed(target) ? describeTarget(target) : 'best effort',
    commitment: target.commitment,
    dueAt: isTimed(target) && clocksStartingAtCreation.has(clock) ? new Date(addTarget(calendar, openedAt, target)).toISOString() : null,
  }));
  return {
    policy: snapshot.document.id,
    version: snapshot.document.version,
    plan,
    priority,
    openedAt: new Date(openedAt).toISOString(),
    clocks,
  };
}
