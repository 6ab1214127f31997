import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import { createTicketEventActivities } from '../../activities/ticket-events.activities';
import type { SlaCycleRecord, TicketEvent } from '../../workflows/ticket/activities.contract';
import type { ApiBenchStack } from '../api/api-stack';
import { percentile } from '../api/latency-stats';
import { defaultData, generateCycles } from './reports-data';

export interface RequestResult {
  readonly name: string;
  readonly path: string;
  readonly runs: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** The answer equals a naive SQL count over the same rows. */
  readonly checked: boolean;
  readonly mismatch: string | null;
}

export interface WriteCost {
  /** Events a second through `recordTicketEvent` (event, projection and 4 cycles per transaction). */
  readonly withReportIndexes: number;
  readonly withoutReportIndexes: number;
  readonly events: number;
}

export interface ReportsBenchResult {
  readonly cycles: number;
  readonly generateSeconds: number;
  readonly requests: RequestResult[];
  readonly writes: WriteCost;
}

interface Naive {
  name: string;
  path: string;
  /** The answer's comparable part, and the same from naive SQL. */
  fromAnswer: (body: unknown) => unknown;
  naive: (pool: Pool) => Promise<unknown>;
}

const counts = (rows: Array<Record<string, unknown>>, keys: string[]) =>
  rows.map((row) => [...keys.map((key) => row[key]), row.total, row.met, row.breached, row.running].map((value) => String(value)).join('|'));

/** The four requests the issue names, each with its naive SQL twin (plain CASE sums, no FILTER, no generated column). */
function requests(): Naive[] {
  const year = { from: '2026-01-01T00:00:00Z', to: '2027-01-01T00:00:00Z' };
  const month = { from: '2026-06-01T00:00:00Z', to: '2026-07-01T00:00:00Z' };
  const naiveCounts = (keyList: string, where: string, params: unknown[]) => async (pool: Pool) => {
    const keys = keyList.split(/,\s*(?![^(]*\))/);
    const positions = keys.map((_, index) => index + 1).join(', ');
    const { rows } = await pool.query(
      `SELECT ${keys.join(', ')}, count(*) AS total, sum(CASE WHEN outcome = 'met' THEN 1 ELSE 0 END) AS met,
              sum(CASE WHEN outcome = 'breached' THEN 1 ELSE 0 END) AS breached,
              sum(CASE WHEN outcome IN ('running', 'paused') THEN 1 ELSE 0 END) AS running
       FROM sla_cycles WHERE ${where} GROUP BY ${positions} ORDER BY ${positions}`,
      params,
    );
    return rows;
  };
  const inRange = `commitment = 'committed' AND coalesce(due_at, started_at) >= $1 AND coalesce(due_at, started_at) < $2`;
  return [
    {
      name: 'report by policy, priority, month (a year)',
      path: `/reports/sla?groupBy=policy,priority,month&from=2026-01-01&to=2027-01-01`,
      fromAnswer: (body) => counts((body as { rows: Array<Record<string, unknown>> }).rows, ['policy', 'priority', 'month']),
      naive: async (pool) =>
        counts(
          (await naiveCounts(`policy, priority, to_char(coalesce(due_at, started_at) AT TIME ZONE 'UTC', 'YYYY-MM') AS month`, inRange, [
            year.from,
            year.to,
          ])(pool)) as Array<Record<string, unknown>>,
          ['policy', 'priority', 'month'],
        ),
    },
    {
      name: 'report by organisation (a month)',
      path: `/reports/sla?groupBy=organisation&from=2026-06-01&to=2026-07-01`,
      fromAnswer: (body) => counts((body as { rows: Array<Record<string, unknown>> }).rows, ['organisation']),
      naive: async (pool) =>
        counts((await naiveCounts('organisation', inRange, [month.from, month.to])(pool)) as Array<Record<string, unknown>>, ['organisation']),
    },
    {
      name: 'drill-down, first page (breaches of a year)',
      path: `/reports/sla/cycles?from=2026-01-01&to=2027-01-01&outcome=breached`,
      fromAnswer: (body) => (body as { items: Array<Record<string, unknown>> }).items.map((c) => `${c.ticketId}|${c.clock}|${c.cycle}`),
      naive: async (pool) =>
        (
          await pool.query(
            `SELECT ticket_id || '|' || clock || '|' || cycle AS key FROM sla_cycles WHERE ${inRange} AND outcome = 'breached'
             ORDER BY coalesce(due_at, started_at) DESC, ticket_id DESC, clock DESC, cycle DESC LIMIT 50`,
            [year.from, year.to],
          )
        ).rows.map((row: { key: string }) => row.key),
    },
    {
      name: 'statement (an organisation, a month)',
      path: `/organisations/org-1234/statement?month=2026-06&zone=UTC`,
      fromAnswer: (body) => {
        const s = body as { committed: Array<Record<string, unknown>>; bestEffort: Array<Record<string, unknown>>; breaches: unknown[] };
        return [...counts(s.committed, ['plan', 'priority', 'clock']), ...counts(s.bestEffort, ['plan', 'priority', 'clock']), s.breaches.length];
      },
      naive: async (pool) => {
        const where = `organisation = 'org-1234' AND coalesce(due_at, started_at) >= $1 AND coalesce(due_at, started_at) < $2`;
        const lines = async (commitment: string) =>
          counts(
            (await naiveCounts('plan, priority, clock', `${where} AND commitment = '${commitment}'`, [month.from, month.to])(pool)) as Array<
              Record<string, unknown>
            >,
            ['plan', 'priority', 'clock'],
          );
        const breaches = await pool.query(
          `SELECT count(*)::int AS n FROM sla_cycles WHERE ${where} AND commitment = 'committed' AND outcome = 'breached'`,
          [month.from, month.to],
        );
        return [...(await lines('committed')), ...(await lines('best-effort')), breaches.rows[0].n];
      },
    },
  ];
}

