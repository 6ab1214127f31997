import { mulberry32 } from '../prng';

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** Starts are drawn uniformly from [INPUT_SPAN_START, INPUT_SPAN_END): the years 2025 and 2026 (UTC). */
export const INPUT_SPAN_START = Date.UTC(2025, 0, 1);
export const INPUT_SPAN_END = Date.UTC(2027, 0, 1);
/** Elapsed pairs are at most this far apart. */
export const MAX_PAIR_SPAN_MS = 30 * DAY_MS;

/**
 * Seeded inputs shared by every library. Half the instants are whole minutes and half carry
 * seconds and milliseconds: a ticket opens at any millisecond, and libraries that only count in
 * whole minutes show it on the second half alone. No start is steered into or out of working
 * hours; drawn uniformly, about three quarters of them fall outside (nights, weekends, holidays).
 */
export interface CalendarInputs {
  readonly seed: number;
  readonly count: number;
  readonly starts: Float64Array;
  /** 1 when `starts[i]` is a whole minute. */
  readonly startIsWholeMinute: Uint8Array;
  readonly pairFrom: Float64Array;
  readonly pairTo: Float64Array;
  /** 1 when both ends of pair i are whole minutes. */
  readonly pairIsWholeMinute: Uint8Array;
}

export function makeCalendarInputs(count: number, seed: number): CalendarInputs {
  const random = mulberry32(seed);
  const instant = (from: number, span: number, wholeMinute: boolean): number =>
    wholeMinute ? from + Math.floor(random() * (span / MINUTE_MS)) * MINUTE_MS : from + Math.floor(random() * span);
  const starts = new Float64Array(count);
  const startIsWholeMinute = new Uint8Array(count);
  const pairFrom = new Float64Array(count);
  const pairTo = new Float64Array(count);
  const pairIsWholeMinute = new Uint8Array(count);
  const span = INPUT_SPAN_END - INPUT_SPAN_START;
  for (let i = 0; i < count; i++) {
    const wholeStart = random() < 0.5;
    starts[i] = instant(INPUT_SPAN_START, span, wholeStart);
    startIsWholeMinute[i] = wholeStart ? 1 : 0;
    const wholePair = random() < 0.5;
    pairFrom[i] = instant(INPUT_SPAN_START, span, wholePair);
    pairTo[i] = instant(pairFrom[i], MAX_PAIR_SPAN_MS, wholePair);
    pairIsWholeMinute[i] = wholePair ? 1 : 0;
  }
  return { seed, count, starts, startIsWholeMinute, pairFrom, pairTo, pairIsWholeMinute };
}
