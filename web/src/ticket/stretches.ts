import { businessElapsed, type Calendar } from '../../../workflows/calendar';
import type { TicketEvent } from '../api/types';

/** What a clock did between two instants, read from the states the audit trail recorded. */
export interface Stretch {
  from: number;
  to: number;
  kind: 'running' | 'paused' | 'late';
}

/**
 * A clock's stretches over the ticket's life: each audit event carries the whole state, so the
 * clock's status after an event holds until the next one. Running past the deadline is `late`.
 */
export function clockStretches(events: readonly TicketEvent[], clock: string, now: number): Stretch[] {
  const stretches: Stretch[] = [];
  events.forEach((event, index) => {
    const state = event.state.clocks.find((c) => c.clock === clock);
    if (!state) return;
    const from = Date.parse(event.at);
    const to = index + 1 < events.length ? Date.parse(events[index + 1].at) : now;
    if (to <= from) return;
    const due = state.dueAt ? Date.parse(state.dueAt) : null;
    if (state.status === 'paused') stretches.push({ from, to, kind: 'paused' });
    else if (state.status === 'breached') stretches.push({ from, to, kind: 'late' });
    else if (state.status === 'running') {
      if (due !== null && due < to) {
        if (due > from) stretches.push({ from, to: due, kind: 'running' });
        stretches.push({ from: Math.max(from, due), to, kind: 'late' });
      } else stretches.push({ from, to, kind: 'running' });
    }
  });
  // Neighbours of one kind read as one stretch.
  return stretches.reduce<Stretch[]>((merged, stretch) => {
    const last = merged.at(-1);
    if (last && last.kind === stretch.kind && last.to === stretch.from) last.to = stretch.to;
    else merged.push({ ...stretch });
    return merged;
  }, []);
}

/**
 * Out-of-hours stretches of a working calendar between two instants, found in steps of at least 5
 * minutes (at most 2,000 of them): what a timeline can draw, not an exact boundary.
 */
export function outOfHours(calendar: Calendar | undefined, from: number, to: number): Array<{ from: number; to: number }> {
  if (!calendar || calendar.kind !== 'working' || to <= from) return [];
  const step = Math.max(5 * 60_000, Math.ceil((to - from) / 2000));
  const closed: Array<{ from: number; to: number }> = [];
  for (let t = from; t < to; t += step) {
    const end = Math.min(t + step, to);
    if (businessElapsed(calendar, t, end) > 0) continue;
    const last = closed.at(-1);
    if (last && last.to === t) last.to = end;
    else closed.push({ from: t, to: end });
  }
  return closed;
}
