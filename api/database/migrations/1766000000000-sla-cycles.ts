import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * SLA records: one row per cycle of each clock of each ticket (an acknowledgement, each interval of
 * the update cadence, each next-reply wait), written by the same activity and transaction as the
 * projection, read by the reports. `report_at` is the instant a report files the cycle under: its
 * deadline, or its start when it has none.
 *
 * Tickets that exist already get theirs from the last state the projection holds: every clock's
 * current cycle, and the missed intervals of the update cadence that state lists (their start is
 * not in it; their number counts breaches, since met intervals before the last are not in it
 * either). Time taken in business time needs the calendar, which SQL does not have: it stays null
 * for those rows until the ticket's next event writes the cycle again.
 */
export class SlaCycles1766000000000 implements MigrationInterface {
  name = 'SlaCycles1766000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE sla_cycles (
        ticket_id text NOT NULL,
        clock text NOT NULL,
        cycle integer NOT NULL,
        policy text NOT NULL,
        policy_version integer NOT NULL,
        plan text NOT NULL,
        priority text NOT NULL,
        organisation text NOT NULL,
        assignee text,
        commitment text NOT NULL,
        target text,
        started_at timestamptz,
        due_at timestamptz,
        stopped_at timestamptz,
        outcome text NOT NULL CHECK (outcome IN ('running', 'paused', 'met', 'breached', 'cancelled')),
        breached_at timestamptz,
        business_ms bigint,
        calendar_ms bigint,
        paused_ms bigint,
        late_business_ms bigint,
        report_at timestamptz GENERATED ALWAYS AS (coalesce(due_at, started_at)) STORED,
        state_sequence integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, clock, cycle)
      )`);
    await queryRunner.query(`CREATE INDEX sla_cycles_report_at_idx ON sla_cycles (report_at, commitment)`);
    await queryRunner.query(`CREATE INDEX sla_cycles_organisation_idx ON sla_cycles (organisation, report_at)`);
    await queryRunner.query(`
      WITH clocks AS (
        SELECT t.id, t.policy, t.plan, t.organisation, t.state, c.value AS clock
        FROM tickets t, jsonb_array_elements(t.state->'clocks') c
        WHERE t.state IS NOT NULL AND t.policy IS NOT NULL AND c.value->>'startedAt' IS NOT NULL AND c.value->>'commitment' IS NOT NULL
      ), current_cycles AS (
        SELECT id, policy, plan, organisation, state, clock,
               CASE WHEN clock->>'clock' = 'update' THEN (clock->>'breachCount')::int + 1 ELSE 1 END AS cycle,
               CASE clock->>'status' WHEN 'running' THEN 'running' WHEN 'paused' THEN 'paused' WHEN 'met' THEN 'met'
                                     WHEN 'breached' THEN 'breached' ELSE 'cancelled' END AS outcome,
               clock->'breaches'->-1 AS last_breach
        FROM clocks
      )
      INSERT INTO sla_cycles (ticket_id, clock, cycle, policy, policy_version, plan, priority, organisation, assignee, commitment,
                              target, started_at, due_at, stopped_at, outcome, breached_at, calendar_ms, state_sequence)
      SELECT id, clock->>'clock', cycle, policy, (state->>'policyVersion')::int, plan, state->>'priority', organisation, state->>'assignee',
             clock->>'commitment', clock->>'target', (clock->>'startedAt')::timestamptz,
             CASE WHEN outcome = 'breached' THEN (last_breach->>'dueAt')::timestamptz ELSE (clock->>'dueAt')::timestamptz END,
             (clock->>'stoppedAt')::timestamptz, outcome,
             CASE WHEN outcome = 'breached' THEN (last_breach->>'at')::timestamptz END,
             CASE WHEN clock->>'stoppedAt' IS NOT NULL
                  THEN (extract(epoch FROM (clock->>'stoppedAt')::timestamptz - (clock->>'startedAt')::timestamptz) * 1000)::bigint END,
             (state->>'sequence')::int
      FROM current_cycles
      UNION ALL
      SELECT c.id, 'update', (c.clock->>'breachCount')::int - jsonb_array_length(c.clock->'breaches') + b.ordinality::int, c.policy,
             (c.state->>'policyVersion')::int, c.plan, c.state->>'priority', c.organisation, c.state->>'assignee', c.clock->>'commitment',
             c.clock->>'target', NULL, (b.value->>'dueAt')::timestamptz, NULL, 'breached', (b.value->>'at')::timestamptz, NULL,
             (c.state->>'sequence')::int
      FROM clocks c, jsonb_array_elements(c.clock->'breaches') WITH ORDINALITY b
      WHERE c.clock->>'clock' = 'update'
      ON CONFLICT (ticket_id, clock, cycle) DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE sla_cycles');
  }
}
