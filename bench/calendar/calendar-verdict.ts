import { OPERATIONS, OURS, type CalendarBenchResult, type LibraryResult, type OperationId } from './calendar-bench';

/** The targets: our add at least this many times the fastest peer, and no mismatch of ours. */
export const ADD_SPEEDUP_TARGET = 10;

export interface OperationRatio {
  readonly operation: OperationId;
  readonly oursOpsPerSecond: number;
  readonly fastestPeer: string;
  readonly fastestPeerOpsPerSecond: number;
  /** Ours ÷ fastest peer, both measured in the same run. */
  readonly ratio: number;
}

export interface CalendarVerdict {
  readonly pass: boolean;
  readonly ratios: readonly OperationRatio[];
  /** The add operation with the lowest ratio. */
  readonly weakestAdd: OperationRatio | undefined;
  readonly ourMismatches: number;
  readonly ourChecked: number;
  readonly failures: readonly string[];
}

function opsPerSecond(result: LibraryResult): number | undefined {
  return result.timing?.opsPerSecond;
}

export function calendarVerdict(bench: CalendarBenchResult): CalendarVerdict {
  const ratios: OperationRatio[] = [];
  const failures: string[] = [];
  for (const operation of OPERATIONS) {
    const rows = bench.results.filter((result) => result.operation === operation.id);
    const ours = rows.find((result) => result.library === OURS);
    const oursRate = ours && opsPerSecond(ours);
    let fastest: LibraryResult | undefined;
    for (const row of rows) {
      const rate = opsPerSecond(row);
      if (row.library === OURS || rate === undefined) continue;
      if (!fastest || rate > (opsPerSecond(fastest) as number)) fastest = row;
    }
    if (oursRate === undefined || !fastest) continue;
    const fastestRate = opsPerSecond(fastest) as number;
    ratios.push({
      operation: operation.id,
      oursOpsPerSecond: oursRate,
      fastestPeer: fastest.library,
      fastestPeerOpsPerSecond: fastestRate,
      ratio: oursRate / fastestRate,
    });
  }

  const addRatios = ratios.filter((ratio) => OPERATIONS.find((operation) => operation.id === ratio.operation)?.isAdd);
  const weakestAdd = addRatios.reduce<OperationRatio | undefined>((low, ratio) => (!low || ratio.ratio < low.ratio ? ratio : low), undefined);
  for (const ratio of addRatios) {
    if (ratio.ratio < ADD_SPEEDUP_TARGET) {
      failures.push(`${label(ratio.operation)}: ours is ${ratio.ratio.toFixed(1)}× ${ratio.fastestPeer}, below ${ADD_SPEEDUP_TARGET}×`);
    }
  }
  if (addRatios.length === 0) failures.push('no add operation could be compared with a peer');

  const ourRows = bench.results.filter((result) => result.library === OURS);
  const ourMismatches = ourRows.reduce((sum, row) => sum + row.mismatches, 0);
  const ourChecked = ourRows.reduce((sum, row) => sum + row.checked, 0);
  if (ourMismatches > 0) failures.push(`${ourMismatches} of our ${ourChecked} answers differ from the oracle`);
  return { pass: failures.length === 0, ratios, weakestAdd, ourMismatches, ourChecked, failures };
}

export function label(operation: OperationId): string {
  return OPERATIONS.find((candidate) => candidate.id === operation)?.label ?? operation;
}
