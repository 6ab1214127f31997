import { DateTime } from 'luxon';
import type { Weekday, WorkingCalendar } from '../../workflows/calendar';
import { DAY_MS, MINUTE_MS } from './calendar-inputs';

/*
 * The reference every library is checked against: a naive model of the calendar, walked minute
 * by minute, sharing no code with workflows/calendar.
 *
 * An instant is working time when the wall clock at that instant (date, weekday, time of day)
 * falls inside one of that weekday's windows and the date is not a holiday. Window edges and the
 * zone's offset changes fall on whole minutes, so membership is constant within each UTC minute;
 * it is computed once per minute of the covered span into a bitmap. Every answer is then found by
 * stepping through that bitmap one minute at a time (a partial first and last minute where an
 * instant has seconds), never by jumping over whole intervals.
 *
 * Like the test oracle, this reads a window as the minutes whose wall clock shows a time inside
 * it, which is what the implementation computes as long as no window edge falls in a DST gap or a
 * repeated hour (true of 09:00–17:30).
 */

const HOUR_MS = 60 * MINUTE_MS;

/** Offsets of one zone over a span: luxon sampled every six hours, each change bisected to the ms. */
class OffsetTimeline {
  private readonly at: number[] = [];
  private readonly offsetMinutes: number[] = [];

  constructor(zone: string, fromMs: number, toMs: number) {
    const offsetOf = (ms: number): number => DateTime.fromMillis(ms, { zone }).offset;
    let previous = offsetOf(fromMs);
    this.at.push(-Infinity);
    this.offsetMinutes.push(previous);
    for (let probe = fromMs; probe < toMs; probe += 6 * HOUR_MS) {
      const next = Math.min(probe + 6 * HOUR_MS, toMs);
      const offset = offsetOf(next);
      if (offset === previous) continue;
      let lo = probe;
      let hi = next;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetOf(mid) === previous) lo = mid;
        else hi = mid;
      }
      this.at.push(hi);
      this.offsetMinutes.push(offset);
      previous = offset;
    }
  }

  /** Local wall clock at `ms`, written as if it were UTC epoch ms. */
  wall(ms: number): number {
    let i = this.at.length - 1;
    while (this.at[i] > ms) i--;
    return ms + this.offsetMinutes[i] * MINUTE_MS;
  }
}

export class MinuteOracle {
  private readonly timeline: OffsetTimeline;
  /** working[m] = 1 when the UTC minute starting at firstMinute + m·60 s is working time. */
  private readonly working: Uint8Array;
  private readonly firstMinute: number;
  private readonly holidays: Set<number>;
  private readonly windows: { start: number; end: number }[][];

  /** Covers [fromMs, toMs); any question reaching outside that span throws. */
  constructor(calendar: WorkingCalendar, fromMs: number, toMs: number) {
    this.firstMinute = Math.floor(fromMs / MINUTE_MS) * MINUTE_MS;
    this.timeline = new OffsetTimeline(calendar.zone, this.firstMinute - DAY_MS, toMs + DAY_MS);
    this.holidays = new Set(calendar.holidays.map((date) => Date.parse(`${date}T00:00:00Z`) / DAY_MS));
    this.windows = [[]];
    for (const weekday of [1, 2, 3, 4, 5, 6, 7] as Weekday[]) {
      this.windows.push((calendar.week[weekday] ?? []).map((window) => ({ start: hhmm(window.start), end: hhmm(window.end) })));
    }
    const minutes = Math.ceil((toMs - this.firstMinute) / MINUTE_MS);
    this.working = new Uint8Array(minutes);
    for (let m = 0; m < minutes; m++) this.working[m] = this.isWorkingWall(this.timeline.wall(this.firstMinute + m * MINUTE_MS)) ? 1 : 0;
  }

  private weekdayOf(wallDay: number): Weekday {
    // 1970-01-01 (day 0) was a Thursday; Monday = 1 … Sunday = 7.
    return (((((wallDay + 3) % 7) + 7) % 7) + 1) as Weekday;
  }

