import { DateTime } from 'luxon';
import type { Target, Weekday, WorkingCalendar } from '../../workflows/calendar';

/*
 * A deliberately naive model of the calendar, to check the real implementation against.
 *
 * An instant is working time when the wall clock at that instant (date, weekday, time of day)
 * falls inside one of that weekday's windows and the date is not a holiday. Time is walked in
 * slices that end on whole minutes: window edges and (in the zones used) offset changes fall on
 * whole minutes, so membership is constant inside a slice and sub-minute starts are exact.
 *
 * This "membership" reading equals the implementation's "first instant the clock shows the
 * window's start/end" reading except when a window edge itself falls inside a DST gap or repeated
 * hour; calendars given to the oracle must not have such edges.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP_LIMIT = 5_000_000;

/**
 * Offsets of a zone over a span: luxon is sampled daily and each change bisected to the ms. (Every
 * real zone keeps an offset for far longer than a day; luxon's Intl lookups are slow.)
 */
export class ZoneTimeline {
  /** Instants at which the offset changes, and the offset (minutes) from then on. */
  readonly transitions: { at: number; offset: number }[] = [];
  private readonly initialOffset: number;

  constructor(
    readonly zone: string,
    private readonly fromMs: number,
    private readonly toMs: number,
  ) {
    const luxonOffset = (ms: number): number => DateTime.fromMillis(ms, { zone }).offset;
    this.initialOffset = luxonOffset(fromMs);
    let previous = this.initialOffset;
    for (let probe = fromMs; probe < toMs; ) {
      const at = Math.min(probe + DAY, toMs);
      const offset = luxonOffset(at);
      if (offset !== previous) {
        let lo = probe;
        let hi = at;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (luxonOffset(mid) === previous) lo = mid;
          else hi = mid;
        }
        this.transitions.push({ at: hi, offset });
        previous = offset;
      }
      probe = at;
    }
  }

  offsetAt(ms: number): number {
    if (ms < this.fromMs || ms > this.toMs) throw new Error(`oracle timeline of ${this.zone} does not cover ${ms}`);
    let offset = this.initialOffset;
    for (let i = 0; i < this.transitions.length && this.transitions[i].at <= ms; i++) offset = this.transitions[i].offset;
    return offset;
  }

  /** Local wall clock at `ms`, written as if it were UTC epoch ms. */
  wall(ms: number): number {
    return ms + this.offsetAt(ms) * MINUTE;
  }
}

export class Oracle {
  private readonly holidays: Set<number>;
  private readonly windowsByWeekday = new Map<Weekday, { start: number; end: number }[]>();

