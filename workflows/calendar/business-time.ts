import type { Calendar, Target, TargetUnit, WorkingCalendar } from './calendar.types';
import { CalendarError, weekdayOfDay } from './validate-calendar';
import {
  compile,
  dayIntervals,
  DAY_MS,
  isBusinessDay,
  localWall,
  MINUTE_MS,
  noWorkingTime,
  scanStartDay,
  wallToInstant,
  type CompiledCalendar,
} from './working-intervals';

/** Three years without working time means a broken calendar, not a long wait. */
const MAX_IDLE_DAYS = 3 * 366;
/** Bounds work on absurd targets (a few minutes a year, millions of hours). */
const MAX_SCAN_DAYS = 200 * 366;

const UNIT_MS: Record<'business-minutes' | 'business-hours' | 'calendar-minutes' | 'calendar-hours' | 'calendar-days', number> = {
  'business-minutes': MINUTE_MS,
  'business-hours': 60 * MINUTE_MS,
  'calendar-minutes': MINUTE_MS,
  'calendar-hours': 60 * MINUTE_MS,
  'calendar-days': DAY_MS,
};

function assertInstant(name: string, value: number): void {
  if (!Number.isFinite(value)) throw new CalendarError(`${name} must be a finite epoch-ms number, got ${String(value)}`);
}

function checkedCalendar(calendar: Calendar): CompiledCalendar | undefined {
  // Calendars arrive as JSON, so the declared type is not trusted.
  const kind = (calendar as { kind?: unknown } | null)?.kind;
  if (kind === '24x7') return undefined;
  if (kind !== 'working') throw new CalendarError(`calendar.kind ${JSON.stringify(kind)} is not one of 'working', '24x7'`);
  return compile(calendar as WorkingCalendar);
}

interface Opening {
  at: number;
  /** Local date whose window contains `at`. */
  day: number;
}

function openingFrom(calendar: CompiledCalendar, ms: number): Opening {
  let day = scanStartDay(calendar, ms);
  for (let scanned = 0; scanned <= MAX_IDLE_DAYS; scanned++, day++) {
    const intervals = dayIntervals(calendar, day);
    for (let i = 0; i < intervals.length; i += 2) {
      if (intervals[i + 1] > ms) return { at: Math.max(intervals[i], ms), day };
    }
  }
  throw noWorkingTime(calendar, MAX_IDLE_DAYS);
}

/**
 * The first instant at which `amount` ms of working time have passed since `ms`; landing exactly
 * on a closing instant stays there.
 */
function addBusinessMs(calendar: CompiledCalendar, ms: number, amount: number): number {
  if (amount === 0) return openingFrom(calendar, ms).at;
  let remaining = amount;
  let idle = 0;
  let day = scanStartDay(calendar, ms);
  for (let scanned = 0; scanned < MAX_SCAN_DAYS; scanned++, day++) {
    const intervals = dayIntervals(calendar, day);
    let worked = false;
    for (let i = 0; i < intervals.length; i += 2) {
      const end = intervals[i + 1];
      if (end <= ms) continue;
      const from = Math.max(intervals[i], ms);
      worked = true;
      if (remaining <= end - from) return from + remaining;
      remaining -= end - from;
    }
    idle = worked ? 0 : idle + 1;
    if (idle > MAX_IDLE_DAYS) throw noWorkingTime(calendar, MAX_IDLE_DAYS);
  }
  throw new CalendarError(`target of ${amount} ms of working time is more than ${MAX_SCAN_DAYS} days away`);
}

/** The `count`-th business day after local date `day`. */
function nthBusinessDayAfter(calendar: CompiledCalendar, day: number, count: number): number {
  let found = 0;
  let idle = 0;
  let current = day;
  while (found < count) {
    current++;
    if (isBusinessDay(calendar, current)) {
      found++;
      idle = 0;
    } else if (++idle > MAX_IDLE_DAYS) {
      throw noWorkingTime(calendar, MAX_IDLE_DAYS);
    }
  }
  return current;
}

function addBusinessDays(calendar: CompiledCalendar, ms: number, count: number): number {
  const opening = openingFrom(calendar, ms);
  if (count === 0) return opening.at;
  const wall = localWall(calendar, opening.at);
  // The opening's own date, not the wall clock's, in case a fall-back crossed midnight.
  const day = nthBusinessDayAfter(calendar, opening.day, count);
  return wallToInstant(calendar.offsets, day * DAY_MS + wall.msOfDay);
}

