/** Nearest-rank percentile of a sample (ms); NaN for an empty one. */
export function percentile(sample: readonly number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  const sorted = [...sample].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

export function summarize(sample: readonly number[]): LatencySummary {
  return { count: sample.length, p50: percentile(sample, 50), p99: percentile(sample, 99), max: percentile(sample, 100) };
}

/**
 * Runs `total` calls of `call(index)` with at most `concurrency` in flight, and returns the wall
 * time of the whole batch and each call's own latency (ms).
 */
export async function runConcurrently(
  total: number,
  concurrency: number,
  call: (index: number) => Promise<void>,
): Promise<{ elapsedMs: number; latenciesMs: number[] }> {
  const latenciesMs: number[] = [];
  let next = 0;
  const started = performance.now();
  const lane = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const callStarted = performance.now();
      await call(index);
      latenciesMs.push(performance.now() - callStarted);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, lane));
  return { elapsedMs: performance.now() - started, latenciesMs };
}
