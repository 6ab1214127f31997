import type { Pool } from 'pg';

/** What the benchmark generates: cycles over organisations, policies and months, four per ticket. */
export interface ReportsData {
  readonly cycles: number;
  readonly organisations: number;
  readonly policies: number;
  readonly months: number;
  /** First month generated (UTC), YYYY-MM-01. */
  readonly firstMonth: string;
}

export const defaultData: Omit<ReportsData, 'cycles'> = { organisations: 20_000, policies: 5, months: 24, firstMonth: '2025-01-01' };

/**
 * Fills `sla_cycles` (and the ticket projection the drill-down and statement join for subjects)
 * inside PostgreSQL with generate_series, seeded so that a run sees the same rows. Four cycles per
 * ticket (acknowledge, resolve, two update intervals); an organisation keeps one policy and plan;
 * starts spread evenly over the months; about 85% met, 10% breached, the rest running, paused or
 * cancelled; 10% best-effort. Draws come from setseed + random() for tickets and from a hash of each
 * cycle's key for cycles, so every run has the same rows.
 */
export async function generateCycles(pool: Pool, data: ReportsData): Promise<void> {
  const tickets = Math.ceil(data.cycles / 4);
  const client = await pool.connect();
  try {
    await client.query('SELECT setseed(0.14)');
    await client.query(
      `INSERT INTO tickets (id, organisation, subject, priority, status, opened_at, last_event_sequence, updated_at, policy, plan)
       SELECT 'bench-' || t, 'org-' || (t % $2), 'Generated ticket ' || t, 'P' || (1 + t % 4), 'resolved',
              $4::timestamptz + (random() * ($3 * 30.4375 * 86400)) * interval '1 second', 1, now(),
              'policy-' || (t % $2 % $5), 'plan-' || (t % $2 % 3)
       FROM generate_series(0, $1 - 1) AS t`,
      [tickets, data.organisations, data.months, data.firstMonth, data.policies],
    );
    await client.query(
      `INSERT INTO sla_cycles (ticket_id, clock, cycle, policy, policy_version, plan, priority, organisation, assignee, commitment, target,
                               started_at, due_at, stopped_at, outcome, breached_at, business_ms, calendar_ms, paused_ms, late_business_ms,
                               state_sequence)
       SELECT t.id, k.clock, k.cycle, t.policy, 1, t.plan, t.priority, t.organisation, 'agent-' || (h % 50),
              CASE WHEN h % 10 = 0 THEN 'best-effort' ELSE 'committed' END, k.target_text,
              s.started, s.started + k.target, s.stopped, s.outcome,
              CASE WHEN s.outcome = 'breached' THEN s.started + k.target END,
              (extract(epoch FROM coalesce(s.stopped, s.started + k.target) - s.started) * 1000)::bigint,
              (extract(epoch FROM coalesce(s.stopped, s.started + k.target) - s.started) * 1000)::bigint, 0,
              CASE WHEN s.outcome = 'breached' THEN (extract(epoch FROM s.stopped - s.started - k.target) * 1000)::bigint ELSE 0 END,
              1
       FROM tickets t
       CROSS JOIN LATERAL (VALUES ('acknowledge', 1, interval '1 hour', '1 business hour', 0), ('resolve', 1, interval '3 days', '3 business days', 0),
                                  ('update', 1, interval '4 hours', '4 business hours', 1), ('update', 2, interval '4 hours', '4 business hours', 2))
                          AS k(clock, cycle, target, target_text, offset_intervals)
       -- Per-row draws from a hash of the row's key: the same rows every run.
       CROSS JOIN LATERAL (SELECT abs(hashtext(t.id || k.clock || k.cycle)) AS h,
                                  (abs(hashtext(t.id || k.clock || k.cycle || 'r')) % 1000000)::float8 / 1000000 AS r) AS d
       CROSS JOIN LATERAL (
         SELECT t.opened_at + k.offset_intervals * interval '4 hours' AS started,
                CASE WHEN d.r < 0.85 THEN 'met' WHEN d.r < 0.95 THEN 'breached' WHEN d.r < 0.98 THEN 'running'
                     WHEN d.r < 0.99 THEN 'paused' ELSE 'cancelled' END AS outcome
       ) AS o
       CROSS JOIN LATERAL (
         SELECT o.started, o.outcome,
                CASE o.outcome WHEN 'met' THEN o.started + k.target * d.r WHEN 'breached' THEN o.started + k.target * (1 + d.r)
                               WHEN 'cancelled' THEN o.started + k.target * 0.5 END AS stopped
       ) AS s
       WHERE t.id LIKE 'bench-%'
       LIMIT $1`,
      [data.cycles],
    );
    await client.query('ANALYZE tickets');
    await client.query('ANALYZE sla_cycles');
  } finally {
    client.release();
  }
}
