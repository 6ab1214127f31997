import { performance } from 'node:perf_hooks';
import { measure, type Timing, type TimingOptions } from '../timing';
import { dayjsBusinessTimeAdapter } from './adapters/dayjs-business-time.adapter';
import { luxonBusinessDaysAdapter } from './adapters/luxon-business-days.adapter';
import { momentBusinessTimeAdapter } from './adapters/moment-business-time.adapter';
import { slaflowAdapter } from './adapters/slaflow.adapter';
import { isUnsupported, type CalendarAdapter, type Unsupported } from './calendar-adapter';
import { DAY_MS, INPUT_SPAN_END, INPUT_SPAN_START, makeCalendarInputs, MAX_PAIR_SPAN_MS, type CalendarInputs } from './calendar-inputs';
import { MinuteOracle } from './minute-oracle';
import { slaflowCalendar } from './us-office-calendar';

export type OperationId = 'add-1h' | 'add-8h' | 'add-24h' | 'add-5d' | 'elapsed';

export interface Operation {
  readonly id: OperationId;
  readonly label: string;
  readonly kind: 'business-hours' | 'business-days' | 'elapsed';
  /** Hours or days to add; 0 for elapsed. */
  readonly amount: number;
  /** Counts toward the "our add ≥ 10× the fastest peer" target. */
  readonly isAdd: boolean;
}

export const OPERATIONS: readonly Operation[] = [
  { id: 'add-1h', label: '+1 business hour', kind: 'business-hours', amount: 1, isAdd: true },
  { id: 'add-8h', label: '+8 business hours', kind: 'business-hours', amount: 8, isAdd: true },
  { id: 'add-24h', label: '+24 business hours', kind: 'business-hours', amount: 24, isAdd: true },
  { id: 'add-5d', label: '+5 business days', kind: 'business-days', amount: 5, isAdd: true },
  { id: 'elapsed', label: 'elapsed (pairs ≤ 30 days apart)', kind: 'elapsed', amount: 0, isAdd: false },
];

export const OURS = 'slaflow';

export interface CalendarBenchOptions extends TimingOptions {
  readonly inputs: number;
  readonly seed: number;
  /**
   * How many of the inputs (the first ones) each peer's answers are checked on; ours is always
   * checked on every input. The section's default checks every input of the default run (the peers
   * answer one to a few thousand calls a second, so all 100k of five operations take several
   * minutes); a lower value is reported as such next to every peer's counts.
   */
  readonly peerChecks: number;
}

export interface Mismatch {
  readonly input: readonly string[];
  readonly expected: string;
  readonly got: string;
}

export interface LibraryResult {
  readonly operation: OperationId;
  readonly library: string;
  /** Set when the library cannot express the operation; nothing else is then filled in. */
  readonly unsupported?: string;
  readonly checked: number;
  readonly mismatches: number;
  /** Calls that threw (each also counts as a mismatch). */
  readonly errors: number;
  readonly wholeMinuteChecked: number;
  readonly wholeMinuteMismatches: number;
  /** The first few mismatches, as ISO instants. */
  readonly examples: readonly Mismatch[];
  readonly timing?: Timing;
}

export interface CalendarBenchResult {
  readonly options: CalendarBenchOptions;
  readonly libraries: readonly { readonly library: string; readonly packages: readonly string[]; readonly notes: readonly string[] }[];
  readonly oracleSeconds: number;
  readonly results: readonly LibraryResult[];
}

const MAX_EXAMPLES = 5;
const HOUR_MS = 3_600_000;

/** The adapters in table order: ours first. */
export function calendarAdapters(): CalendarAdapter[] {
  return [slaflowAdapter(), momentBusinessTimeAdapter(), dayjsBusinessTimeAdapter(), luxonBusinessDaysAdapter()];
}

interface Case {
  /** Runs the library on input i. */
  readonly run: (index: number) => number;
  readonly describeInput: (index: number) => readonly string[];
  readonly isWholeMinute: (index: number) => boolean;
}

function caseFor(adapter: CalendarAdapter, operation: Operation, inputs: CalendarInputs): Case | Unsupported {
  const { starts, pairFrom, pairTo } = inputs;
  const startCase = (add: (startMs: number) => number): Case => ({
    run: (i) => add(starts[i]),
    describeInput: (i) => [iso(starts[i])],
    isWholeMinute: (i) => inputs.startIsWholeMinute[i] === 1,
  });
  switch (operation.kind) {
    case 'business-hours':
      return isUnsupported(adapter.addBusinessHours) ? adapter.addBusinessHours : startCase(adapter.addBusinessHours(operation.amount));
    case 'business-days':
      return isUnsupported(adapter.addBusinessDays) ? adapter.addBusinessDays : startCase(adapter.addBusinessDays(operation.amount));
    case 'elapsed': {
      const elapsed = adapter.elapsed;
      if (isUnsupported(elapsed)) return elapsed;
      return {
        run: (i) => elapsed(pairFrom[i], pairTo[i]),
        describeInput: (i) => [iso(pairFrom[i]), iso(pairTo[i])],
        isWholeMinute: (i) => inputs.pairIsWholeMinute[i] === 1,
      };
    }
  }
}

