import { formatTable } from '../text-table';
import type { ApiBenchResult } from './api-bench';
import type { LatencySummary } from './latency-stats';

/** The targets: the API opens tickets at ≥ 0.8× raw starts; breach notifications arrive ≤ 1 s late at p99. */
export const targets = { createRatio: 0.8, latenessP99Ms: 1_000 } as const;

export interface ApiVerdict {
  createRatio: number;
  createPass: boolean;
  latenessPass: boolean;
  pass: boolean;
}

export function apiVerdict(result: ApiBenchResult): ApiVerdict {
  const createRatio = result.create.api.ticketsPerSecond / result.create.rawStart.ticketsPerSecond;
  const createPass = createRatio >= targets.createRatio;
  const latenessPass = result.lateness.missing === 0 && result.lateness.latency.p99 <= targets.latenessP99Ms;
  return { createRatio, createPass, latenessPass, pass: createPass && latenessPass };
}

const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : value.toFixed(1));
const latencyCells = (latency: LatencySummary): string[] => [String(latency.count), ms(latency.p50), ms(latency.p99), ms(latency.max)];

export function formatApiReport(result: ApiBenchResult, verdict: ApiVerdict): string {
  const { create, roundTrip, lateness, options, ticket } = result;
  const createTable = formatTable(
    ['create', 'tickets/s', 'rounds (tickets/s)', 'calls', 'p50 ms', 'p99 ms', 'max ms'],
    [create.api, create.rawStart, create.rawStartAndQuery].map((row) => [
      row.method,
      row.ticketsPerSecond.toFixed(1),
      row.roundTicketsPerSecond.map((rate) => rate.toFixed(0)).join(' / '),
      ...latencyCells(row.latency),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const roundTripTable = formatTable(
    ['round trip (one at a time)', 'calls', 'p50 ms', 'p99 ms', 'max ms'],
    [
      ['API POST /tickets/:id/responses (an update)', ...latencyCells(roundTrip.api)],
      ['raw executeUpdate(respond)', ...latencyCells(roundTrip.rawUpdate)],
      ['raw signal(retryNotification) → query(state)', ...latencyCells(roundTrip.rawSignalQuery)],
    ],
    ['left', 'right', 'right', 'right', 'right'],
  );
  const latenessTable = formatTable(
    ['deadline lateness', 'breaches', 'p50 ms', 'p99 ms', 'max ms', 'missing', 'opened late'],
    [[`24x7 acknowledge ${lateness.targetSeconds} s → breach webhook`, ...latencyCells(lateness.latency), String(lateness.missing), String(lateness.openedLate)]],
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const mark = (pass: boolean): string => (pass ? 'PASS' : 'FAIL');
  return [
    `Tickets: ${ticket.policy} ${ticket.plan} ${ticket.priority}; ${options.tickets} per method and round, ${options.concurrency} in flight, ${options.rounds} rounds alternating the methods (rate: median round).`,
    'The API checks the key, reads the policy, resolves its snapshot, checks intake and entitlement, starts the workflow and',
    'answers the first state, computed from the input by the same pure function the workflow runs (no query); the raw',
    'start is the same workflow, input and options without any of that. The start + query row is the raw cost of asking',
    'the workflow for that state instead.',
    '',
    createTable,
    '',
    `API ÷ raw client.workflow.start: ${verdict.createRatio.toFixed(2)} (target ≥ ${targets.createRatio}) ${mark(verdict.createPass)}`,
    '',
    roundTripTable,
    '',
    latenessTable,
    '',
    `Lateness: time from each deadline to its breach notification's arrival at a webhook receiver in this process`,
    `(${options.latenessTickets} tickets opened 5 at a time; "opened late": the API answered after the deadline, left out).`,
    `p99 ≤ ${targets.latenessP99Ms} ms, none missing: ${mark(verdict.latenessPass)}`,
  ].join('\n');
}
