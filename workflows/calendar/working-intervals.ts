import { IANAZone } from 'luxon';
import type { WorkingCalendar } from './calendar.types';
import { CalendarError, parseCalendar, weekdayOfDay, type ParsedCalendar } from './validate-calendar';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/**
 * Offsets of one zone sampled at every UTC midnight. Reading an offset from luxon goes through
 * Intl and costs microseconds; the samples let ordinary days (no transition nearby) resolve every
 * wall-clock time with plain arithmetic. Results never depend on what is cached.
 */
export interface ZoneOffsets {
  readonly zone: IANAZone;
  readonly atUtcMidnight: Map<number, number>;
}

const MAX_CACHED_DAYS = 50_000;
const zones = new Map<string, ZoneOffsets>();

function zoneOffsets(name: string): ZoneOffsets {
  let entry = zones.get(name);
  if (!entry) {
    entry = { zone: IANAZone.create(name), atUtcMidnight: new Map() };
    zones.set(name, entry);
  }
  return entry;
}

function sampledOffset(offsets: ZoneOffsets, utcDay: number): number {
  let offset = offsets.atUtcMidnight.get(utcDay);
  if (offset === undefined) {
    if (offsets.atUtcMidnight.size > MAX_CACHED_DAYS) offsets.atUtcMidnight.clear();
    offset = offsets.zone.offset(utcDay * DAY_MS);
    offsets.atUtcMidnight.set(utcDay, offset);
  }
  return offset;
}

/** Offset in minutes at an instant. Assumes (as every real zone does) at most one transition in three days. */
export function offsetAt(offsets: ZoneOffsets, ms: number): number {
  const utcDay = Math.floor(ms / DAY_MS);
  const before = sampledOffset(offsets, utcDay);
  return before === sampledOffset(offsets, utcDay + 1) ? before : offsets.zone.offset(ms);
}

/**
 * The first instant at which the local clock reads `wall` or later (`wall` is local wall-clock time
 * written as if it were UTC epoch ms). For a time skipped by a DST gap this is the end of the gap
 * (an office opening at 02:30 opens when the clock jumps to 03:00); for a time repeated by a
 * fall-back it is the first occurrence. Luxon's DateTime.fromObject resolves both differently
 * (it shifts gap times by the gap's length and picks the second occurrence), hence the zone
 * offsets are used directly.
 */
export function wallToInstant(offsets: ZoneOffsets, wall: number): number {
  const localDay = Math.floor(wall / DAY_MS);
  // Every instant whose local time is `wall` lies within 14 h of it, inside these three UTC days.
  const early = sampledOffset(offsets, localDay - 1);
  const late = sampledOffset(offsets, localDay + 2);
  if (early === late) return wall - early * MINUTE_MS;

  const exact = (ms: number): number => offsets.zone.offset(ms);
  const candidates = [wall - early * MINUTE_MS, wall - late * MINUTE_MS].filter((ms) => wall - exact(ms) * MINUTE_MS === ms);
  if (candidates.length > 0) return Math.min(...candidates);

  // In a gap: find the transition, the first instant whose local time is past `wall`.
  let lo = wall - Math.max(early, late) * MINUTE_MS;
  let hi = wall - Math.min(early, late) * MINUTE_MS;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    if (mid + exact(mid) * MINUTE_MS >= wall) hi = mid;
    else lo = mid + 1;
  }
  return hi;
}

export interface CompiledCalendar extends ParsedCalendar {
  readonly zone: string;
  readonly offsets: ZoneOffsets;
  /** Per local day number: working intervals as flat [start, end, start, end, …] epoch ms. */
  readonly intervals: Map<number, readonly number[]>;
}

const compiled = new WeakMap<WorkingCalendar, CompiledCalendar>();
const CLOSED: readonly number[] = [];

/** Validates once per calendar object; throws CalendarError for a bad calendar. */
export function compile(calendar: WorkingCalendar): CompiledCalendar {
  let entry = compiled.get(calendar);
  if (!entry) {
    const parsed = parseCalendar(calendar);
    entry = { ...parsed, zone: calendar.zone, offsets: zoneOffsets(calendar.zone), intervals: new Map() };
    compiled.set(calendar, entry);
  }
  return entry;
}

export function isBusinessDay(calendar: CompiledCalendar, day: number): boolean {
  return calendar.week[weekdayOfDay(day)].length > 0 && !calendar.holidays.has(day);
}

/**
 * Working intervals of one local date as real instants. A window of a DST day is as long as the
 * clock says (shorter in spring, longer in autumn); a window swallowed by a gap disappears.
 */
export function dayIntervals(calendar: CompiledCalendar, day: number): readonly number[] {
  if (!isBusinessDay(calendar, day)) return CLOSED;
  let intervals = calendar.intervals.get(day);
  if (!intervals) {
    const result: number[] = [];
    for (const window of calendar.week[weekdayOfDay(day)]) {
      const start = wallToInstant(calendar.offsets, day * DAY_MS + window.start * MINUTE_MS);
      const end = wallToInstant(calendar.offsets, day * DAY_MS + window.end * MINUTE_MS);
      if (end > start) result.push(start, end);
    }
    if (calendar.intervals.size > MAX_CACHED_DAYS) calendar.intervals.clear();
    intervals = result;
    calendar.intervals.set(day, intervals);
  }
  return intervals;
}

/**
 * The local date whose midnight was the last one reached at `ms`. Intervals of earlier dates all
 * end by this date's midnight, so scanning for working time may start here.
 */
export function scanStartDay(calendar: CompiledCalendar, ms: number): number {
  const guess = Math.floor(ms / DAY_MS);
  // Offsets stay within ±14 h, so the answer is the UTC day or a neighbour.
  if (ms < wallToInstant(calendar.offsets, guess * DAY_MS)) return guess - 1;
  if (ms >= wallToInstant(calendar.offsets, (guess + 1) * DAY_MS)) return guess + 1;
  return guess;
}

/** Local date and wall-clock time of an instant, as the clock on the wall reads it. */
export function localWall(calendar: CompiledCalendar, ms: number): { day: number; msOfDay: number } {
  const wall = ms + offsetAt(calendar.offsets, ms) * MINUTE_MS;
  const day = Math.floor(wall / DAY_MS);
  return { day, msOfDay: wall - day * DAY_MS };
}

export function noWorkingTime(calendar: CompiledCalendar, days: number): CalendarError {
  return new CalendarError(`calendar in ${calendar.zone} has no working time in ${days} consecutive days (every working day a holiday?)`);
}
