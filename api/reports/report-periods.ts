import type { ReportDimension } from './report-filters';

/** The report dimensions that are periods of a cycle's report instant, in the report's zone. */
export type PeriodDimension = Extract<ReportDimension, 'day' | 'week' | 'month'>;

/** Each period's key, as to_char writes it from the period's local start: ISO weeks are `2026-W05`. */
const periodFormats: Record<PeriodDimension, string> = { day: 'YYYY-MM-DD', week: 'IYYY-"W"IW', month: 'YYYY-MM' };

export function isPeriod(dimension: ReportDimension): dimension is PeriodDimension {
  return dimension in periodFormats;
}

/**
 * The periods that the cycles matching `where` span, in the zone named by the parameter `zone`:
 * a relation `periods` with a column per asked period (its key, as `"month"`) and the instants it
 * covers, `[lo, hi)`. Steps of the grain run from the first report instant's to the last's; when
 * several periods are asked, consecutive steps with the same keys merge (a week straddling two
 * months is two periods). A local midnight that a DST change skips is read by PostgreSQL with the
 * offset before the change, which is the change's own instant: the periods still tile time with
 * no gap and no overlap.
 */
export function periodsSql(periods: readonly PeriodDimension[], zone: string, where: string): string {
  const grain = periods.length === 1 ? periods[0] : 'day';
  const keys = periods.map((period) => `to_char(s.local_start, '${periodFormats[period]}') AS "${period}"`);
  return `span AS (SELECT min(c.report_at) AS first, max(c.report_at) AS last FROM sla_cycles c WHERE ${where}),
       periods AS (
         SELECT ${keys.join(', ')}, min(s.local_start AT TIME ZONE ${zone}) AS lo, max((s.local_start + interval '1 ${grain}') AT TIME ZONE ${zone}) AS hi
         FROM span, generate_series(date_trunc('${grain}', span.first AT TIME ZONE ${zone}), span.last AT TIME ZONE ${zone}, interval '1 ${grain}')
              AS s(local_start)
         GROUP BY ${keys.map((_, index) => index + 1).join(', ')}
       )`;
}
