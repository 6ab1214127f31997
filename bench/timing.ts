import { performance } from 'node:perf_hooks';

export interface TimingOptions {
  /** Time spent running the operation before anything is measured (JIT, caches). */
  readonly warmupMs: number;
  readonly rounds: number;
  /** Each round runs whole batches until at least this long has passed. */
  readonly roundMs: number;
}

export interface Timing {
  /** Median of the rounds' rates. */
  readonly opsPerSecond: number;
  readonly roundOpsPerSecond: readonly number[];
  /** Operations run in the measured rounds (warm-up excluded). */
  readonly operations: number;
}

/** Results are summed here so that no engine can drop a call whose result is unused. */
let sink = 0;

export function timingSink(): number {
  return sink;
}

/**
 * Ops/s of `op` over inputs 0..inputCount-1, taken in order and cycling. The clock is read once
 * per batch, and a batch is grown during warm-up until it lasts about a millisecond, so that
 * reading the clock costs nothing next to a fast operation. Rounds continue where the previous
 * one stopped, so a slow library is measured on a different slice of the same seeded inputs than
 * a fast one: the inputs are independent draws from one distribution, so slices are comparable.
 */
export function measure(op: (index: number) => number, inputCount: number, options: TimingOptions): Timing {
  if (inputCount < 1) throw new Error('measure needs at least one input');
  let cursor = 0;
  let local = 0;
  const runBatch = (size: number): void => {
    for (let n = 0; n < size; n++) {
      local += op(cursor);
      cursor = cursor + 1 === inputCount ? 0 : cursor + 1;
    }
  };

  let batch = 1;
  const warmupEnd = performance.now() + options.warmupMs;
  do {
    const started = performance.now();
    runBatch(batch);
    if (performance.now() - started < 1 && batch < 1 << 20) batch *= 2;
  } while (performance.now() < warmupEnd);

  const rates: number[] = [];
  let operations = 0;
  for (let round = 0; round < options.rounds; round++) {
    let ran = 0;
    const started = performance.now();
    let elapsed = 0;
    do {
      runBatch(batch);
      ran += batch;
      elapsed = performance.now() - started;
    } while (elapsed < options.roundMs);
    rates.push((ran * 1000) / elapsed);
    operations += ran;
  }
  sink += local;
  return { opsPerSecond: median(rates), roundOpsPerSecond: rates, operations };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
