import { DateTime } from 'luxon';
import {
  addTarget,
  businessElapsed,
  CalendarError,
  describeTarget,
  nextOpening,
  validateCalendar,
  type Calendar,
  type WorkingCalendar,
  type WorkingWindow,
} from '../../workflows/calendar';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const weekdays = (windows: WorkingWindow[]): WorkingCalendar['week'] => ({ 1: windows, 2: windows, 3: windows, 4: windows, 5: windows });
const everyDay = (windows: WorkingWindow[]): WorkingCalendar['week'] => ({ ...weekdays(windows), 6: windows, 7: windows });
const working = (zone: string, week: WorkingCalendar['week'], holidays: string[] = []): WorkingCalendar => ({
  kind: 'working',
  zone,
  week,
  holidays,
});

const bucharest = working('Europe/Bucharest', weekdays([{ start: '09:00', end: '17:00' }]), ['2026-01-01', '2026-01-02', '2026-05-01']);
const berlin = working('Europe/Berlin', weekdays([{ start: '09:00', end: '17:00' }]));
const newYork = working('America/New_York', weekdays([{ start: '09:00', end: '17:30' }]));
const alwaysOpen: Calendar = { kind: '24x7' };

/** Epoch ms of a local wall-clock time ('2026-03-27T16:00') in a zone. */
const local = (zone: string, wall: string): number => DateTime.fromISO(wall, { zone }).toMillis();
const utc = (ms: number): string => new Date(ms).toISOString();
const hours = (amount: number) => ({ amount, unit: 'business-hours' as const });
const minutes = (amount: number) => ({ amount, unit: 'business-minutes' as const });
const days = (amount: number) => ({ amount, unit: 'business-days' as const });
const nbd = { amount: 0, unit: 'next-business-day' as const };

describe('business hours and minutes', () => {
  test('a start before opening counts from the opening', () => {
    expect(utc(addTarget(bucharest, local('Europe/Bucharest', '2026-02-09T07:00'), hours(4)))).toBe('2026-02-09T11:00:00.000Z');
  });

  test('a start on a holiday counts from the next business day (Romanian 1-2 January)', () => {
    // Thursday 1 and Friday 2 January are closed: counting starts Monday 09:00 local (UTC+2).
    expect(utc(addTarget(bucharest, local('Europe/Bucharest', '2026-01-01T10:00'), hours(4)))).toBe('2026-01-05T11:00:00.000Z');
  });

  test('exactly at opening and exactly at closing', () => {
    const opening = local('Europe/Bucharest', '2026-02-09T09:00');
    const closing = local('Europe/Bucharest', '2026-02-09T17:00');
    expect(addTarget(bucharest, opening, hours(8))).toBe(closing);
    expect(nextOpening(bucharest, opening)).toBe(opening);
    expect(nextOpening(bucharest, closing)).toBe(local('Europe/Bucharest', '2026-02-10T09:00'));
    expect(addTarget(bucharest, closing, hours(1))).toBe(local('Europe/Bucharest', '2026-02-10T10:00'));
  });

  test('a deadline landing exactly on a closing instant stays there', () => {
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-09T13:00'), hours(4))).toBe(local('Europe/Bucharest', '2026-02-09T17:00'));
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-13T09:00'), hours(8))).toBe(local('Europe/Bucharest', '2026-02-13T17:00'));
  });

  test('a Friday holiday: +8h from Thursday 15:00 lands on Monday', () => {
    // 1 May 2026 is a Friday: Thursday gives 2 h, Monday the remaining 6 h.
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-04-30T15:00'), hours(8))).toBe(local('Europe/Bucharest', '2026-05-04T15:00'));
  });

  test('sub-minute and sub-second starts are exact to the millisecond', () => {
    const start = local('Europe/Bucharest', '2026-02-09T09:00:30.250');
    expect(addTarget(bucharest, start, minutes(1))).toBe(start + MINUTE);
    const lastMilli = local('Europe/Bucharest', '2026-02-09T16:59:59.999');
    expect(addTarget(bucharest, lastMilli, minutes(1))).toBe(local('Europe/Bucharest', '2026-02-10T09:00:59.999'));
    expect(nextOpening(bucharest, local('Europe/Bucharest', '2026-02-09T08:59:59.500'))).toBe(local('Europe/Bucharest', '2026-02-09T09:00'));
    expect(businessElapsed(bucharest, lastMilli, local('Europe/Bucharest', '2026-02-10T09:00:00.001'))).toBe(2);
  });

  test('elapsed(start, add(start, d)) == d for business minutes and hours', () => {
    const starts = ['2026-02-09T07:13:05.5', '2026-02-13T16:59', '2026-03-27T12:00', '2026-04-30T15:00', '2026-12-31T23:59:59.999'];
    for (const wall of starts) {
      const start = local('Europe/Bucharest', wall);
      for (const target of [minutes(1), minutes(479), minutes(481), hours(8), hours(40), hours(173)]) {
        const wanted = target.amount * (target.unit === 'business-hours' ? HOUR : MINUTE);
        expect(businessElapsed(bucharest, start, addTarget(bucharest, start, target))).toBe(wanted);
      }
    }
  });

  test('businessElapsed is 0 when to <= from', () => {
    const at = local('Europe/Bucharest', '2026-02-09T10:00');
    expect(businessElapsed(bucharest, at, at)).toBe(0);
    expect(businessElapsed(bucharest, at, at - HOUR)).toBe(0);
    expect(businessElapsed(alwaysOpen, at, at - HOUR)).toBe(0);
  });
});