/** What one write of the workflow costs: an event with its state and four cycles, through the real activity. */
async function eventsPerSecond(pool: Pool, events: number, prefix: string): Promise<number> {
  const { recordTicketEvent } = createTicketEventActivities({ pool });
  const cycle = (clock: SlaCycleRecord['clock'], n: number): SlaCycleRecord => ({
    clock,
    cycle: n,
    priority: 'P2',
    assignee: 'agent-1',
    commitment: 'committed',
    target: '4 business hours',
    startedAt: '2026-06-01T09:00:00.000Z',
    dueAt: '2026-06-01T13:00:00.000Z',
    stoppedAt: null,
    outcome: 'running',
    breachedAt: null,
    businessMs: 0,
    calendarMs: 0,
    pausedMs: 0,
    lateBusinessMs: 0,
  });
  const started = performance.now();
  for (let i = 0; i < events; i++) {
    const ticketId = `${prefix}-${i}`;
    const state = {
      ticketId,
      organisation: `org-${i % 20_000}`,
      subject: 'Write cost',
      policy: 'policy-1',
      policyVersion: 1,
      plan: 'plan-1',
      priority: 'P2',
      status: 'in-progress',
      openedAt: '2026-06-01T09:00:00.000Z',
      slaBreached: false,
      escalationLevel: 0,
      clocks: [],
      fields: {},
      sequence: 1,
    };
    await recordTicketEvent({
      ticketId,
      sequence: 1,
      type: 'opened',
      at: '2026-06-01T09:00:00.000Z',
      state: state as unknown as TicketEvent['state'],
      cycles: [cycle('acknowledge', 1), cycle('resolve', 1), cycle('update', 1), cycle('update', 2)],
    });
  }
  return events / ((performance.now() - started) / 1000);
}

/** The indexes the reports need beyond the primary key (the migrations create them): dropped and re-created to price them. */
const reportIndexes: Record<string, string> = {
  sla_cycles_report_at_idx: 'CREATE INDEX sla_cycles_report_at_idx ON sla_cycles (report_at, commitment)',
  sla_cycles_organisation_idx: 'CREATE INDEX sla_cycles_organisation_idx ON sla_cycles (organisation, report_at)',
  sla_cycles_report_idx:
    'CREATE INDEX sla_cycles_report_idx ON sla_cycles (commitment, policy, priority, report_at) INCLUDE (outcome, business_ms, stopped_at, due_at)',
};

export async function runReportsBench(
  stack: ApiBenchStack,
  options: { cycles: number; runs: number; events: number },
  log: (line: string) => void,
): Promise<ReportsBenchResult> {
  const pool = new Pool({ connectionString: stack.databaseUrl, max: 2 });
  try {
    log(`generating ${options.cycles.toLocaleString('en-US')} cycles in PostgreSQL...`);
    const generateStarted = performance.now();
    await generateCycles(pool, { ...defaultData, cycles: options.cycles });
    // As after autovacuum: the visibility map lets the covering index answer without the table.
    await pool.query('VACUUM ANALYZE sla_cycles');
    const generateSeconds = (performance.now() - generateStarted) / 1000;
    log(`generated in ${generateSeconds.toFixed(1)} s`);

    const results: RequestResult[] = [];
    for (const request of requests()) {
      const url = `${stack.apiUrl}${request.path}`;
      const headers = { authorization: `Bearer ${stack.agentKey}` };
      let body: unknown = null;
      for (let i = 0; i < 3; i++) body = JSON.parse((await stack.http('GET', url, headers)).text);
      const latencies: number[] = [];
      for (let i = 0; i < options.runs; i++) {
        const started = performance.now();
        const answer = await stack.http('GET', url, headers);
        latencies.push(performance.now() - started);
        if (answer.status !== 200) throw new Error(`${request.path} answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      const got = JSON.stringify(request.fromAnswer(body));
      const expected = JSON.stringify(await request.naive(pool));
      const result = {
        name: request.name,
        path: request.path,
        runs: options.runs,
        p50Ms: percentile(latencies, 50),
        p95Ms: percentile(latencies, 95),
        checked: got === expected,
        mismatch: got === expected ? null : `answer ${got.slice(0, 200)} ≠ naive ${expected.slice(0, 200)}`,
      };
      log(
        `${request.name}: p50 ${result.p50Ms.toFixed(1)} ms, p95 ${result.p95Ms.toFixed(1)} ms, ${result.checked ? 'equal to the naive count' : 'MISMATCH'}`,
      );
      results.push(result);
    }

    log(`write cost: ${options.events} events through recordTicketEvent with and without the report indexes...`);
    const withIndexes = await eventsPerSecond(pool, options.events, 'bench-write-a');
    for (const name of Object.keys(reportIndexes)) await pool.query(`DROP INDEX ${name}`);
    const withoutIndexes = await eventsPerSecond(pool, options.events, 'bench-write-b');
    for (const statement of Object.values(reportIndexes)) await pool.query(statement);
    return {
      cycles: options.cycles,
      generateSeconds,
      requests: results,
      writes: { withReportIndexes: withIndexes, withoutReportIndexes: withoutIndexes, events: options.events },
    };
  } finally {
    await pool.end();
  }
}
