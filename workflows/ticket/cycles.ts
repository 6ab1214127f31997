import { businessElapsed, describeTarget, type Calendar } from '../calendar';
import { isTimed, type PolicyCell } from '../policy';
import type { SlaCycleRecord, SlaCycleOutcome } from './activities.contract';
import { addWorkingMs, measureCalendar, pausedWorkingMs, type ClockData, type Pause } from './clock';

/**
 * A clock's cycles for the SLA records (`sla_cycles`): one per acknowledgement, per update-cadence
 * interval, per next-reply wait, per hardware replacement. The clock's data holds only the cycle
 * it is in; a recurring clock (or one started again) closes the one before, so that cycle is kept
 * here, with the verdict it had, until the records have it. Events carry the last
 * `CLOSED_CYCLES_KEPT` of them, so a worker that comes back after many missed intervals still
 * writes each one (up to that bound, the same as breaches kept in the state).
 */
export interface ClosedCycle {
  cycle: number;
  startedAt: number;
  /** The deadline in force when it closed; null for a cycle without one. */
  dueAt: number | null;
  /**
   * When the obligation ended: met, stopped, or, for a missed cadence interval, when the desk next
   * answered (or the clock stopped); null while a missed interval is still unanswered.
   */
  stoppedAt: number | null;
  outcome: 'met' | 'breached' | 'cancelled';
  breachedAt: number | null;
  /** The ticket as the cycle had it: a later priority change or reassignment does not rewrite it. */
  priority: string;
  assignee: string | null;
  target: PolicyCell | null;
}

export const CLOSED_CYCLES_KEPT = 20;

/** What the ticket looked like when a cycle closed. */
export interface CycleContext {
  priority: string;
  assignee: string | null;
}

/**
 * The deadline a cycle had in force at `until`: its target from the start, pushed out by the
 * working time it spent paused up to then (the clock's own `dueAt` is cleared once it stops).
 */
export function dueInForce(clock: ClockData, calendar: Calendar, pauses: readonly Pause[], until: number): number | null {
  const missed = clock.breaches.at(-1);
  if (clock.status === 'breached' && missed && missed.occurrence === clock.occurrence) return missed.dueAt;
  if (clock.dueAt !== null) return clock.dueAt;
  if (clock.startedAt === null || clock.baseDueAt === null || !isTimed(clock.target)) return null;
  const measure = measureCalendar(clock.target, calendar);
  const paused = clock.pausable ? pausedWorkingMs(measure, pauses, clock.startedAt, until) : 0;
  return paused > 0 ? addWorkingMs(measure, clock.baseDueAt, paused) : clock.baseDueAt;
}

/**
 * Keeps the cycle a clock is leaving, before it starts the next one. `outcome` is the verdict the
 * caller knows (a missed interval, an update that met it); otherwise the clock's status says it.
 * A cycle closed with a stop instant also settles missed intervals still waiting for an answer.
 */
export function closeCycle(
  clock: ClockData,
  calendar: Calendar,
  pauses: readonly Pause[],
  at: number,
  context: CycleContext,
  verdict?: { outcome: 'met' } | { outcome: 'breached'; dueAt: number; breachedAt: number },
): void {
  if (clock.startedAt === null || clock.target === null) return;
  const closed = (clock.closedCycles ??= []);
  const outcome = verdict?.outcome ?? statusOutcome(clock);
  const breachedAt = verdict?.outcome === 'breached' ? verdict.breachedAt : outcome === 'breached' ? (clock.breaches.at(-1)?.at ?? null) : null;
  // A missed interval of a cadence stays open until the desk answers: its successor carries the obligation.
  const stoppedAt = verdict?.outcome === 'breached' ? null : (clock.stoppedAt ?? at);
  if (stoppedAt !== null) settleOpen(closed, stoppedAt);
  closed.push({
    cycle: clock.occurrence,
    startedAt: clock.startedAt,
    dueAt: verdict?.outcome === 'breached' ? verdict.dueAt : dueInForce(clock, calendar, pauses, stoppedAt ?? at),
    stoppedAt,
    outcome,
    breachedAt,
    priority: context.priority,
    assignee: context.assignee,
    target: clock.target,
  });
  if (closed.length > CLOSED_CYCLES_KEPT) closed.splice(0, closed.length - CLOSED_CYCLES_KEPT);
}

