import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The audit trail keeps what an action said and who asked for it, beside the state it led to. */
export class EventDetail1764547300000 implements MigrationInterface {
  name = 'EventDetail1764547300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE ticket_events ADD COLUMN detail jsonb');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE ticket_events DROP COLUMN detail');
  }
}
