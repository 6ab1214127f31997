import { isTimed } from '../policy';
import { warningInstant } from './clock';
import type { TicketMachine } from './ticket.machine';

export interface DueItem {
  at: number;
  /** For people: the timer's summary in the Web UI. */
  what: string;
  /** Ties at the same instant run in this order: warnings before breaches before the close. */
  rank: number;
  run(): void;
}

const DEFAULT_WARNING_THRESHOLDS = [0.75];

/**
 * Everything that will fall due by itself, as the ticket stands: clock warnings and deadlines,
 * reminders and the automatic close of a silent customer, the end of the reopen window, automatic
 * retries of parked notifications. Recomputed from the data each time, so nothing is ever stale.
 */
export function dueItems(machine: TicketMachine): DueItem[] {
  const data = machine.data;
  const items: DueItem[] = [];
  const thresholds = machine.snapshot.document.warningThresholds ?? DEFAULT_WARNING_THRESHOLDS;
  for (const clock of data.clocks) {
    if (clock.status !== 'running' || clock.dueAt === null || !isTimed(clock.target)) continue;
    const calendar = machine.calendar(clock);
    for (const threshold of thresholds) {
      if (clock.warned.includes(threshold)) continue;
      const at = warningInstant(clock, calendar, data.pauses, threshold, clock.dueAt);
      if (at !== null && at < clock.dueAt)
        items.push({ at, what: `${clock.clock} ${Math.round(threshold * 100)}% warning`, rank: 0, run: () => machine.warn(clock, threshold, at) });
    }
    const dueAt = clock.dueAt;
    items.push({ at: dueAt, what: `${clock.clock} deadline`, rank: 1, run: () => machine.breach(clock, dueAt, dueAt) });
  }
  const silence = data.silence;
  if (silence && (data.status === 'awaiting-customer' || data.status === 'resolved')) {
    if (silence.nextReminderAt !== null) {
      const at = silence.nextReminderAt;
      items.push({ at, what: 'reminder to the customer', rank: 2, run: () => machine.remind(at) });
    }
    if (silence.closesAt !== null) {
      const at = silence.closesAt;
      items.push({ at, what: 'automatic close', rank: 3, run: () => machine.autoClose(at) });
    }
  }
  for (const parked of data.parked) {
    if (!parked.autoRetry) continue;
    const at = parked.autoRetry.at;
    items.push({ at, what: `automatic retry of ${parked.notification.notificationId}`, rank: 5, run: () => machine.retryParked(parked, at) });
  }
  if (data.status === 'closed' && data.reopenUntil !== null && !data.reopenWindowOver) {
    const at = data.reopenUntil;
    items.push({ at, what: 'end of the reopen window', rank: 4, run: () => machine.endReopenWindow(at) });
  }
  return items;
}