  constructor(
    calendar: WorkingCalendar,
    private readonly timeline: ZoneTimeline,
  ) {
    this.holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY));
    for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
      const windows = calendar.week[weekday] ?? [];
      this.windowsByWeekday.set(weekday, windows.map((window) => ({ start: minutes(window.start), end: minutes(window.end) })));
    }
  }

  private windowsOf(wallDay: number): { start: number; end: number }[] {
    // 1970-01-01 (day 0) was a Thursday; luxon numbers Monday 1 .. Sunday 7.
    const weekday = ((((wallDay + 3) % 7) + 7) % 7) + 1 as Weekday;
    return this.windowsByWeekday.get(weekday) ?? [];
  }

  private isBusinessDay(wallDay: number): boolean {
    return this.windowsOf(wallDay).length > 0 && !this.holidays.has(wallDay);
  }

  isWorking(ms: number): boolean {
    const wall = this.timeline.wall(ms);
    const wallDay = Math.floor(wall / DAY);
    if (this.holidays.has(wallDay)) return false;
    const minuteOfDay = Math.floor((wall - wallDay * DAY) / MINUTE);
    for (const window of this.windowsOf(wallDay)) {
      if (window.start <= minuteOfDay && minuteOfDay < window.end) return true;
    }
    return false;
  }

  elapsed(fromMs: number, toMs: number): number {
    let total = 0;
    for (let at = fromMs, steps = 0; at < toMs; steps++) {
      if (steps > STEP_LIMIT) throw new Error('oracle: elapsed span too long');
      const sliceEnd = Math.min(toMs, nextMinute(at));
      if (this.isWorking(at)) total += sliceEnd - at;
      at = sliceEnd;
    }
    return total;
  }

  nextOpening(ms: number): number {
    for (let at = ms, steps = 0; steps < STEP_LIMIT; steps++, at = nextMinute(at)) {
      if (this.isWorking(at)) return at;
    }
    throw new Error('oracle: no opening found');
  }

  addBusiness(startMs: number, amount: number): number {
    if (amount === 0) return this.nextOpening(startMs);
    let remaining = amount;
    for (let at = startMs, steps = 0; steps < STEP_LIMIT; steps++) {
      const sliceEnd = nextMinute(at);
      if (this.isWorking(at)) {
        if (remaining <= sliceEnd - at) return at + remaining;
        remaining -= sliceEnd - at;
      }
      at = sliceEnd;
    }
    throw new Error('oracle: target not reached');
  }

  /** The first instant whose wall clock reads `wall` or later. */
  firstInstantShowing(wall: number): number {
    const wholeMinute = Math.floor(wall / MINUTE) * MINUTE;
    // No instant more than 14 h before `wall` can show it.
    for (let at = Math.floor((wall - 15 * HOUR) / MINUTE) * MINUTE; ; at += MINUTE) {
      const shown = this.timeline.wall(at);
      if (shown === wholeMinute) return at + (wall - wholeMinute);
      if (shown > wholeMinute) return at;
    }
  }

  addBusinessDays(startMs: number, count: number): number {
    const opening = this.nextOpening(startMs);
    const wall = this.timeline.wall(opening);
    let wallDay = Math.floor(wall / DAY);
    const timeOfDay = wall - wallDay * DAY;
    for (let found = 0; found < count; ) {
      wallDay++;
      if (this.isBusinessDay(wallDay)) found++;
    }
    return this.firstInstantShowing(wallDay * DAY + timeOfDay);
  }

  nextBusinessDayClose(startMs: number): number {
    let wallDay = Math.floor(this.timeline.wall(startMs) / DAY) + 1;
    while (!this.isBusinessDay(wallDay)) wallDay++;
    const closing = Math.max(...this.windowsOf(wallDay).map((window) => window.end));
    return this.firstInstantShowing(wallDay * DAY + closing * MINUTE);
  }
}

function minutes(hhmm: string): number {
  const [hours, mins] = hhmm.split(':').map(Number);
  return hours * 60 + mins;
}

function nextMinute(ms: number): number {
  return Math.floor(ms / MINUTE) * MINUTE + MINUTE;
}

/** The oracle's answer to addTarget; `oracle` is undefined for a 24x7 calendar. */
export function oracleAddTarget(oracle: Oracle | undefined, startMs: number, target: Target): number {
  const unitMs = { 'business-minutes': MINUTE, 'business-hours': HOUR, 'calendar-minutes': MINUTE, 'calendar-hours': HOUR, 'calendar-days': DAY };
  switch (target.unit) {
    case 'calendar-minutes':
    case 'calendar-hours':
    case 'calendar-days':
      return startMs + target.amount * unitMs[target.unit];
    case 'business-minutes':
    case 'business-hours':
      return oracle ? oracle.addBusiness(startMs, target.amount * unitMs[target.unit]) : startMs + target.amount * unitMs[target.unit];
    case 'business-days':
      return oracle ? oracle.addBusinessDays(startMs, target.amount) : startMs + target.amount * DAY;
    case 'next-business-day':
      return oracle ? oracle.nextBusinessDayClose(startMs) : startMs + DAY;
  }
}

export function oracleElapsed(oracle: Oracle | undefined, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  return oracle ? oracle.elapsed(fromMs, toMs) : toMs - fromMs;
}