function settleOpen(closed: ClosedCycle[], at: number): void {
  for (const cycle of closed) if (cycle.stoppedAt === null) cycle.stoppedAt = at;
}

function statusOutcome(clock: ClockData): ClosedCycle['outcome'] {
  if (clock.status === 'met') return 'met';
  if (clock.status === 'breached') return 'breached';
  // Started again while running (a new diagnosis), or stopped without a verdict.
  return 'cancelled';
}

function currentOutcome(clock: ClockData): SlaCycleOutcome {
  switch (clock.status) {
    case 'running':
      return 'running';
    case 'paused':
      return 'paused';
    case 'met':
      return 'met';
    case 'breached':
      return 'breached';
    default:
      return 'cancelled';
  }
}

interface CycleTimes {
  businessMs: number;
  calendarMs: number;
  pausedMs: number;
  lateBusinessMs: number | null;
}

/**
 * Time a cycle took from its start to `end` (its stop, or now while open): working time on the
 * clock's measuring calendar without the time paused, elapsed time, working time paused, and how
 * far past its deadline (working time, pauses kept out; 0 when on time, null without a deadline).
 */
function cycleTimes(
  clock: ClockData,
  calendar: Calendar,
  pauses: readonly Pause[],
  start: number,
  due: number | null,
  end: number,
  target: PolicyCell | null,
): CycleTimes {
  const measure = isTimed(target) ? measureCalendar(target, calendar) : calendar;
  const span = (from: number, to: number) =>
    to > from ? businessElapsed(measure, from, to) - (clock.pausable ? pausedWorkingMs(measure, pauses, from, to) : 0) : 0;
  // Whole milliseconds: the records keep integers.
  return {
    businessMs: Math.round(span(start, end)),
    calendarMs: Math.max(0, end - start),
    pausedMs: Math.round(clock.pausable && end > start ? pausedWorkingMs(measure, pauses, start, end) : 0),
    lateBusinessMs: due === null ? null : Math.round(span(due, end)),
  };
}

/**
 * Every cycle a clock has (the ones it closed, still kept, and the one it is in), as the records
 * store them, measured at `now`.
 */
export function clockCycles(clock: ClockData, calendar: Calendar, pauses: readonly Pause[], now: number, context: CycleContext): SlaCycleRecord[] {
  const records: SlaCycleRecord[] = [];
  for (const closed of clock.closedCycles ?? []) {
    // A missed interval still unanswered ends when its clock stopped (resolution, close), or is open.
    const stoppedAt = closed.stoppedAt ?? (clock.stoppedAt !== null && clock.status !== 'breached' ? clock.stoppedAt : null);
    const times = cycleTimes(clock, calendar, pauses, closed.startedAt, closed.dueAt, stoppedAt ?? now, closed.target);
    records.push({
      clock: clock.clock,
      cycle: closed.cycle,
      priority: closed.priority,
      assignee: closed.assignee,
      commitment: closed.target!.commitment,
      target: describe(closed.target),
      startedAt: iso(closed.startedAt),
      dueAt: isoOrNull(closed.dueAt),
      stoppedAt: isoOrNull(stoppedAt),
      outcome: closed.outcome,
      breachedAt: isoOrNull(closed.breachedAt),
      ...times,
    });
  }
  if (clock.startedAt !== null && clock.target !== null) {
    const due = dueInForce(clock, calendar, pauses, clock.stoppedAt ?? now);
    const missed = clock.breaches.at(-1);
    const times = cycleTimes(clock, calendar, pauses, clock.startedAt, due, clock.stoppedAt ?? now, clock.target);
    records.push({
      clock: clock.clock,
      cycle: clock.occurrence,
      priority: context.priority,
      assignee: context.assignee,
      commitment: clock.target.commitment,
      target: describe(clock.target),
      startedAt: iso(clock.startedAt),
      dueAt: isoOrNull(due),
      stoppedAt: isoOrNull(clock.stoppedAt),
      outcome: currentOutcome(clock),
      breachedAt: clock.status === 'breached' && missed && missed.occurrence === clock.occurrence ? iso(missed.at) : null,
      ...times,
    });
  }
  return records;
}

function describe(target: PolicyCell | null): string | null {
  return isTimed(target) ? describeTarget(target) : target ? 'best effort' : null;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null): string | null => (ms === null ? null : iso(ms));
