/** What a library cannot do, and why; shown in the table instead of a number. */
export interface Unsupported {
  readonly unsupported: string;
}

/** Due instant (epoch ms) for a clock started at `startMs` (epoch ms). */
export type AddFn = (startMs: number) => number;
/** Working time in ms between two instants, `fromMs <= toMs`. */
export type ElapsedFn = (fromMs: number, toMs: number) => number;

/**
 * One library set up for the benchmark's calendar. Instants go in and come out as epoch ms, as
 * the workflow holds them, so converting to and from the library's own date type is part of
 * every measured call. Amounts are bound once, as a policy's target is.
 */
export interface CalendarAdapter {
  /** As shown in the table. */
  readonly library: string;
  /** npm packages behind it, for the versions in the report. */
  readonly packages: readonly string[];
  readonly addBusinessHours: ((hours: number) => AddFn) | Unsupported;
  readonly addBusinessDays: ((days: number) => AddFn) | Unsupported;
  readonly elapsed: ElapsedFn | Unsupported;
  /** How it was configured and where it departs from the calendar or the semantics. */
  readonly notes: readonly string[];
}

export function isUnsupported(value: unknown): value is Unsupported {
  return typeof value === 'object' && value !== null && 'unsupported' in value;
}
