import { formatTable } from '../text-table';
import { describeOpening, type ApiBenchResult, type CreateResult } from './api-bench';
import { latenessLegDescriptions as legDescriptions, latenessLegNames } from './lateness-breakdown';
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
  // The target is the paced run's: deadlines falling due at a steady rate on a working machine. The
  // burst shows what a backlog adds, and must lose nothing either.
  const { paced, burst } = result.lateness;
  const latenessPass = paced.missing === 0 && burst.missing === 0 && paced.latency.p99 <= targets.latenessP99Ms;
  return { createRatio, createPass, latenessPass, pass: createPass && latenessPass };
}

const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : value.toFixed(1));
const latencyCells = (latency: LatencySummary): string[] => [String(latency.count), ms(latency.p50), ms(latency.p99), ms(latency.max)];

export function formatApiReport(result: ApiBenchResult, verdict: ApiVerdict): string {
  const { create, roundTrip, lateness, options, ticket } = result;
  const createTable = formatTable(
    ['create', 'tickets/s', 'rounds (tickets/s)', 'sustained tickets/s', 'calls', 'p50 ms', 'p99 ms', 'max ms'],
    [create.api, create.apiViaFetch, create.rawStart, create.rawStartAndQuery].map((row) => [
      row.method,
      row.ticketsPerSecond.toFixed(1),
      row.roundTicketsPerSecond.map((rate) => rate.toFixed(0)).join(' / '),
      row.sustainedTicketsPerSecond.toFixed(1),
      ...latencyCells(row.latency),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const perTicket = (row: CreateResult, ms: number | undefined): string => (row.cpu && ms !== undefined ? (ms / row.tickets).toFixed(1) : 'n/a');
  const cpuTable = formatTable(
    ['CPU while opening (ms a ticket)', 'machine', 'API', 'worker', 'load generator', 'rest (Temporal, PostgreSQL)', 'machine busy'],
    [create.api, create.apiViaFetch, create.rawStart].map((row) => {
      const { machineBusy = 0, machineTotal = 0, processes = {} } = row.cpu ?? {};
      const rest = machineBusy - (processes.api ?? 0) - (processes.worker ?? 0) - (processes.bench ?? 0);
      return [
        row.method,
        perTicket(row, machineBusy),
        perTicket(row, processes.api),
        perTicket(row, processes.worker),
        perTicket(row, processes.bench),
        perTicket(row, rest),
        row.cpu ? `${((machineBusy / machineTotal) * 100).toFixed(0)}%` : 'n/a',
      ];
    }),
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
  const runs = [lateness.paced, lateness.burst];
  const latenessTable = formatTable(
    [
      'deadline lateness (24x7 acknowledge ' + lateness.targetSeconds + ' s → breach webhook)',
      'breaches',
      'p50 ms',
      'p99 ms',
      'max ms',
      'missing',
      'opened late',
    ],
    runs.map((run) => [
      `${options.latenessTickets} tickets, ${describeOpening(run.opening)}`,
      ...latencyCells(run.latency),
      String(run.missing),
      String(run.openedLate),
    ]),
    ['left', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const legsTable = formatTable(
    ['where the lateness goes (from histories)', 'paced p50', 'paced p99', 'burst p50', 'burst p99'],
    latenessLegNames.map((name) => [legDescriptions[name], ...runs.flatMap((run) => [ms(run.legs[name].p50), ms(run.legs[name].p99)])]),
    ['left', 'right', 'right', 'right', 'right'],
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
    `With fetch as the load generator's client: ${(create.apiViaFetch.ticketsPerSecond / create.rawStart.ticketsPerSecond).toFixed(2)} (shown only).`,
    `Sustained (each round until the worker has caught up with its tickets): ${(create.api.sustainedTicketsPerSecond / create.rawStart.sustainedTicketsPerSecond).toFixed(2)} (shown only).`,
    'Every method opens tickets faster than the worker runs their first tasks; the target is on the opening rate.',
    "The load generator shares this machine's CPU with what it measures: its HTTP client is keep-alive node:http, as",
    'lean as load tools are; fetch costs it several times the CPU a request, which the fetch row shows.',
    '',
    cpuTable,
    '',
    'CPU time from /proc over the rounds of each method, divided by the tickets they opened. When the machine is busy',
    "near 100% both rates are bound by CPU: the ratio is then about the raw start's machine CPU over the API path's.",
    '',
    roundTripTable,
    '',
    latenessTable,
    '',
    "Lateness: time from each deadline to its breach notification's arrival at a webhook receiver in this process.",
    'Paced: tickets open at a steady rate, so deadlines fall due at that rate while newer tickets keep opening. Burst: they',
    "open as fast as the API takes them, so their deadlines fall due at the machine's full opening rate and queue.",
    '"Opened late": the API answered after the deadline; left out.',
    `Paced p99 ≤ ${targets.latenessP99Ms} ms, none missing in either run: ${mark(verdict.latenessPass)}`,
    '',
    legsTable,
    '',
    `Histories read: paced ${lateness.paced.legs.count}, burst ${lateness.burst.legs.count}; notify activities dispatched eagerly: paced ${lateness.paced.legs.eager}, burst ${lateness.burst.legs.eager}; notifications sent inside the breach's own workflow task: paced ${lateness.paced.legs.inTask}, burst ${lateness.burst.legs.inTask}.`,
    'Legs are server event times; the p50s add up to about the p50 lateness, the p99s do not add (each is its own worst 1%).',
  ].join('\n');
}