function nextBusinessDayClose(calendar: CompiledCalendar, ms: number): number {
  const day = nthBusinessDayAfter(calendar, localWall(calendar, ms).day, 1);
  const windows = calendar.week[weekdayOfDay(day)];
  const closing = windows[windows.length - 1].end;
  return wallToInstant(calendar.offsets, day * DAY_MS + closing * MINUTE_MS);
}

function checkedAmount(target: Target): number {
  const { amount, unit } = target;
  if (unit === 'next-business-day') return 0;
  if (!(unit in UNIT_MS) && unit !== 'business-days') {
    throw new CalendarError(`target.unit ${JSON.stringify(unit)} is not a known unit`);
  }
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) {
    throw new CalendarError(`target.amount must be a finite number >= 0, got ${String(amount)}`);
  }
  if (unit === 'business-days' && !Number.isInteger(amount)) {
    throw new CalendarError(`target.amount of business days must be a whole number, got ${amount}`);
  }
  return amount;
}

/** The due instant (epoch ms) of `target` for a clock started at `startMs`. */
export function addTarget(calendar: Calendar, startMs: number, target: Target): number {
  assertInstant('startMs', startMs);
  const compiledCalendar = checkedCalendar(calendar);
  const amount = checkedAmount(target);
  switch (target.unit) {
    case 'calendar-minutes':
    case 'calendar-hours':
    case 'calendar-days':
      return startMs + Math.round(amount * UNIT_MS[target.unit]);
    case 'business-minutes':
    case 'business-hours': {
      const ms = Math.round(amount * UNIT_MS[target.unit]);
      return compiledCalendar ? addBusinessMs(compiledCalendar, startMs, ms) : startMs + ms;
    }
    case 'business-days':
      return compiledCalendar ? addBusinessDays(compiledCalendar, startMs, amount) : startMs + amount * DAY_MS;
    case 'next-business-day':
      // A 24x7 calendar has no closing instant: its next business day ends 24 hours later.
      return compiledCalendar ? nextBusinessDayClose(compiledCalendar, startMs) : startMs + DAY_MS;
  }
}

/** Working time, in ms, between two instants; 0 when `toMs <= fromMs`. */
export function businessElapsed(calendar: Calendar, fromMs: number, toMs: number): number {
  assertInstant('fromMs', fromMs);
  assertInstant('toMs', toMs);
  const compiledCalendar = checkedCalendar(calendar);
  if (toMs <= fromMs) return 0;
  if (!compiledCalendar) return toMs - fromMs;
  const lastDay = scanStartDay(compiledCalendar, toMs);
  let total = 0;
  for (let day = scanStartDay(compiledCalendar, fromMs); day <= lastDay; day++) {
    const intervals = dayIntervals(compiledCalendar, day);
    for (let i = 0; i < intervals.length; i += 2) {
      const overlap = Math.min(intervals[i + 1], toMs) - Math.max(intervals[i], fromMs);
      if (overlap > 0) total += overlap;
    }
  }
  return total;
}

/** `atMs` itself inside working time, else the next opening. */
export function nextOpening(calendar: Calendar, atMs: number): number {
  assertInstant('atMs', atMs);
  const compiledCalendar = checkedCalendar(calendar);
  return compiledCalendar ? openingFrom(compiledCalendar, atMs).at : atMs;
}

const UNIT_WORDS: Record<Exclude<TargetUnit, 'next-business-day'>, readonly [string, string]> = {
  'business-minutes': ['business minute', 'business minutes'],
  'business-hours': ['business hour', 'business hours'],
  'business-days': ['business day', 'business days'],
  'calendar-minutes': ['calendar minute', 'calendar minutes'],
  'calendar-hours': ['calendar hour', 'calendar hours'],
  'calendar-days': ['calendar day', 'calendar days'],
};

/** Human wording of a target, e.g. '4 business hours', 'next business day'. */
export function describeTarget(target: Target): string {
  if (target.unit === 'next-business-day') return 'next business day';
  const [singular, plural] = UNIT_WORDS[target.unit];
  return `${target.amount} ${target.amount === 1 ? singular : plural}`;
}