  private isBusinessDay(wallDay: number): boolean {
    return this.windows[this.weekdayOf(wallDay)].length > 0 && !this.holidays.has(wallDay);
  }

  private isWorkingWall(wall: number): boolean {
    const wallDay = Math.floor(wall / DAY_MS);
    if (this.holidays.has(wallDay)) return false;
    const minuteOfDay = Math.floor((wall - wallDay * DAY_MS) / MINUTE_MS);
    return this.windows[this.weekdayOf(wallDay)].some((window) => window.start <= minuteOfDay && minuteOfDay < window.end);
  }

  private minuteIndex(ms: number): number {
    return this.covered(Math.floor((ms - this.firstMinute) / MINUTE_MS));
  }

  private covered(index: number): number {
    if (index < 0 || index >= this.working.length) {
      throw new Error(`minute oracle does not cover ${new Date(this.firstMinute + index * MINUTE_MS).toISOString()}`);
    }
    return index;
  }

  /** `ms` itself when it is working time, else the first working minute after it. */
  nextOpening(ms: number): number {
    let index = this.minuteIndex(ms);
    if (this.working[index]) return ms;
    do index = this.covered(index + 1);
    while (!this.working[index]);
    return this.firstMinute + index * MINUTE_MS;
  }

  /** The first instant at which `amountMs` of working time have passed since `startMs`. */
  addBusiness(startMs: number, amountMs: number): number {
    if (amountMs === 0) return this.nextOpening(startMs);
    let remaining = amountMs;
    let at = startMs;
    for (let index = this.minuteIndex(startMs); ; index = this.covered(index + 1)) {
      const sliceEnd = this.firstMinute + (index + 1) * MINUTE_MS;
      if (this.working[index]) {
        if (remaining <= sliceEnd - at) return at + remaining;
        remaining -= sliceEnd - at;
      }
      at = sliceEnd;
    }
  }

  /** Same wall-clock time on the `count`-th following business day, after moving to the next opening. */
  addBusinessDays(startMs: number, count: number): number {
    const opening = this.nextOpening(startMs);
    const wall = this.timeline.wall(opening);
    let wallDay = Math.floor(wall / DAY_MS);
    const timeOfDay = wall - wallDay * DAY_MS;
    for (let found = 0; found < count;) {
      wallDay++;
      if (this.isBusinessDay(wallDay)) found++;
    }
    return this.firstInstantShowing(wallDay * DAY_MS + timeOfDay);
  }

  /** The first instant whose wall clock reads `wall` or later, found minute by minute. */
  private firstInstantShowing(wall: number): number {
    const wholeMinute = Math.floor(wall / MINUTE_MS) * MINUTE_MS;
    // No instant more than 14 h before `wall` shows it.
    for (let at = wholeMinute - 15 * HOUR_MS; ; at += MINUTE_MS) {
      const shown = this.timeline.wall(at);
      if (shown === wholeMinute) return at + (wall - wholeMinute);
      if (shown > wholeMinute) return at;
    }
  }

  /** Working time in ms between two instants; 0 when `toMs <= fromMs`. */
  elapsed(fromMs: number, toMs: number): number {
    if (toMs <= fromMs) return 0;
    const first = this.minuteIndex(fromMs);
    const last = this.minuteIndex(toMs);
    const minuteStart = (index: number): number => this.firstMinute + index * MINUTE_MS;
    if (first === last) return this.working[first] ? toMs - fromMs : 0;
    let wholeMinutes = 0;
    for (let index = first + 1; index < last; index++) wholeMinutes += this.working[index];
    return (
      (this.working[first] ? minuteStart(first + 1) - fromMs : 0) + wholeMinutes * MINUTE_MS + (this.working[last] ? toMs - minuteStart(last) : 0)
    );
  }
}

function hhmm(value: string): number {
  const [hours, minutes] = value.split(':').map(Number);
  return hours * 60 + minutes;
}
