import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A covering index for the SLA reports: committed (or best-effort) cycles of a period come from an
 * index-only scan instead of the table, in policy and priority order, so a report that walks
 * periods aggregates each one's cycles with no sort (PostgreSQL 18 skips through the policy and
 * priority prefix to each period's range). Measured, with its cost on writes, in
 * docs/benchmarks.md.
 */
export class SlaCyclesReportIndex1766000000100 implements MigrationInterface {
  name = 'SlaCyclesReportIndex1766000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE INDEX sla_cycles_report_idx ON sla_cycles (commitment, policy, priority, report_at)
        INCLUDE (outcome, business_ms, stopped_at, due_at)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX sla_cycles_report_idx');
  }
}
