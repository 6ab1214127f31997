import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { SlaReportQueryDto } from './dto/sla-report-query.dto';
import type { SlaReportDto, SlaReportRowDto } from './dto/sla-report.dto';
import { cycleFilter, parseDimensions, type ReportDimension } from './report-filters';

/** The SQL of each dimension over `sla_cycles c`; `zone` is the parameter holding the report's zone. */
function dimensionSql(dimension: ReportDimension, zone: string): string {
  switch (dimension) {
    case 'day':
      return `to_char(c.report_at AT TIME ZONE ${zone}, 'YYYY-MM-DD')`;
    case 'week':
      return `to_char(c.report_at AT TIME ZONE ${zone}, 'IYYY-"W"IW')`;
    case 'month':
      return `to_char(c.report_at AT TIME ZONE ${zone}, 'YYYY-MM')`;
    default:
      return `c.${dimension}`;
  }
}

/**
 * Counts, attainment and percentiles of business time taken, per group, straight from the SLA
 * records in PostgreSQL (never from the workflows): one aggregate query.
 */
@Injectable()
export class SlaReportService {
  constructor(private readonly dataSource: DataSource) {}

  async report(query: SlaReportQueryDto): Promise<SlaReportDto> {
    const dimensions = parseDimensions(query.groupBy);
    const filter = cycleFilter(query);
    const params = [...filter.params];
    // The zone is a parameter only when a period uses it: PostgreSQL refuses a parameter no placeholder names.
    const periods = dimensions.some((dimension) => dimension === 'day' || dimension === 'week' || dimension === 'month');
    if (periods) params.push(filter.zone);
    const zone = `$${params.length}`;
    const keys = dimensions.map((dimension) => `${dimensionSql(dimension, zone)} AS "${dimension}"`);
    const positions = dimensions.map((_, index) => index + 1).join(', ');
    const verdict = `c.outcome IN ('met', 'breached') AND c.stopped_at IS NOT NULL`;
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT ${[...keys, ''].join(', ')}
              count(*)::int AS total,
              count(*) FILTER (WHERE c.outcome = 'met')::int AS met,
              count(*) FILTER (WHERE c.outcome = 'breached')::int AS breached,
              count(*) FILTER (WHERE c.outcome IN ('running', 'paused'))::int AS running,
              count(*) FILTER (WHERE c.outcome = 'running' AND c.due_at < now())::int AS "runningLate",
              percentile_cont(0.5) WITHIN GROUP (ORDER BY c.business_ms) FILTER (WHERE ${verdict}) AS "medianBusinessMs",
              percentile_cont(0.9) WITHIN GROUP (ORDER BY c.business_ms) FILTER (WHERE ${verdict}) AS "p90BusinessMs"
       FROM sla_cycles c
       WHERE ${filter.where}
       ${dimensions.length ? `GROUP BY ${positions} ORDER BY ${positions}` : ''}`,
      params,
    );
    return {
      from: filter.from,
      to: filter.to,
      zone: filter.zone,
      groupBy: dimensions,
      rows: rows.map((row): SlaReportRowDto => {
        const met = row.met as number;
        const breached = row.breached as number;
        return {
          ...Object.fromEntries(dimensions.map((dimension) => [dimension, row[dimension]])),
          total: row.total as number,
          met,
          breached,
          running: row.running as number,
          runningLate: row.runningLate as number,
          attainment: met + breached === 0 ? null : met / (met + breached),
          medianBusinessMs: (row.medianBusinessMs as number | null) ?? null,
          p90BusinessMs: (row.p90BusinessMs as number | null) ?? null,
        };
      }),
    };
  }
}
