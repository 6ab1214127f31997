import type { MigrationInterface, QueryRunner } from 'typeorm';

/** API keys, stored as SHA-256 hashes of their secrets. */
export class ApiKeys1763856300000 implements MigrationInterface {
  name = 'ApiKeys1763856300000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE api_keys (
        id text PRIMARY KEY,
        secret_hash text NOT NULL UNIQUE,
        role text NOT NULL CHECK (role IN ('customer', 'agent', 'ops')),
        organisation text,
        label text,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (role <> 'customer' OR organisation IS NOT NULL)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE api_keys');
  }
}
