// Business-calendar arithmetic for SLA clocks: pure functions over JSON calendars, safe in the
// workflow sandbox.
export type { AlwaysOpenCalendar, Calendar, Target, TargetUnit, Weekday, WorkingCalendar, WorkingWindow } from './calendar.types';
export { CalendarError, validateCalendar } from './validate-calendar';
export { addTarget, businessElapsed, describeTarget, nextOpening } from './business-time';
