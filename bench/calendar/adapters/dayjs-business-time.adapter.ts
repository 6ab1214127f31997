import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import businessTime from 'dayjs-business-time';
import type { CalendarAdapter } from '../calendar-adapter';
import { CLOSING_HH_MM, HOLIDAY_DATES, OPENING_HH_MM, ZONE } from '../us-office-calendar';

const MINUTE_MS = 60_000;

/**
 * dayjs-business-time has no time-zone support: its README works on local dayjs instances, whose
 * zone is the process's. On instances of dayjs's timezone plugin (dayjs(ms).tz(zone)) it does not
 * return once a calculation crosses a DST change (Friday 2025-03-07 16:00 New York plus 4 business
 * hours had not returned after 30 s): the plugin's arithmetic keeps the old offset, after which
 * isBusinessTime() and nextBusinessTime() disagree and addBusinessMinutes loops. So the library
 * computes on New York wall-clock time in dayjs's UTC mode (no DST inside it), and the timezone
 * plugin converts at both ends. That is exact here because 09:00–17:30 never contains a DST
 * change; it would not be for a window across 02:00–03:00.
 */
export function dayjsBusinessTimeAdapter(): CalendarAdapter {
  dayjs.extend(utc);
  dayjs.extend(timezone);
  dayjs.extend(businessTime);
  const day = [{ start: `${OPENING_HH_MM}:00`, end: `${CLOSING_HH_MM}:00` }];
  dayjs.setBusinessTime({ sunday: null, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: null });
  dayjs.setHolidays([...HOLIDAY_DATES]);

  const toWall = (ms: number): dayjs.Dayjs => dayjs.utc(ms + dayjs(ms).tz(ZONE).utcOffset() * MINUTE_MS);
  const fromWall = (wall: dayjs.Dayjs): number => dayjs.tz(wall.format('YYYY-MM-DDTHH:mm:ss.SSS'), ZONE).valueOf();
  return {
    library: 'dayjs-business-time',
    packages: ['dayjs-business-time', 'dayjs'],
    addBusinessHours: (hours) => (startMs) => fromWall(toWall(startMs).addBusinessHours(hours)),
    // addBusinessDays keeps the time of day; nextBusinessTime() first moves a start outside hours to the opening.
    addBusinessDays: (days) => (startMs) => fromWall(toWall(startMs).nextBusinessTime().addBusinessDays(days)),
    elapsed: (fromMs, toMs) => toWall(fromMs).businessMinutesDiff(toWall(toMs)) * MINUTE_MS,
    notes: [
      'no zone support: computes on New York wall-clock time in dayjs UTC mode, converted with dayjs/plugin/timezone ' +
        '(on dayjs.tz() instances it does not return across a DST change)',
      'counts whole minutes: businessMinutesDiff answers in minutes, addBusinessMinutes steps whole minutes',
    ],
  };
}
