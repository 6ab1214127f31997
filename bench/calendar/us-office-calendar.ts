import type { WorkingCalendar } from '../../workflows/calendar';

/*
 * The benchmark's calendar: Alectrona's office hours (docs/design.md) with US federal holidays, given to
 * every library in its own configuration format from the constants below.
 *
 * There are eleven federal holidays; the benchmark takes ten of them and leaves out Columbus Day,
 * the one most private employers work through. Dates are the observed ones (Independence Day 2026
 * falls on a Saturday and is observed on Friday 3 July).
 */

export const ZONE = 'America/New_York';
/** Monday..Friday, local wall-clock time. */
export const OPENING = { hour: 9, minute: 0 } as const;
export const CLOSING = { hour: 17, minute: 30 } as const;

export const US_FEDERAL_HOLIDAYS: readonly { readonly date: string; readonly name: string }[] = [
  { date: '2025-01-01', name: "New Year's Day" },
  { date: '2025-01-20', name: 'Martin Luther King Jr. Day' },
  { date: '2025-02-17', name: "Washington's Birthday" },
  { date: '2025-05-26', name: 'Memorial Day' },
  { date: '2025-06-19', name: 'Juneteenth' },
  { date: '2025-07-04', name: 'Independence Day' },
  { date: '2025-09-01', name: 'Labor Day' },
  { date: '2025-11-11', name: 'Veterans Day' },
  { date: '2025-11-27', name: 'Thanksgiving Day' },
  { date: '2025-12-25', name: 'Christmas Day' },
  { date: '2026-01-01', name: "New Year's Day" },
  { date: '2026-01-19', name: 'Martin Luther King Jr. Day' },
  { date: '2026-02-16', name: "Washington's Birthday" },
  { date: '2026-05-25', name: 'Memorial Day' },
  { date: '2026-06-19', name: 'Juneteenth' },
  { date: '2026-07-03', name: 'Independence Day (observed)' },
  { date: '2026-09-07', name: 'Labor Day' },
  { date: '2026-11-11', name: 'Veterans Day' },
  { date: '2026-11-26', name: 'Thanksgiving Day' },
  { date: '2026-12-25', name: 'Christmas Day' },
];

export const HOLIDAY_DATES: readonly string[] = US_FEDERAL_HOLIDAYS.map((holiday) => holiday.date);

const pad = (n: number): string => String(n).padStart(2, '0');
/** 'HH:mm' */
export const OPENING_HH_MM = `${pad(OPENING.hour)}:${pad(OPENING.minute)}`;
export const CLOSING_HH_MM = `${pad(CLOSING.hour)}:${pad(CLOSING.minute)}`;

export const CALENDAR_DESCRIPTION = `Mon–Fri ${OPENING_HH_MM}–${CLOSING_HH_MM} ${ZONE}, 10 US federal holidays in 2025 and in 2026`;

/** Built once and reused for every call, as a ticket workflow holds its snapshot's calendar. */
export function slaflowCalendar(): WorkingCalendar {
  const day = [{ start: OPENING_HH_MM, end: CLOSING_HH_MM }];
  return { kind: 'working', zone: ZONE, week: { 1: day, 2: day, 3: day, 4: day, 5: day }, holidays: [...HOLIDAY_DATES] };
}
