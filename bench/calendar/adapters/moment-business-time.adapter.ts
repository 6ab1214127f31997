import moment from 'moment-timezone';
import 'moment-business-time';
import type { CalendarAdapter } from '../calendar-adapter';
import { CLOSING_HH_MM, HOLIDAY_DATES, OPENING_HH_MM, ZONE } from '../us-office-calendar';

/** The methods moment-business-time adds to every moment (it ships no type declarations). */
interface WorkingMoment extends moment.Moment {
  isWorkingTime(): boolean;
  nextWorkingTime(): WorkingMoment;
  addWorkingTime(amount: number, unit: 'hours' | 'days'): WorkingMoment;
  workingDiff(other: moment.Moment, unit: 'milliseconds'): number;
}

/**
 * moment-business-time patches the single `moment` that moment-timezone also extends, so a
 * moment.tz() instance computes in New York time, DST included. Working hours and holidays go into
 * the locale as its README shows; moment.updateLocale is the non-deprecated form of the README's
 * moment.locale(name, config), and what the library itself calls.
 */
export function momentBusinessTimeAdapter(): CalendarAdapter {
  const day = [`${OPENING_HH_MM}:00`, `${CLOSING_HH_MM}:00`];
  moment.updateLocale(moment.locale(), {
    workinghours: { 0: null, 1: day, 2: day, 3: day, 4: day, 5: day, 6: null },
    holidays: [...HOLIDAY_DATES],
  });
  const at = (ms: number): WorkingMoment => moment.tz(ms, ZONE) as WorkingMoment;
  return {
    library: 'moment-business-time',
    packages: ['moment-business-time', 'moment', 'moment-timezone'],
    addBusinessHours: (hours) => (startMs) => at(startMs).addWorkingTime(hours, 'hours').valueOf(),
    addBusinessDays: (days) => (startMs) => {
      // addWorkingTime(n, 'days') keeps the time of day; the library's own nextWorkingTime() first
      // moves a start outside hours to the opening, as the SLA semantics ask.
      const start = at(startMs);
      return (start.isWorkingTime() ? start : start.nextWorkingTime()).addWorkingTime(days, 'days').valueOf();
    },
    elapsed: (fromMs, toMs) => at(toMs).workingDiff(at(fromMs), 'milliseconds'),
    notes: ['with moment-timezone: moment.tz(ms, zone) instances; hours and holidays set in the locale'],
  };
}
