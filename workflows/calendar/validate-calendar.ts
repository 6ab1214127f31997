import { IANAZone } from 'luxon';
import type { Calendar, Weekday, WorkingCalendar } from './calendar.types';

export class CalendarError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CalendarError';
  }
}

export const MINUTES_PER_DAY = 1440;

/** A window as minutes after local midnight; end may be 1440 ('24:00'). */
export interface ParsedWindow {
  readonly start: number;
  readonly end: number;
}

export interface ParsedCalendar {
  /** Indexed by weekday 1..7 (index 0 unused); windows sorted by start. */
  readonly week: readonly (readonly ParsedWindow[])[];
  /** Holidays as day numbers (see daysFromCivil). */
  readonly holidays: ReadonlySet<number>;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7];

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm; no Date needed). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Luxon numbering; day 0 (1970-01-01) was a Thursday. */
export function weekdayOfDay(day: number): Weekday {
  return (((((day + 3) % 7) + 7) % 7) + 1) as Weekday;
}

function parseTime(value: unknown, where: string, allowMidnightEnd: boolean): number {
  if (allowMidnightEnd && value === '24:00') return MINUTES_PER_DAY;
  const match = typeof value === 'string' ? HH_MM.exec(value) : null;
  if (!match) {
    const accepted = allowMidnightEnd ? "'HH:mm' (00:00..23:59, or 24:00)" : "'HH:mm' (00:00..23:59)";
    throw new CalendarError(`${where} ${JSON.stringify(value)} is not a valid time: expected ${accepted}`);
  }
  return Number(match[1]) * 60 + Number(match[2]);
}

function formatMinutes(minutes: number): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function parseDay(windows: unknown, where: string): ParsedWindow[] {
  if (!Array.isArray(windows)) throw new CalendarError(`${where} must be an array of windows`);
  const parsed = windows.map((window: unknown, i): ParsedWindow => {
    if (typeof window !== 'object' || window === null) {
      throw new CalendarError(`${where}[${i}] must be an object { start, end }`);
    }
    const { start, end } = window as Record<string, unknown>;
    const parsedStart = parseTime(start, `${where}[${i}].start`, false);
    const parsedEnd = parseTime(end, `${where}[${i}].end`, true);
    if (parsedStart >= parsedEnd) {
      throw new CalendarError(`${where}[${i}] is empty: start ${String(start)} is not before end ${String(end)}`);
    }
    return { start: parsedStart, end: parsedEnd };
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let i = 1; i < parsed.length; i++) {
    const previous = parsed[i - 1];
    const current = parsed[i];
    if (current.start < previous.end) {
      throw new CalendarError(
        `${where} has overlapping windows ${formatMinutes(previous.start)}-${formatMinutes(previous.end)} ` +
          `and ${formatMinutes(current.start)}-${formatMinutes(current.end)}`,
      );
    }
  }
  return parsed;
}

function parseHoliday(value: unknown, where: string): number {
  const match = typeof value === 'string' ? ISO_DATE.exec(value) : null;
  if (match) {
    const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
    if (month >= 1 && month <= 12 && day >= 1) {
      const dayNumber = daysFromCivil(year, month, day);
      const firstOfNextMonth = month === 12 ? daysFromCivil(year + 1, 1, 1) : daysFromCivil(year, month + 1, 1);
      if (dayNumber < firstOfNextMonth) return dayNumber;
    }
  }
  throw new CalendarError(`${where} ${JSON.stringify(value)} is not a valid local date 'yyyy-MM-dd'`);
}

/** Parses a working calendar, throwing a CalendarError that names the first problem found. */
export function parseCalendar(calendar: WorkingCalendar): ParsedCalendar {
  if (typeof calendar.zone !== 'string' || !IANAZone.isValidZone(calendar.zone)) {
    throw new CalendarError(`calendar.zone ${JSON.stringify(calendar.zone)} is not a valid IANA time zone`);
  }
  if (typeof calendar.week !== 'object' || calendar.week === null || Array.isArray(calendar.week)) {
    throw new CalendarError('calendar.week must be an object keyed by weekday 1 (Monday) .. 7 (Sunday)');
  }
  for (const key of Object.keys(calendar.week)) {
    if (!WEEKDAYS.some((weekday) => String(weekday) === key)) {
      throw new CalendarError(`calendar.week has an unknown weekday ${JSON.stringify(key)}: expected 1 (Monday) .. 7 (Sunday)`);
    }
  }
  const week: ParsedWindow[][] = [[]];
  for (const weekday of WEEKDAYS) {
    const windows = calendar.week[weekday];
    week.push(windows === undefined ? [] : parseDay(windows, `calendar.week[${weekday}]`));
  }
  if (week.every((windows) => windows.length === 0)) {
    throw new CalendarError('calendar has no working time at all: no weekday has a working window');
  }
  if (!Array.isArray(calendar.holidays)) {
    throw new CalendarError("calendar.holidays must be an array of local dates 'yyyy-MM-dd'");
  }
  const holidays = new Set(calendar.holidays.map((value: unknown, i) => parseHoliday(value, `calendar.holidays[${i}]`)));
  return { week, holidays };
}

export function validateCalendar(calendar: Calendar): void {
  // Calendars arrive as JSON, so the declared type is not trusted.
  const candidate = calendar as unknown;
  if (typeof candidate !== 'object' || candidate === null) {
    throw new CalendarError('calendar must be an object');
  }
  const { kind } = candidate as { kind?: unknown };
  if (kind === '24x7') return;
  if (kind !== 'working') {
    throw new CalendarError(`calendar.kind ${JSON.stringify(kind)} is not one of 'working', '24x7'`);
  }
  parseCalendar(candidate as WorkingCalendar);
}
