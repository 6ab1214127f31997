import { businessElapsed, type Calendar } from '../calendar';
import type { ClockStatus, TicketStatus } from './contract';

/**
 * Where a clock stands at an instant, as the SLA board shows it: pure, so the API (counts, filters)
 * and the browser (its countdown, every second) read a ticket the same way.
 *
 * - `breached`: running past its deadline (the workflow's `breached`, or `running` with the deadline
 *   passed since the state was written; the breach event follows at that instant);
 * - `at-risk`: running, and the workflow recorded a warning (the policy's threshold) since the
 *   clock last started or breached;
 * - `paused`: paused while the ticket awaits the customer;
 * - `running`, `met`; `idle` for clocks with nothing to show (pending, stopped, untimed).
 */
export type Standing = 'breached' | 'at-risk' | 'running' | 'paused' | 'met' | 'idle';

/** Most urgent first: a ticket stands where its most urgent clock does. */
export const standingOrder: readonly Standing[] = ['breached', 'at-risk', 'running', 'paused', 'met', 'idle'];

/** What the board counts at its top. */
export const countedStandings = ['running', 'at-risk', 'breached', 'paused', 'met'] as const;
export type CountedStanding = (typeof countedStandings)[number];

/** What the standing reads of a clock: the workflow's `ClockState`, or the board's copy of it. */
export interface StandingInput {
  status: ClockStatus | string;
  dueAt: string | null;
  startedAt: string | null;
  warnings: ReadonlyArray<{ at: string }>;
  breaches: ReadonlyArray<{ at: string }>;
}

export function clockStanding(clock: StandingInput, now: number): Standing {
  switch (clock.status) {
    case 'breached':
      return 'breached';
    case 'paused':
      return 'paused';
    case 'met':
      return 'met';
    case 'running': {
      if (clock.dueAt === null) return 'running';
      if (Date.parse(clock.dueAt) <= now) return 'breached';
      const since = Math.max(clock.startedAt ? Date.parse(clock.startedAt) : 0, ...clock.breaches.map((b) => Date.parse(b.at)));
      return clock.warnings.some((w) => Date.parse(w.at) >= since) ? 'at-risk' : 'running';
    }
    default:
      return 'idle';
  }
}

/** A ticket's standing: its most urgent clock's; a ticket awaiting the customer with nothing running is paused. */
export function ticketStanding(ticket: { status: TicketStatus | string; clocks: readonly StandingInput[] }, now: number): CountedStanding {
  let best = standingOrder.indexOf('idle');
  for (const clock of ticket.clocks) best = Math.min(best, standingOrder.indexOf(clockStanding(clock, now)));
  const standing = standingOrder[best];
  if (ticket.status === 'awaiting-customer' && (standing === 'met' || standing === 'idle')) return 'paused';
  return standing === 'idle' ? 'met' : standing;
}

/**
 * Time left (positive) or past the deadline (negative) at `now`, counted on the clock's measuring
 * calendar: working time for business units, elapsed time for calendar units (a 24x7 calendar).
 */
export function timeToDeadline(dueAt: string, calendar: Calendar, now: number): number {
  const due = Date.parse(dueAt);
  return due >= now ? businessElapsed(calendar, now, due) : -businessElapsed(calendar, due, now);
}
