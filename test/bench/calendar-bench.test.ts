import { OPERATIONS, OURS, runCalendarBench, type CalendarBenchResult } from '../../bench/calendar/calendar-bench';
import { DAY_MS } from '../../bench/calendar/calendar-inputs';
import { calendarVerdict } from '../../bench/calendar/calendar-verdict';
import { MinuteOracle } from '../../bench/calendar/minute-oracle';
import { slaflowCalendar } from '../../bench/calendar/us-office-calendar';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

describe('minute oracle of the calendar benchmark (hand-worked New York cases)', () => {
  const oracle = new MinuteOracle(slaflowCalendar(), at('2025-01-01T00:00:00Z'), at('2026-01-31T00:00:00Z') + DAY_MS);

  it('carries business hours over a weekend that changes the clock to DST', () => {
    // Friday 16:00 EST: 1.5 h that day, 2.5 h on Monday from 09:00 EDT.
    expect(oracle.addBusiness(at('2025-03-07T21:00:00Z'), 4 * HOUR)).toBe(at('2025-03-10T15:30:00Z'));
    expect(oracle.elapsed(at('2025-03-07T21:00:00Z'), at('2025-03-10T14:00:00Z'))).toBe(2.5 * HOUR);
  });

  it('leaves a deadline that lands on the closing instant there', () => {
    expect(oracle.addBusiness(at('2025-03-03T14:00:00Z'), 8.5 * HOUR)).toBe(at('2025-03-03T22:30:00Z'));
  });

  it('skips a holiday and keeps sub-minute precision', () => {
    // Wednesday 24 December 17:00 EST: 30 min, Christmas closed, 30 min on Friday.
    expect(oracle.addBusiness(at('2025-12-24T22:00:00Z'), HOUR)).toBe(at('2025-12-26T14:30:00Z'));
    // 17:29:30.500: 29.5 s before closing, 30.5 s after the next opening.
    expect(oracle.addBusiness(at('2025-03-03T22:29:30.500Z'), 60_000)).toBe(at('2025-03-04T14:00:30.500Z'));
  });

  it('counts business days from the next opening, skipping a holiday', () => {
    // Saturday 8 November → Monday 10th 09:00; then 12, 13, 14, 17, 18 (11th is Veterans Day).
    expect(oracle.addBusinessDays(at('2025-11-08T17:00:00Z'), 5)).toBe(at('2025-11-18T14:00:00Z'));
    // The closing instant is outside working time, so it moves to the next opening too.
    expect(oracle.addBusinessDays(at('2025-11-03T22:30:00Z'), 5)).toBe(at('2025-11-12T14:00:00Z'));
  });
});

describe('calendar benchmark core on 500 inputs', () => {
  const INPUTS = 500;
  let bench: CalendarBenchResult;

  beforeAll(() => {
    bench = runCalendarBench({ inputs: INPUTS, seed: 7, peerChecks: INPUTS, rounds: 1, roundMs: 5, warmupMs: 5 });
  });

  it('finds no mismatch of ours against the oracle on any operation', () => {
    for (const operation of OPERATIONS) {
      const ours = bench.results.find((result) => result.operation === operation.id && result.library === OURS);
      expect({ operation: operation.id, checked: ours?.checked, mismatches: ours?.mismatches, examples: ours?.examples }).toEqual({
        operation: operation.id,
        checked: INPUTS,
        mismatches: 0,
        examples: [],
      });
    }
  });

  it("gets answers from every peer's adapter for every operation it supports, and a reason where it has none", () => {
    const peers = bench.libraries.map(({ library }) => library).filter((library) => library !== OURS);
    expect(peers).toEqual(['moment-business-time', 'dayjs-business-time', 'luxon-business-days']);
    for (const result of bench.results.filter((row) => row.library !== OURS)) {
      if (result.unsupported !== undefined) {
        expect(result.unsupported).toMatch(/\w/);
        continue;
      }
      expect(result.checked).toBe(INPUTS);
      expect(result.errors).toBeLessThan(INPUTS);
      expect(result.timing?.opsPerSecond).toBeGreaterThan(0);
    }
    // The days-only peer answers business days and says why it has no hours or elapsed time.
    const luxon = bench.results.filter((row) => row.library === 'luxon-business-days');
    expect(luxon.filter((row) => row.unsupported === undefined).map((row) => row.operation)).toEqual(['add-5d']);
  });

  it('compares ours with the fastest peer on every operation, from rates of the same run', () => {
    const verdict = calendarVerdict(bench);
    expect(verdict.ratios.map((ratio) => ratio.operation)).toEqual(OPERATIONS.map((operation) => operation.id));
    for (const ratio of verdict.ratios) {
      expect(ratio.ratio).toBeCloseTo(ratio.oursOpsPerSecond / ratio.fastestPeerOpsPerSecond, 10);
      expect(ratio.fastestPeer).not.toBe(OURS);
    }
    expect(verdict.ourMismatches).toBe(0);
    expect(verdict.ourChecked).toBe(OPERATIONS.length * INPUTS);
  });
});
