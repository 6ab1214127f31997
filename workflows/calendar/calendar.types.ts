/** Day of the week in luxon's numbering: Monday = 1 … Sunday = 7. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

/** Local wall-clock opening hours, 'HH:mm' with start < end; end may be '24:00'. */
export interface WorkingWindow {
  start: string;
  end: string;
}

export interface WorkingCalendar {
  kind: 'working';
  /** IANA zone in which windows and holidays are read, e.g. 'Europe/Bucharest'. */
  zone: string;
  /** Several non-overlapping windows per day are allowed; a missing day is closed. */
  week: Partial<Record<Weekday, WorkingWindow[]>>;
  /** Concrete local dates 'yyyy-MM-dd', each closed for the whole day. */
  holidays: string[];
}

export interface AlwaysOpenCalendar {
  kind: '24x7';
}

/**
 * Calendars are plain JSON handed into the workflow. They are treated as immutable: derived data
 * is cached per calendar object.
 */
export type Calendar = WorkingCalendar | AlwaysOpenCalendar;

export type TargetUnit =
  'business-minutes' | 'business-hours' | 'business-days' | 'calendar-minutes' | 'calendar-hours' | 'calendar-days' | 'next-business-day';

/** `amount` is ignored for 'next-business-day'. */
export interface Target {
  amount: number;
  unit: TargetUnit;
}
