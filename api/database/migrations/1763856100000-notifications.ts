import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The notification delivery log: one row per (notification, recipient), written by the notify
 * activity on every attempt. The primary key is its idempotency key; ops list and retry the
 * `failed` rows.
 */
export class Notifications1763856100000 implements MigrationInterface {
  name = 'Notifications1763856100000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification_deliveries (
        notification_id text NOT NULL,
        recipient text NOT NULL,
        ticket_id text NOT NULL,
        organisation text NOT NULL,
        kind text NOT NULL,
        clock text,
        subject text NOT NULL,
        body text NOT NULL,
        at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('delivered', 'failed')),
        attempts integer NOT NULL CHECK (attempts >= 1),
        last_error text,
        first_attempt_at timestamptz NOT NULL,
        last_attempt_at timestamptz NOT NULL,
        delivered_at timestamptz,
        PRIMARY KEY (notification_id, recipient),
        CHECK ((status = 'delivered') = (delivered_at IS NOT NULL))
      )`);
    // Failed rows are few and are what ops look for, per ticket and across the desk: partial indexes.
    await queryRunner.query(`
      CREATE INDEX notification_deliveries_failed_by_ticket_idx
        ON notification_deliveries (ticket_id, last_attempt_at) WHERE status = 'failed'`);
    await queryRunner.query(`
      CREATE INDEX notification_deliveries_failed_idx
        ON notification_deliveries (last_attempt_at) WHERE status = 'failed'`);
    await queryRunner.query(`CREATE INDEX notification_deliveries_ticket_idx ON notification_deliveries (ticket_id)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE notification_deliveries');
  }
}
