import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SlaReportQueryDto } from './dto/sla-report-query.dto';
import type { SlaReportDto, SlaReportRowDto } from './dto/sla-report.dto';
import { badRequest, cycleFilter, parseDimensions, type ReportDimension } from './report-filters';
import { isPeriod, periodsSql, type PeriodDimension } from './report-periods';

const verdict = `c.outcome IN ('met', 'breached') AND c.stopped_at IS NOT NULL`;

/** A group's numbers over `sla_cycles c`: both percentiles from one sort of the business times taken. */
const aggregates = `count(*)::int AS total,
              count(*) FILTER (WHERE c.outcome = 'met')::int AS met,
              count(*) FILTER (WHERE c.outcome = 'breached')::int AS breached,
              count(*) FILTER (WHERE c.outcome IN ('running', 'paused'))::int AS running,
              count(*) FILTER (WHERE c.outcome = 'running' AND c.due_at < now())::int AS "runningLate",
              percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY c.business_ms) FILTER (WHERE ${verdict}) AS percentiles`;

const positions = (dimensions: readonly ReportDimension[]) => dimensions.map((_, index) => index + 1).join(', ');

/** Groups of the cycles' own columns (or none): one aggregate over the matching cycles. */
function flatSql(dimensions: readonly ReportDimension[], where: string): string {
  return `SELECT ${[...dimensions.map((dimension) => `c.${dimension} AS "${dimension}"`), ''].join(', ')}${aggregates}
          FROM sla_cycles c
          WHERE ${where}
          ${dimensions.length ? `GROUP BY ${positions(dimensions)} ORDER BY ${positions(dimensions)}` : ''}`;
}

/**
 * Groups with a period: walk the periods, and aggregate each one's cycles by the other dimensions.
 * Each period's cycles come from the report index already in policy and priority order; a period
 * computed row by row would sort every cycle of the range again (2.7 times slower over a year of
 * 1,000,000 cycles, docs/benchmarks.md).
 */
function byPeriodSql(dimensions: readonly ReportDimension[], periods: readonly PeriodDimension[], zone: string, where: string): string {
  const others = dimensions.filter((dimension) => !isPeriod(dimension));
  const keys = dimensions.map((dimension) => `${isPeriod(dimension) ? `p."${dimension}"` : `g.${dimension}`} AS "${dimension}"`);
  return `WITH ${periodsSql(periods, zone, where)}
          SELECT ${keys.join(', ')}, g.total, g.met, g.breached, g.running, g."runningLate", g.percentiles
          FROM periods p
          CROSS JOIN LATERAL (
            SELECT ${[...others.map((dimension) => `c.${dimension}`), ''].join(', ')}${aggregates}
            FROM sla_cycles c
            WHERE ${where} AND c.report_at >= p.lo AND c.report_at < p.hi
            ${others.length ? `GROUP BY ${positions(others)}` : ''}
            HAVING count(*) > 0
          ) g
          ORDER BY ${positions(dimensions)}`;
}

/**
 * Counts, attainment and percentiles of business time taken, per group, straight from the SLA
 * records in PostgreSQL (never from the workflows): one query.
 */
@Injectable()
export class SlaReportService {
  constructor(private readonly dataSource: DataSource) {}

  async report(query: SlaReportQueryDto): Promise<SlaReportDto> {
    const dimensions = parseDimensions(query.groupBy);
    const filter = cycleFilter(query);
    const params = [...filter.params];
    const periods = dimensions.filter(isPeriod);
    const byPeriod = periods.length > 0;
    // The zone is a parameter only when a period uses it: PostgreSQL refuses a parameter no placeholder names.
    if (byPeriod) params.push(filter.zone);
    const sql = byPeriod ? byPeriodSql(dimensions, periods, `$${params.length}`, filter.where) : flatSql(dimensions, filter.where);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(sql, params).catch((error: unknown) => {
      // A zone luxon (Intl) knows and PostgreSQL does not: the caller's input, not our fault.
      if ((error as { driverError?: { code?: string } }).driverError?.code === '22023' && byPeriod)
        throw badRequest('zone', `'${filter.zone}' is not a time zone PostgreSQL knows`);
      throw error;
    });
    return {
      from: filter.from,
      to: filter.to,
      zone: filter.zone,
      groupBy: dimensions,
      rows: rows.map((row): SlaReportRowDto => {
        const met = row.met as number;
        const breached = row.breached as number;
        const percentiles = row.percentiles as [number, number] | null;
        return {
          ...Object.fromEntries(dimensions.map((dimension) => [dimension, row[dimension]])),
          total: row.total as number,
          met,
          breached,
          running: row.running as number,
          runningLate: row.runningLate as number,
          attainment: met + breached === 0 ? null : met / (met + breached),
          medianBusinessMs: percentiles?.[0] ?? null,
          p90BusinessMs: percentiles?.[1] ?? null,
        };
      }),
    };
  }
}
