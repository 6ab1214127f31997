import { addTarget, businessElapsed, type Calendar } from '../calendar';
import { isTimed, type ClockName, type PolicyCell, type PolicyTarget } from '../policy';
import type { ClockStatus } from './contract';
import type { ClosedCycle } from './cycles';

/**
 * One SLA clock as data. A clock counts working time on its calendar (or elapsed time, for
 * calendar units) from `startedAt`; time the ticket spends awaiting the customer is kept out of
 * pausable clocks. The deadline is the target added to the start and then pushed out by the
 * working time spent paused, so a clock that never paused keeps exactly `addTarget`'s answer.
 */
export interface ClockData {
  clock: ClockName;
  /**
   * null: tracked without a target (an RCA the policy names with no due date); an untimed
   * best-effort cell: tracked, never due.
   */
  target: PolicyCell | null;
  calendarId: string;
  status: ClockStatus;
  pausable: boolean;
  startedAt: number | null;
  /** The deadline without pauses: addTarget(calendar, startedAt, target). */
  baseDueAt: number | null;
  /** The deadline in force (with paused time added); null unless running with a target. */
  dueAt: number | null;
  /** Update cadence: which interval this is (1 = the first after acknowledgement). */
  occurrence: number;
  /** Warning thresholds already announced in this occurrence. */
  warned: number[];
  stoppedAt: number | null;
  /**
   * Breaches and warnings of this clock, for the state: the most recent ones when the machine
   * bounds them (the audit trail keeps every one), with the totals beside them.
   */
  breaches: Array<{ dueAt: number; at: number; occurrence: number }>;
  warnings: Array<{ threshold: number; at: number; occurrence: number }>;
  breachCount?: number;
  warningCount?: number;
  /** Cycles this clock closed by starting another (the most recent ones); absent in data from before they were kept. */
  closedCycles?: ClosedCycle[];
}

export interface Pause {
  from: number;
  to: number | null;
}

const ALWAYS_OPEN: Calendar = { kind: '24x7' };

/** The calendar on which a target's time is measured: calendar units count every minute. */
export function measureCalendar(target: PolicyTarget, calendar: Calendar): Calendar {
  return target.unit.startsWith('calendar-') ? ALWAYS_OPEN : calendar;
}

/** The instant at which `ms` of working time have passed since `from` (0 ms: `from` itself). */
export function addWorkingMs(calendar: Calendar, from: number, ms: number): number {
  if (ms <= 0) return from;
  return addTarget(calendar, from, { amount: ms / 60_000, unit: 'business-minutes' });
}

/** Working time a clock started at `since` spent inside pauses that ended by now. */
export function pausedWorkingMs(calendar: Calendar, pauses: readonly Pause[], since: number, until: number): number {
  let total = 0;
  for (const pause of pauses) {
    const from = Math.max(pause.from, since);
    const to = Math.min(pause.to ?? until, until);
    if (to > from) total += businessElapsed(calendar, from, to);
  }
  return total;
}

export function newClock(clock: ClockName, target: PolicyCell | null, calendarId: string, pausable: boolean): ClockData {
  return {
    clock,
    target,
    calendarId,
    status: 'pending',
    pausable,
    startedAt: null,
    baseDueAt: null,
    dueAt: null,
    occurrence: 0,
    warned: [],
    stoppedAt: null,
    breaches: [],
    warnings: [],
  };
}

/** Starts (or restarts, for the update cadence) a clock at `at`. */
export function startClock(clock: ClockData, calendar: Calendar, at: number): void {
  clock.status = 'running';
  clock.startedAt = at;
  clock.occurrence += 1;
  clock.warned = [];
  clock.stoppedAt = null;
  clock.baseDueAt = isTimed(clock.target) ? addTarget(calendar, at, clock.target) : null;
  clock.dueAt = clock.baseDueAt;
}

/**
 * Recomputes the deadline in force from the start, the target and the pauses so far. Called when
 * a clock resumes, and when its target changes (priority change).
 */
export function refreshDue(clock: ClockData, calendar: Calendar, pauses: readonly Pause[], now: number): void {
  if (clock.startedAt === null || !isTimed(clock.target)) {
    clock.baseDueAt = null;
    clock.dueAt = null;
    return;
  }
  clock.baseDueAt = addTarget(calendar, clock.startedAt, clock.target);
  const measure = measureCalendar(clock.target, calendar);
  const paused = clock.pausable ? pausedWorkingMs(measure, pauses, clock.startedAt, now) : 0;
  clock.dueAt = paused > 0 ? addWorkingMs(measure, clock.baseDueAt, paused) : clock.baseDueAt;
}

/** The instant at which `threshold` of the clock's target has been used, given pauses so far. */
export function warningInstant(clock: ClockData, calendar: Calendar, pauses: readonly Pause[], threshold: number, now: number): number | null {
  if (clock.startedAt === null || clock.baseDueAt === null || !isTimed(clock.target)) return null;
  const measure = measureCalendar(clock.target, calendar);
  const budget = businessElapsed(measure, clock.startedAt, clock.baseDueAt);
  const atThreshold = addWorkingMs(measure, clock.startedAt, Math.round(budget * threshold));
  const paused = clock.pausable ? pausedWorkingMs(measure, pauses, clock.startedAt, now) : 0;
  return paused > 0 ? addWorkingMs(measure, atThreshold, paused) : atThreshold;
}

/** Working time left until `dueAt` (negative: overdue), on the clock's measuring calendar. */
export function workingRemaining(clock: ClockData, calendar: Calendar, dueAt: number | null, now: number): number | null {
  if (dueAt === null || !isTimed(clock.target)) return null;
  const measure = measureCalendar(clock.target, calendar);
  return dueAt >= now ? businessElapsed(measure, now, dueAt) : -businessElapsed(measure, dueAt, now);
}
