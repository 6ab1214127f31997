import { BadRequestException } from '@nestjs/common';
import { DateTime, IANAZone } from 'luxon';
import type { SlaFiltersQueryDto } from './dto/sla-report-query.dto';

/** What a report may group by: the cycle's own columns, and periods of its report instant in the zone. */
export const reportDimensions = ['policy', 'plan', 'priority', 'organisation', 'clock', 'assignee', 'day', 'week', 'month'] as const;
export type ReportDimension = (typeof reportDimensions)[number];

/** The filters as SQL: a WHERE clause over `sla_cycles` (alias `c`) and its parameters. */
export interface CycleFilter {
  from: string | null;
  to: string | null;
  zone: string;
  where: string;
  params: unknown[];
}

export function badRequest(field: string, problem: string): BadRequestException {
  return new BadRequestException({ message: `invalid fields: ${field} (${problem})`, details: [{ field, problems: [problem] }] });
}

/** An IANA zone both luxon and PostgreSQL know (the periods are computed in SQL). */
export function parseZone(zone: string | undefined, field = 'zone'): string {
  const name = zone ?? 'UTC';
  if (!IANAZone.isValidZone(name)) throw badRequest(field, `'${name}' is not an IANA time zone`);
  return name;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// An instant names its offset: a local time without one would be read in whatever zone the server has.
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * The years a report bound may fall in, in UTC. Outside them an instant is no support desk's, and
 * ISO-8601 needs a sign and more digits (year 0 or 10000) that PostgreSQL does not read.
 */
export const reportYears = { first: 1900, last: 9998 } as const;

/** `instant` as a UTC ISO-8601 instant, or a 400 naming `field` when it is outside `reportYears`. */
export function reportInstant(instant: DateTime, field: string, value: string): string {
  const utc = instant.toUTC();
  if (utc.year < reportYears.first || utc.year > reportYears.last)
    throw badRequest(field, `'${value}' is outside the years ${reportYears.first} to ${reportYears.last}`);
  return utc.toISO()!;
}

/** A date is midnight in `zone`; an instant is itself. Answered as a UTC ISO-8601 instant. */
export function parseBound(value: string | undefined, field: string, zone: string): string | null {
  if (value === undefined) return null;
  const parsed = DATE.test(value) ? DateTime.fromISO(value, { zone }) : INSTANT.test(value) ? DateTime.fromISO(value, { setZone: true }) : null;
  if (!parsed?.isValid) throw badRequest(field, `'${value}' is not an ISO-8601 date (YYYY-MM-DD) or instant with an offset`);
  return reportInstant(parsed, field, value);
}

export function parseDimensions(groupBy: string | undefined): ReportDimension[] {
  if (groupBy === undefined || groupBy.trim() === '') return [];
  const asked = groupBy.split(',').map((part) => part.trim());
  const unknown = asked.filter((part) => !(reportDimensions as readonly string[]).includes(part));
  if (unknown.length)
    throw badRequest('groupBy', `unknown dimension(s) ${unknown.map((u) => `'${u}'`).join(', ')}: accepted ${reportDimensions.join(', ')}`);
  const repeated = asked.filter((part, index) => asked.indexOf(part) !== index);
  if (repeated.length) throw badRequest('groupBy', `dimension '${repeated[0]}' given twice`);
  return asked as ReportDimension[];
}

/** Which cycles count: the shared filters as a WHERE clause. Parameters are numbered from 1. */
export function cycleFilter(query: SlaFiltersQueryDto): CycleFilter {
  const zone = parseZone(query.zone);
  const from = parseBound(query.from, 'from', zone);
  const to = parseBound(query.to, 'to', zone);
  if (from !== null && to !== null && from >= to) throw badRequest('to', `'${query.to}' is not after from '${query.from}'`);
  const params: unknown[] = [];
  const clauses: string[] = [];
  const add = (sql: (placeholder: string) => string, value: unknown) => {
    params.push(value);
    clauses.push(sql(`$${params.length}`));
  };
  add((p) => `c.commitment = ${p}`, query.commitment ?? 'committed');
  if (from !== null) add((p) => `c.report_at >= ${p}`, from);
  if (to !== null) add((p) => `c.report_at < ${p}`, to);
  for (const column of ['policy', 'plan', 'priority', 'organisation', 'clock'] as const) {
    const value = query[column];
    if (value !== undefined) add((p) => `c.${column} = ${p}`, value);
  }
  return { from, to, zone, where: clauses.join(' AND '), params };
}