describe('daylight saving time', () => {
  test.each([
    ['Europe/Berlin spring forward', berlin, 'Europe/Berlin', '2026-03-27T16:00', '2026-03-30T08:00:00.000Z'],
    ['Europe/Berlin fall back', berlin, 'Europe/Berlin', '2026-10-23T16:00', '2026-10-26T09:00:00.000Z'],
    ['America/New_York spring forward', newYork, 'America/New_York', '2026-03-06T16:30', '2026-03-09T14:00:00.000Z'],
    ['America/New_York fall back', newYork, 'America/New_York', '2026-10-30T16:30', '2026-11-02T15:00:00.000Z'],
  ])('%s over the weekend: +2 business hours from Friday is Monday 10:00 local', (_name, calendar, zone, start, due) => {
    expect(utc(addTarget(calendar, local(zone, start), hours(2)))).toBe(due);
  });

  test.each([
    ['Europe/Berlin', '2026-03-29', 3],
    ['Europe/Berlin', '2026-10-25', 5],
    ['America/New_York', '2026-03-08', 3],
    ['America/New_York', '2026-11-01', 5],
  ])('a 00:00-04:00 window in %s on %s lasts %i real hours', (zone, date, realHours) => {
    const calendar = working(zone, everyDay([{ start: '00:00', end: '04:00' }]));
    const midnight = local(zone, `${date}T00:00`);
    const closing = local(zone, `${date}T04:00`);
    expect(businessElapsed(calendar, midnight - HOUR, closing + HOUR)).toBe(realHours * HOUR);
    expect(addTarget(calendar, midnight, hours(realHours))).toBe(closing);
    const nextDay = DateTime.fromISO(date).plus({ days: 1 }).toISODate() ?? '';
    expect(addTarget(calendar, midnight, minutes(realHours * 60 + 30))).toBe(local(zone, `${nextDay}T00:30`));
  });

  test('a window edge inside the spring gap opens when the clock jumps past it', () => {
    // 02:30 never shows on 2026-03-29 in Berlin: the office opens at 03:00 CEST (01:00Z).
    const calendar = working('Europe/Berlin', everyDay([{ start: '02:30', end: '05:00' }]));
    expect(utc(nextOpening(calendar, local('Europe/Berlin', '2026-03-29T00:00')))).toBe('2026-03-29T01:00:00.000Z');
  });

  test('a window edge inside the repeated autumn hour takes its first occurrence', () => {
    // 02:30 shows twice on 2026-10-25 in Berlin: first at 00:30Z (CEST).
    const calendar = working('Europe/Berlin', everyDay([{ start: '02:30', end: '05:00' }]));
    expect(utc(nextOpening(calendar, local('Europe/Berlin', '2026-10-25T00:00')))).toBe('2026-10-25T00:30:00.000Z');
    expect(businessElapsed(calendar, Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-10-25T06:00:00Z'))).toBe(3.5 * HOUR);
  });

  test('24x7: business time is elapsed time across DST changes', () => {
    const start = local('Europe/Berlin', '2026-03-28T12:00');
    expect(addTarget(alwaysOpen, start, hours(24))).toBe(start + 24 * HOUR);
    expect(addTarget(alwaysOpen, start, days(2))).toBe(start + 48 * HOUR);
    expect(addTarget(alwaysOpen, start, nbd)).toBe(start + 24 * HOUR);
    expect(businessElapsed(alwaysOpen, start, start + 5 * HOUR)).toBe(5 * HOUR);
    expect(nextOpening(alwaysOpen, start)).toBe(start);
  });

  test('24x7 across the autumn fall-back: calendar hours run through the repeated hour, a business day is 24 real hours', () => {
    // Berlin falls back at 01:00Z on Sunday 2026-10-25 (03:00 CEST becomes 02:00 CET): 02:00-03:00 shows twice.
    const firstTwoThirty = Date.parse('2026-10-25T00:30:00Z'); // 02:30 CEST
    expect(utc(addTarget(alwaysOpen, firstTwoThirty, { amount: 1, unit: 'calendar-hours' }))).toBe('2026-10-25T01:30:00.000Z'); // 02:30 CET
    expect(utc(addTarget(alwaysOpen, firstTwoThirty, { amount: 2, unit: 'calendar-hours' }))).toBe('2026-10-25T02:30:00.000Z'); // 03:30 CET
    expect(utc(addTarget(alwaysOpen, firstTwoThirty, hours(1)))).toBe('2026-10-25T01:30:00.000Z');
    // 02:00 CEST to 03:00 CET: one hour on the wall, two real hours.
    expect(businessElapsed(alwaysOpen, Date.parse('2026-10-25T00:00:00Z'), Date.parse('2026-10-25T02:00:00Z'))).toBe(2 * HOUR);

    // Saturday 12:00 CEST (10:00Z): each business day, the next business day and a calendar day are
    // 24 real hours, so Sunday's deadline shows 11:00 CET.
    const saturdayNoon = local('Europe/Berlin', '2026-10-24T12:00');
    expect(utc(saturdayNoon)).toBe('2026-10-24T10:00:00.000Z');
    expect(utc(addTarget(alwaysOpen, saturdayNoon, days(1)))).toBe('2026-10-25T10:00:00.000Z');
    expect(utc(addTarget(alwaysOpen, saturdayNoon, days(2)))).toBe('2026-10-26T10:00:00.000Z');
    expect(utc(addTarget(alwaysOpen, saturdayNoon, nbd))).toBe('2026-10-25T10:00:00.000Z');
    expect(utc(addTarget(alwaysOpen, saturdayNoon, { amount: 1, unit: 'calendar-days' }))).toBe('2026-10-25T10:00:00.000Z');
    // Saturday 12:00 CEST to Sunday 12:00 CET is 25 hours.
    expect(businessElapsed(alwaysOpen, saturdayNoon, local('Europe/Berlin', '2026-10-25T12:00'))).toBe(25 * HOUR);

    // Chicago falls back at 07:00Z on 2026-11-01 (02:00 CDT becomes 01:00 CST): 30 calendar minutes
    // from the first 01:45 (CDT, 06:45Z) end at 01:15 CST, earlier on the wall than the start.
    expect(utc(addTarget(alwaysOpen, Date.parse('2026-11-01T06:45:00Z'), { amount: 30, unit: 'calendar-minutes' }))).toBe('2026-11-01T07:15:00.000Z');
    // Saturday 2026-10-31 09:00 CDT (14:00Z) plus 1 business day: Sunday 08:00 CST (14:00Z).
    expect(utc(addTarget(alwaysOpen, Date.parse('2026-10-31T14:00:00Z'), days(1)))).toBe('2026-11-01T14:00:00.000Z');
  });

  test('calendar units are elapsed time, whatever the calendar', () => {
    const start = local('Europe/Berlin', '2026-03-28T12:00:00.123');
    expect(addTarget(berlin, start, { amount: 30, unit: 'calendar-minutes' })).toBe(start + 30 * MINUTE);
    expect(addTarget(berlin, start, { amount: 4, unit: 'calendar-hours' })).toBe(start + 4 * HOUR);
    expect(addTarget(berlin, start, { amount: 2, unit: 'calendar-days' })).toBe(start + 48 * HOUR);
  });
});

describe('holidays are local dates in the calendar zone', () => {
  test('America/Chicago evening windows cross UTC midnight', () => {
    // 18:00-23:00 CDT is 23:00Z-04:00Z: Thursday 2 July's window partly falls on UTC 3 July, the
    // holiday, and still counts in full; Friday 3 July's window is closed.
    const chicago = working('America/Chicago', weekdays([{ start: '18:00', end: '23:00' }]), ['2026-07-03']);
    expect(businessElapsed(chicago, local('America/Chicago', '2026-07-02T00:00'), local('America/Chicago', '2026-07-04T00:00'))).toBe(5 * HOUR);
    expect(utc(addTarget(chicago, local('America/Chicago', '2026-07-02T22:00'), hours(2)))).toBe('2026-07-07T00:00:00.000Z');
  });

  test('NBD from a Chicago evening whose UTC date is the holiday', () => {
    const chicago = working('America/Chicago', weekdays([{ start: '08:00', end: '17:00' }]), ['2026-07-03']);
    // Thursday 20:00 CDT is already Friday in UTC; the local date is Thursday, Friday is closed.
    expect(utc(addTarget(chicago, local('America/Chicago', '2026-07-02T20:00'), nbd))).toBe('2026-07-06T22:00:00.000Z');
  });
});

describe('business days', () => {
  test('same wall-clock time N business days later, skipping weekends and holidays', () => {
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-09T10:00'), days(3))).toBe(local('Europe/Bucharest', '2026-02-12T10:00'));
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-13T16:00'), days(1))).toBe(local('Europe/Bucharest', '2026-02-16T16:00'));
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-04-30T10:00'), days(1))).toBe(local('Europe/Bucharest', '2026-05-04T10:00'));
  });

  test('a start outside working time moves to the next opening first', () => {
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-14T12:00'), days(1))).toBe(local('Europe/Bucharest', '2026-02-17T09:00'));
    expect(addTarget(bucharest, local('Europe/Bucharest', '2026-02-09T18:00'), days(1))).toBe(local('Europe/Bucharest', '2026-02-11T09:00'));
  });

  test('the local time is kept across a DST change (not a multiple of 24 h)', () => {
    expect(utc(addTarget(berlin, local('Europe/Berlin', '2026-03-27T10:00'), days(1)))).toBe('2026-03-30T08:00:00.000Z');
  });

  test('a wall-clock time outside the target day windows is kept', () => {
    const calendar = working('Europe/Berlin', { 1: [{ start: '09:00', end: '17:00' }], 2: [{ start: '09:00', end: '12:00' }] });
    expect(addTarget(calendar, local('Europe/Berlin', '2026-02-09T15:00'), days(1))).toBe(local('Europe/Berlin', '2026-02-10T15:00'));
  });

  test.each([
    ['Europe/Berlin', '2026-03-28T02:30', '2026-03-29T01:00:00.000Z'],
    ['America/New_York', '2026-03-07T02:15', '2026-03-08T07:00:00.000Z'],
  ])('landing in the %s spring gap moves to the first instant that exists', (zone, start, due) => {
    const calendar = working(zone, everyDay([{ start: '00:00', end: '04:00' }]));
    expect(utc(addTarget(calendar, local(zone, start), days(1)))).toBe(due);
  });

  test('landing in the repeated autumn hour takes the first occurrence', () => {
    const calendar = working('Europe/Berlin', everyDay([{ start: '00:00', end: '04:00' }]));
    expect(utc(addTarget(calendar, local('Europe/Berlin', '2026-10-24T02:30'), days(1)))).toBe('2026-10-25T00:30:00.000Z');
  });
});

describe('next business day', () => {
  test.each([
    ['from a Friday', '2026-02-13T10:00', '2026-02-16T17:00'],
    ['from a Saturday', '2026-02-14T10:00', '2026-02-16T17:00'],
    ['from before opening on a Monday', '2026-02-09T07:00', '2026-02-10T17:00'],
    ['over a Friday holiday', '2026-04-30T12:00', '2026-05-04T17:00'],
  ])('%s', (_name, start, due) => {
    expect(addTarget(bucharest, local('Europe/Bucharest', start), nbd)).toBe(local('Europe/Bucharest', due));
  });
});

describe('degenerate calendars and validation', () => {
  test('a calendar whose only working day is always a holiday throws quickly', () => {
    const mondays: string[] = [];
    for (let monday = DateTime.fromISO('2026-02-09'); monday.year < 2031; monday = monday.plus({ weeks: 1 })) mondays.push(monday.toISODate() ?? '');
    const calendar = working('Europe/Bucharest', { 1: [{ start: '09:00', end: '17:00' }] }, mondays);
    const started = performance.now();
    const start = local('Europe/Bucharest', '2026-02-09T10:00');
    expect(() => addTarget(calendar, start, hours(1))).toThrow(CalendarError);
    expect(() => addTarget(calendar, start, days(1))).toThrow(CalendarError);
    expect(() => addTarget(calendar, start, nbd)).toThrow(/no working time/);
    expect(() => nextOpening(calendar, start)).toThrow(CalendarError);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  test.each([
    ['bad zone', { zone: 'Mars/Olympus' }, /zone "Mars\/Olympus" is not a valid IANA time zone/],
    ['bad HH:mm', { week: { 1: [{ start: '9:00', end: '17:00' }] } }, /week\[1\]\[0\]\.start "9:00" is not a valid time/],
    ['minutes out of range', { week: { 1: [{ start: '09:00', end: '17:60' }] } }, /week\[1\]\[0\]\.end "17:60"/],
    ['24:00 as a start', { week: { 1: [{ start: '24:00', end: '24:00' }] } }, /week\[1\]\[0\]\.start "24:00"/],
    ['empty window', { week: { 2: [{ start: '17:00', end: '09:00' }] } }, /week\[2\]\[0\] is empty/],
    [
      'overlapping windows',
      {
        week: {
          3: [
            { start: '13:00', end: '17:00' },
            { start: '09:00', end: '13:30' },
          ],
        },
      },
      /week\[3\] has overlapping windows 09:00-13:30 and 13:00-17:00/,
    ],
    ['unknown weekday', { week: { 8: [{ start: '09:00', end: '17:00' }] } }, /unknown weekday "8"/],
    ['no working time', { week: {} }, /no working time at all/],
    ['bad holiday', { holidays: ['2026-02-30'] }, /holidays\[0\] "2026-02-30" is not a valid local date/],
  ])('%s is named', (_name, patch, message) => {
    const calendar = { ...working('Europe/Rome', weekdays([{ start: '09:00', end: '17:00' }])), ...patch } as WorkingCalendar;
    expect(() => validateCalendar(calendar)).toThrow(CalendarError);
    expect(() => validateCalendar(calendar)).toThrow(message);
    expect(() => addTarget(calendar, 0, hours(1))).toThrow(message);
  });

  test('valid calendars pass, touching windows and 24:00 included', () => {
    expect(() =>
      validateCalendar(
        working('Europe/Rome', {
          1: [
            { start: '09:00', end: '13:00' },
            { start: '13:00', end: '24:00' },
          ],
        }),
      ),
    ).not.toThrow();
    expect(() => validateCalendar({ kind: '24x7' })).not.toThrow();
  });

  test('bad targets are refused', () => {
    expect(() => addTarget(bucharest, 0, { amount: -1, unit: 'business-hours' })).toThrow(/target.amount/);
    expect(() => addTarget(bucharest, 0, { amount: 1.5, unit: 'business-days' })).toThrow(/whole number/);
    expect(() => addTarget(bucharest, Number.NaN, hours(1))).toThrow(/startMs/);
  });
});

describe('describeTarget', () => {
  test.each([
    [hours(4), '4 business hours'],
    [days(1), '1 business day'],
    [{ amount: 30, unit: 'calendar-minutes' as const }, '30 calendar minutes'],
    [{ amount: 1, unit: 'calendar-hours' as const }, '1 calendar hour'],
    [nbd, 'next business day'],
  ])('%o reads %s', (target, text) => {
    expect(describeTarget(target)).toBe(text);
  });
});