function oracleAnswers(oracle: MinuteOracle, operation: Operation, inputs: CalendarInputs): Float64Array {
  const answers = new Float64Array(inputs.count);
  for (let i = 0; i < inputs.count; i++) {
    const start = inputs.starts[i];
    if (operation.kind === 'business-hours') answers[i] = oracle.addBusiness(start, operation.amount * HOUR_MS);
    else if (operation.kind === 'business-days') answers[i] = oracle.addBusinessDays(start, operation.amount);
    else answers[i] = oracle.elapsed(inputs.pairFrom[i], inputs.pairTo[i]);
  }
  return answers;
}

function check(library: string, operation: Operation, testCase: Case, expected: Float64Array, count: number): Omit<LibraryResult, 'timing'> {
  let mismatches = 0;
  let errors = 0;
  let wholeMinuteChecked = 0;
  let wholeMinuteMismatches = 0;
  const examples: Mismatch[] = [];
  const isElapsed = operation.id === 'elapsed';
  for (let i = 0; i < count; i++) {
    let got: number | string;
    try {
      got = testCase.run(i);
    } catch (error) {
      errors++;
      got = `threw ${error instanceof Error ? error.message : String(error)}`;
    }
    const wholeMinute = testCase.isWholeMinute(i);
    if (wholeMinute) wholeMinuteChecked++;
    if (got === expected[i]) continue;
    mismatches++;
    if (wholeMinute) wholeMinuteMismatches++;
    if (examples.length < MAX_EXAMPLES) {
      const show = (value: number | string): string => (typeof value === 'string' ? value : isElapsed ? `${value} ms` : iso(value));
      examples.push({ input: testCase.describeInput(i), expected: show(expected[i]), got: show(got) });
    }
  }
  return {
    operation: operation.id,
    library,
    checked: count,
    mismatches,
    errors,
    wholeMinuteChecked,
    wholeMinuteMismatches,
    examples,
  };
}

/**
 * Every library on the same inputs: its answers checked against the minute oracle (ours on every
 * input, each peer on the first `peerChecks`), then timed. `log` receives progress lines.
 */
export function runCalendarBench(options: CalendarBenchOptions, log: (line: string) => void = () => undefined): CalendarBenchResult {
  const inputs = makeCalendarInputs(options.inputs, options.seed);
  const oracleStarted = performance.now();
  // Covers every answer: starts end with 2026, pairs reach 30 days further, adds a few days.
  const oracle = new MinuteOracle(slaflowCalendar(), INPUT_SPAN_START - DAY_MS, INPUT_SPAN_END + MAX_PAIR_SPAN_MS + 30 * DAY_MS);
  const expected = new Map(OPERATIONS.map((operation) => [operation.id, oracleAnswers(oracle, operation, inputs)]));
  const oracleSeconds = (performance.now() - oracleStarted) / 1000;
  log(`oracle: ${OPERATIONS.length} × ${inputs.count} answers, minute by minute, in ${oracleSeconds.toFixed(1)} s`);

  const adapters = calendarAdapters();
  const results: LibraryResult[] = [];
  for (const operation of OPERATIONS) {
    for (const adapter of adapters) {
      const testCase = caseFor(adapter, operation, inputs);
      if (isUnsupported(testCase)) {
        const nothing = { checked: 0, mismatches: 0, errors: 0, wholeMinuteChecked: 0, wholeMinuteMismatches: 0, examples: [] };
        results.push({ operation: operation.id, library: adapter.library, unsupported: testCase.unsupported, ...nothing });
        continue;
      }
      const started = performance.now();
      const count = adapter.library === OURS ? inputs.count : Math.min(options.peerChecks, inputs.count);
      const checked = check(adapter.library, operation, testCase, expected.get(operation.id) as Float64Array, count);
      const checkSeconds = (performance.now() - started) / 1000;
      // A library that threw on some inputs is timed through a guard, so that one input cannot end the run.
      const { run } = testCase;
      const guarded = (i: number): number => {
        try {
          return run(i);
        } catch {
          return Number.NaN;
        }
      };
      const timing = measure(checked.errors === 0 ? run : guarded, inputs.count, options);
      log(
        `${operation.label}, ${adapter.library}: ${checked.mismatches} mismatches in ${checked.checked} ` +
          `(checked in ${checkSeconds.toFixed(1)} s), ${Math.round(timing.opsPerSecond)} ops/s`,
      );
      results.push({ ...checked, timing });
    }
  }
  return {
    options,
    libraries: adapters.map(({ library, packages, notes }) => ({ library, packages, notes })),
    oracleSeconds,
    results,
  };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
