import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Policy documents, one row per version. The primary key is what lets several API processes seed
 * the presets at once: a second insert of the same version conflicts instead of duplicating it.
 */
export class Policies1763856000000 implements MigrationInterface {
  name = 'Policies1763856000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE policies (
        id text NOT NULL,
        version integer NOT NULL CHECK (version >= 1),
        document jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (id, version)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE policies');
  }
}
