import { addTarget, businessElapsed, type Target } from '../../../workflows/calendar';
import type { CalendarAdapter } from '../calendar-adapter';
import { slaflowCalendar } from '../us-office-calendar';

export function slaflowAdapter(): CalendarAdapter {
  const calendar = slaflowCalendar();
  const adder = (target: Target) => (startMs: number) => addTarget(calendar, startMs, target);
  return {
    library: 'slaflow',
    packages: ['luxon'],
    addBusinessHours: (hours) => adder({ amount: hours, unit: 'business-hours' }),
    addBusinessDays: (days) => adder({ amount: days, unit: 'business-days' }),
    elapsed: (fromMs, toMs) => businessElapsed(calendar, fromMs, toMs),
    notes: ['addTarget and businessElapsed from workflows/calendar on one calendar object built once (as a ticket workflow holds it)'],
  };
}
