import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ticket projection and its append-only audit trail, both written by workflow activities. */
export class Foundation1763769600000 implements MigrationInterface {
  name = 'Foundation1763769600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE tickets (
        id text PRIMARY KEY,
        organisation text NOT NULL,
        subject text NOT NULL,
        priority text NOT NULL,
        status text NOT NULL,
        opened_at timestamptz NOT NULL,
        acknowledge_due_at timestamptz,
        sla_breached boolean NOT NULL DEFAULT false,
        last_event_sequence integer NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX tickets_status_idx ON tickets (status)`);
    await queryRunner.query(`CREATE INDEX tickets_organisation_idx ON tickets (organisation)`);
    await queryRunner.query(`
      CREATE TABLE ticket_events (
        ticket_id text NOT NULL,
        sequence integer NOT NULL,
        type text NOT NULL,
        at timestamptz NOT NULL,
        state jsonb NOT NULL,
        PRIMARY KEY (ticket_id, sequence)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ticket_events');
    await queryRunner.query('DROP TABLE tickets');
  }
}
