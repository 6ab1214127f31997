import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monthly incident quota's ledger: one row per ticket counted against an organisation's quota
 * under a policy in a month (of the policy's quota zone), written when the API accepts the ticket.
 * The projection cannot be the count: activities write it after the workflow has started, so
 * tickets opened close together would all count as under quota.
 */
export class IncidentClaims1764547200000 implements MigrationInterface {
  name = 'IncidentClaims1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE incident_claims (
        ticket_id text PRIMARY KEY,
        organisation text NOT NULL,
        policy text NOT NULL,
        plan text NOT NULL,
        month text NOT NULL,
        over_quota boolean NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX incident_claims_month_idx ON incident_claims (organisation, policy, month)');
    // Tickets opened before this ledger existed count too (their month taken in UTC: the quota
    // zone is in each policy's document, and a ticket opened in the last hours of a month is rare).
    await queryRunner.query(`
      INSERT INTO incident_claims (ticket_id, organisation, policy, plan, month, over_quota)
      SELECT id, organisation, policy, plan, to_char(opened_at AT TIME ZONE 'UTC', 'YYYY-MM'), false
        FROM tickets WHERE policy IS NOT NULL AND plan IS NOT NULL
      ON CONFLICT DO NOTHING`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE incident_claims');
  }
}
