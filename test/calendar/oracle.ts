import { DateTime } from 'luxon';
import type { Target, Weekday, WorkingCalendar } from '../../workflows/calendar';

/*
 * A deliberately naive model of the calendar, to check the real implementation against. It shares
 * no code with workflows/calendar: offsets come from luxon, everything else is integer arithmetic.
 *
 * An instant is working time when the wall clock at that instant (date, weekday, time of day)
 * falls inside one of that weekday's windows and the date is not a holiday. Window edges and (in
 * the zones used) offset changes fall on whole minutes, so membership is constant inside each UTC
 * minute. It is worked out once per minute of the timeline's span into a bitmap (one byte per
 * minute), and every answer is then found by stepping through that bitmap one minute at a time,
 * with a partial first and last minute where an instant has seconds: never by jumping over whole
 * intervals, so sub-minute starts are exact.
 *
 * This "membership" reading equals the implementation's "first instant the clock shows the
 * window's start/end" reading except when a window edge itself falls inside a DST gap or repeated
 * hour; calendars given to the oracle must not have such edges.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MINUTES_PER_DAY = 24 * 60;

/**
 * Offsets of a zone over a span: luxon is sampled daily and each change bisected to the ms. (Every
 * real zone keeps an offset for far longer than a day; luxon's Intl lookups are slow.)
 */
export class ZoneTimeline {
  /** Instants at which the offset changes, and the offset (minutes) from then on. */
  readonly transitions: { at: number; offset: number }[] = [];
  readonly initialOffset: number;

  constructor(
    readonly zone: string,
    readonly fromMs: number,
    readonly toMs: number,
  ) {
    const luxonOffset = (ms: number): number => DateTime.fromMillis(ms, { zone }).offset;
    this.initialOffset = luxonOffset(fromMs);
    let previous = this.initialOffset;
    for (let probe = fromMs; probe < toMs;) {
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
    if (ms < this.fromMs || ms > this.toMs) throw new Error(`oracle timeline of ${this.zone} does not cover ${new Date(ms).toISOString()}`);
    let offset = this.initialOffset;
    for (let i = 0; i < this.transitions.length && this.transitions[i].at <= ms; i++) offset = this.transitions[i].offset;
    return offset;
  }

  /** Local wall clock at `ms`, written as if it were UTC epoch ms. */
  wall(ms: number): number {
    return ms + this.offsetAt(ms) * MINUTE;
  }
}

/** 1970-01-01 (day 0) was a Thursday; luxon numbers Monday 1 .. Sunday 7. */
function weekdayOfDay(wallDay: number): Weekday {
  return (((((wallDay + 3) % 7) + 7) % 7) + 1) as Weekday;
}

export class Oracle {
  private readonly holidays: Set<number>;
  private readonly windowsByWeekday = new Map<Weekday, { start: number; end: number }[]>();
  /** working[i] = 1 when the UTC minute starting at firstMinute + i·60 s is working time. */
  private readonly working: Uint8Array;
  private readonly firstMinute: number;

  constructor(
    calendar: WorkingCalendar,
    private readonly timeline: ZoneTimeline,
  ) {
    this.holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY));
    // Per weekday, one flag per minute of the local day.
    const dayMasks = new Map<Weekday, Uint8Array>();
    for (const weekday of [1, 2, 3, 4, 5, 6, 7] as const) {
      const windows = (calendar.week[weekday] ?? []).map((window) => ({ start: minutes(window.start), end: minutes(window.end) }));
      this.windowsByWeekday.set(weekday, windows);
      const mask = new Uint8Array(MINUTES_PER_DAY);
      for (let minute = 0; minute < MINUTES_PER_DAY; minute++) {
        mask[minute] = windows.some((window) => window.start <= minute && minute < window.end) ? 1 : 0;
      }
      dayMasks.set(weekday, mask);
    }

    this.firstMinute = Math.ceil(timeline.fromMs / MINUTE) * MINUTE;
    const count = Math.floor((timeline.toMs - this.firstMinute) / MINUTE);
    this.working = new Uint8Array(count);
    // Walk the minutes one offset at a time: between two transitions the wall clock is the UTC
    // minute plus a constant.
    const changes = [{ at: -Infinity, offset: timeline.initialOffset }, ...timeline.transitions];
    let change = 0;
    for (let i = 0; i < count; i++) {
      const ms = this.firstMinute + i * MINUTE;
      while (change + 1 < changes.length && changes[change + 1].at <= ms) change++;
      const wallMinute = ms / MINUTE + changes[change].offset;
      const wallDay = Math.floor(wallMinute / MINUTES_PER_DAY);
      if (this.holidays.has(wallDay)) continue;
      this.working[i] = (dayMasks.get(weekdayOfDay(wallDay)) as Uint8Array)[wallMinute - wallDay * MINUTES_PER_DAY];
    }
  }

  private windowsOf(wallDay: number): { start: number; end: number }[] {
    return this.windowsByWeekday.get(weekdayOfDay(wallDay)) ?? [];
  }

  private isBusinessDay(wallDay: number): boolean {
    return this.windowsOf(wallDay).length > 0 && !this.holidays.has(wallDay);
  }

  /** Index of the minute containing `ms`; throws outside the timeline. */
  private index(ms: number): number {
    return this.covered(Math.floor((ms - this.firstMinute) / MINUTE));
  }

  private covered(index: number): number {
    if (index < 0 || index >= this.working.length) {
      throw new Error(`oracle of ${this.timeline.zone} does not cover ${new Date(this.firstMinute + index * MINUTE).toISOString()}`);
    }
    return index;
  }

  private minuteStart(index: number): number {
    return this.firstMinute + index * MINUTE;
  }

  isWorking(ms: number): boolean {
    return this.working[this.index(ms)] === 1;
  }

  elapsed(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const first = this.index(fromMs);
    const last = this.index(toMs);
    if (first === last) return this.working[first] ? toMs - fromMs : 0;
    let wholeMinutes = 0;
    for (let i = first + 1; i < last; i++) wholeMinutes += this.working[i];
    return (
      (this.working[first] ? this.minuteStart(first + 1) - fromMs : 0) +
      wholeMinutes * MINUTE +
      (this.working[last] ? toMs - this.minuteStart(last) : 0)
    );
  }

  /** `ms` itself when it is working time, else the start of the first working minute after it. */
  nextOpening(ms: number): number {
    let i = this.index(ms);
    if (this.working[i]) return ms;
    do i = this.covered(i + 1);
    while (!this.working[i]);
    return this.minuteStart(i);
  }

  addBusiness(startMs: number, amount: number): number {
    if (amount === 0) return this.nextOpening(startMs);
    let remaining = amount;
    let at = startMs;
    for (let i = this.index(startMs); ; i = this.covered(i + 1)) {
      const sliceEnd = this.minuteStart(i + 1);
      if (this.working[i]) {
        if (remaining <= sliceEnd - at) return at + remaining;
        remaining -= sliceEnd - at;
      }
      at = sliceEnd;
    }
  }

  /** The first instant whose wall clock reads `wall` or later, found minute by minute. */
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
    for (let found = 0; found < count;) {
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
