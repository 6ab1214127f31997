import { DateTime } from 'luxon';
import 'luxon-business-days';
import type { CalendarAdapter } from '../calendar-adapter';
import { CLOSING, HOLIDAY_DATES, OPENING, ZONE } from '../us-office-calendar';

/** The methods luxon-business-days adds to luxon's DateTime (it ships no type declarations). */
interface BusinessDateTime extends DateTime {
  setupBusiness(options: { businessDays?: number[]; holidayMatchers?: ((dateTime: DateTime) => boolean)[] }): void;
  isBusinessDay(): boolean;
  isHoliday(): boolean;
  plusBusiness(options?: { days?: number }): BusinessDateTime;
}

/**
 * luxon-business-days counts business days only: it knows no working hours and has no
 * business-time difference. The ten holidays are one custom holiday matcher over the listed
 * dates (its README's way to add holidays; its own matchers are a different set).
 */
export function luxonBusinessDaysAdapter(): CalendarAdapter {
  const holidayKeys = new Set(HOLIDAY_DATES.map((date) => Number(date.replaceAll('-', ''))));
  const isListedHoliday = (dateTime: DateTime): boolean => holidayKeys.has(dateTime.year * 10_000 + dateTime.month * 100 + dateTime.day);
  (DateTime.now() as BusinessDateTime).setupBusiness({ businessDays: [1, 2, 3, 4, 5], holidayMatchers: [isListedHoliday] });

  const openingMinute = OPENING.hour * 60 + OPENING.minute;
  const closingMinute = CLOSING.hour * 60 + CLOSING.minute;
  const opening = { hour: OPENING.hour, minute: OPENING.minute, second: 0, millisecond: 0 };
  /** The library has no hours, so moving a start to the next opening is adapter code. */
  const nextOpening = (start: BusinessDateTime): BusinessDateTime => {
    // isBusinessDay() looks at the weekday only; holidays are a separate check.
    const businessDay = start.isBusinessDay() && !start.isHoliday();
    const minuteOfDay = start.hour * 60 + start.minute;
    if (businessDay && minuteOfDay >= openingMinute && minuteOfDay < closingMinute) return start;
    if (businessDay && minuteOfDay < openingMinute) return start.set(opening) as BusinessDateTime;
    return start.plusBusiness({ days: 1 }).set(opening) as BusinessDateTime;
  };
  return {
    library: 'luxon-business-days',
    packages: ['luxon-business-days', 'luxon'],
    addBusinessHours: { unsupported: 'days only: no working hours' },
    addBusinessDays: (days) => (startMs) =>
      nextOpening(DateTime.fromMillis(startMs, { zone: ZONE }) as BusinessDateTime)
        .plusBusiness({ days })
        .toMillis(),
    elapsed: { unsupported: 'days only: no business-time difference' },
    notes: [
      'days only; luxon DateTime in the zone; holidays as one custom matcher; moving a start outside hours to the ' +
        'opening is adapter code (the library has no hours)',
    ],
  };
}
