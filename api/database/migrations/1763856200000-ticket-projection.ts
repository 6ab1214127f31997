import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket projection grows what the list filters and reports need: policy, plan, the next
 * committed deadline, the resolve deadline, how many breaches, the escalation level, and the
 * state the ticket's workflow last reported (read by `GET /tickets/:id` once the workflow ended).
 */
export class TicketProjection1763856200000 implements MigrationInterface {
  name = 'TicketProjection1763856200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE tickets
        ADD COLUMN policy text,
        ADD COLUMN plan text,
        ADD COLUMN next_deadline_at timestamptz,
        ADD COLUMN resolve_due_at timestamptz,
        ADD COLUMN breach_count integer NOT NULL DEFAULT 0,
        ADD COLUMN escalation_level integer NOT NULL DEFAULT 0,
        ADD COLUMN state jsonb`);
    await queryRunner.query(`CREATE INDEX tickets_policy_idx ON tickets (policy)`);
    await queryRunner.query(`CREATE INDEX tickets_priority_idx ON tickets (priority)`);
    await queryRunner.query(`CREATE INDEX tickets_breached_idx ON tickets (sla_breached) WHERE sla_breached`);
    await queryRunner.query(`CREATE INDEX tickets_next_deadline_idx ON tickets (next_deadline_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX tickets_next_deadline_idx');
    await queryRunner.query('DROP INDEX tickets_breached_idx');
    await queryRunner.query('DROP INDEX tickets_priority_idx');
    await queryRunner.query('DROP INDEX tickets_policy_idx');
    await queryRunner.query(`
      ALTER TABLE tickets
        DROP COLUMN policy, DROP COLUMN plan, DROP COLUMN next_deadline_at, DROP COLUMN resolve_due_at,
        DROP COLUMN breach_count, DROP COLUMN escalation_level, DROP COLUMN state`);
  }
}
