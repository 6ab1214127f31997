import type { PoolClient } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { SlaCycles1766000000000 } from '../../api/database/migrations/1766000000000-sla-cycles';
import { SlaCyclesReportIndex1766000000100 } from '../../api/database/migrations/1766000000100-sla-cycles-report-index';
import { SlaReportService } from '../../api/reports/sla-report.service';
import { mulberry32 } from '../../bench/prng';
import { scratchSchema, type ScratchSchema } from '../helpers/scratch-schema';

/**
 * The report walks periods (local days, ISO weeks, months of the zone) instead of computing each
 * cycle's period: here its answer is checked against the row-by-row grouping (to_char of each
 * cycle's report instant in the zone) over cycles placed around every kind of zone change, on the
 * suite's PostgreSQL in a schema of its own.
 */
describe('SLA report periods: the walk over periods equals grouping each cycle by its local period', () => {
  let scratch: ScratchSchema;
  let client: PoolClient;
  let service: SlaReportService;

  const formats = { day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM' } as const;
  const verdict = `outcome IN ('met', 'breached') AND stopped_at IS NOT NULL`;

  /** The oracle: each cycle's periods computed from its own instant, percentiles one at a time. */
  async function naive(groupBy: string, zone: string, from: string | null, to: string | null): Promise<unknown[]> {
    const keys = groupBy.split(',').map((d) => (d in formats ? `to_char(report_at AT TIME ZONE $1, '${formats[d as keyof typeof formats]}')` : d));
    const positions = keys.map((_, i) => i + 1).join(', ');
    const { rows } = await client.query(
      `SELECT ${keys.map((key, i) => `${key} AS k${i}`).join(', ')}, count(*)::int AS total,
              sum(CASE WHEN outcome = 'met' THEN 1 ELSE 0 END)::int AS met, sum(CASE WHEN outcome = 'breached' THEN 1 ELSE 0 END)::int AS breached,
              sum(CASE WHEN outcome IN ('running', 'paused') THEN 1 ELSE 0 END)::int AS running,
              sum(CASE WHEN outcome = 'running' AND due_at < now() THEN 1 ELSE 0 END)::int AS late,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY business_ms) FILTER (WHERE ${verdict}) AS median,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY business_ms) FILTER (WHERE ${verdict}) AS p90
       FROM sla_cycles
       WHERE commitment = 'committed' AND ($2::timestamptz IS NULL OR report_at >= $2) AND ($3::timestamptz IS NULL OR report_at < $3)
       GROUP BY ${positions} ORDER BY ${positions}`,
      [zone, from, to],
    );
    const dims = groupBy.split(',');
    return rows.map((row) => ({
      ...Object.fromEntries(dims.map((d, i) => [d, row[`k${i}`]])),
      total: row.total,
      met: row.met,
      breached: row.breached,
      running: row.running,
      runningLate: row.late,
      attainment: row.met + row.breached === 0 ? null : row.met / (row.met + row.breached),
      medianBusinessMs: row.median,
      p90BusinessMs: row.p90,
    }));
  }

  beforeAll(async () => {
    scratch = await scratchSchema('periods');
    client = scratch.client;
    const runner = { query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows) } as QueryRunner;
    await new SlaCycles1766000000000().up(runner);
    await new SlaCyclesReportIndex1766000000100().up(runner);
    service = new SlaReportService(runner as unknown as DataSource);

    // Instants: every 20 minutes across each zone change below (a day either side), the turn of
    // ISO year 2026 (which has a week 53), and 3,000 drawn over fifteen months.
    const changes = [
      '2026-04-05T03:00:00Z', // Santiago falls back at local midnight: Saturday 23:00 comes twice
      '2026-09-06T04:00:00Z', // Santiago springs forward at local midnight: Sunday has no 00:00
      '2026-03-29T01:00:00Z', // Berlin springs forward
      '2026-10-25T01:00:00Z', // Berlin falls back
      '2026-04-04T15:00:00Z', // Lord Howe falls back half an hour
      '2026-10-03T15:30:00Z', // Lord Howe springs forward half an hour
      '2026-12-31T12:00:00Z', // the turn of the year in every zone here
      '2026-06-30T12:00:00Z', // the turn of a month
    ];
    const instants: number[] = [];
    for (const change of changes) {
      const at = Date.parse(change);
      for (let t = at - 86_400_000; t <= at + 86_400_000; t += 20 * 60_000) instants.push(t);
    }
    const random = mulberry32(1407);
    const start = Date.parse('2025-11-01T00:00:00Z');
    for (let i = 0; i < 3000; i++) instants.push(start + Math.floor(random() * 456 * 86_400_000));

    const outcomes = ['met', 'met', 'met', 'breached', 'running', 'paused', 'cancelled'];
    const clocks = ['acknowledge', 'resolve', 'update'];
    const values: unknown[] = [];
    const rows = instants.map((at, i) => {
      const outcome = outcomes[Math.floor(random() * outcomes.length)];
      // A tenth have no deadline (a best-effort clock files under its start).
      const due = random() < 0.1 ? null : new Date(at);
      const started = new Date(due ? at - 3_600_000 : at);
      const stopped = outcome === 'met' || outcome === 'breached' ? new Date(at - 1_800_000) : null;
      values.push(
        `t-${i}`,
        clocks[i % clocks.length],
        `P${1 + (i % 4)}`,
        random() < 0.9 ? 'committed' : 'best-effort',
        started,
        due,
        stopped,
        outcome,
        Math.floor(random() * 36_000_000),
      );
      const n = values.length;
      return `($${n - 8}, $${n - 7}, 1, 'policy-x', 1, 'plan-x', $${n - 6}, 'org-x', $${n - 5}, $${n - 4}, $${n - 3}, $${n - 2}, $${n - 1}, $${n}, 1)`;
    });
    for (let offset = 0; offset < rows.length; offset += 500) {
      const chunk = rows.slice(offset, offset + 500);
      const first = offset * 9;
      await client.query(
        `INSERT INTO sla_cycles (ticket_id, clock, cycle, policy, policy_version, plan, priority, organisation, commitment, started_at, due_at,
                                 stopped_at, outcome, business_ms, state_sequence)
         VALUES ${chunk.join(', ').replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) - first}`)}`,
        values.slice(first, first + chunk.length * 9),
      );
    }
  });

  afterAll(() => scratch?.drop());

  const zones = ['UTC', 'America/Santiago', 'Europe/Berlin', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Kiritimati'];
  const groupings = ['day', 'week', 'month', 'clock,month', 'week,month', 'month,priority,day'];

  it.each(zones)('in %s, every grouping with a period, with and without bounds', async (zone) => {
    for (const groupBy of groupings) {
      for (const [from, to] of [
        [undefined, undefined],
        ['2026-03-28', '2026-10-26'],
        ['2026-12-28T00:00:00+05:45', undefined],
      ]) {
        const answer = await service.report({ groupBy, zone, from, to });
        const expected = await naive(groupBy, zone, answer.from, answer.to);
        expect({ groupBy, from, rows: answer.rows }).toEqual({ groupBy, from, rows: expected });
        expect(answer.rows.length).toBeGreaterThan(0);
      }
    }
  });

  it('answers no rows, not empty periods, where no cycle falls', async () => {
    const answer = await service.report({ groupBy: 'month', from: '2030-01-01', to: '2031-01-01' });
    expect(answer.rows).toEqual([]);
    const gap = await service.report({ groupBy: 'day', zone: 'UTC', from: '2025-10-01', to: '2025-11-03' });
    expect(gap.rows.map((row) => row.day)).toEqual(['2025-11-01', '2025-11-02']);
  });
});
