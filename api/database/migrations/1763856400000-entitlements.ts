import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Support contracts per organisation and policy (entitlement checks when a ticket opens). */
export class Entitlements1763856400000 implements MigrationInterface {
  name = 'Entitlements1763856400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE entitlements (
        organisation text NOT NULL,
        policy text NOT NULL,
        plan text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        PRIMARY KEY (organisation, policy),
        CHECK (starts_on <= ends_on)
      )`);
    // Monthly quotas count a customer's tickets under a policy by opening instant.
    await queryRunner.query('CREATE INDEX tickets_quota_idx ON tickets (organisation, policy, opened_at)');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX tickets_quota_idx');
    await queryRunner.query('DROP TABLE entitlements');
  }
}
