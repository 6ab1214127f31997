import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection keeps a ticket's intake fields in a column of their own (they are in `state` too),
 * so that a search by serial number or version is a plain JSON query. Tickets projected before
 * take theirs from the state they were written with (none, for tickets opened before they were kept).
 */
export class IntakeFields1765000000000 implements MigrationInterface {
  name = 'IntakeFields1765000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE tickets ADD COLUMN fields jsonb NOT NULL DEFAULT '{}'::jsonb`);
    await queryRunner.query(`UPDATE tickets SET fields = state->'fields' WHERE jsonb_typeof(state->'fields') = 'object'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE tickets DROP COLUMN fields');
  }
}
