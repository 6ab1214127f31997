import Holidays from 'date-holidays';
import type { HolidayRules } from '../workflows/policy';

/**
 * Public holidays as concrete local dates, resolved with date-holidays outside workflow code (the
 * workflow only ever sees the dates, docs/design.md "Layout").
 *
 * What counts as a closed day, given what date-holidays returns:
 * - Only `type === 'public'`: bank holidays, observances, school and optional days leave the desk
 *   open (Germany's Christmas Eve afternoon is a 'bank' holiday; the US day after Thanksgiving an
 *   observance).
 * - Substitute days (`substitute: true`, e.g. US Independence Day observed on Friday 2026-07-03
 *   because 4 July is a Saturday) are closed: the substitute is the day offices actually close. The
 *   holiday's own date is kept as well (it usually falls on a weekend, where it changes nothing).
 * - A calendar closes whole local days only, so a date counts when the holiday covers it from
 *   midnight to midnight. A holiday over several days gives every day it covers (Romania's 1-2
 *   January). Half days (Iceland's Christmas Eve from 13:00, China's afternoon holidays) cover no
 *   whole day and are left out: the desk works that morning, and closing the whole day would give
 *   away a working day the contract did not; a policy that closes on such a day lists it in
 *   `extra`.
 * - Holidays reckoned from sunset (date-holidays writes them '... 00:00:00 -0600': they begin at
 *   18:00 on the eve) are read from midnight of the date they are named for, so an Eid of three
 *   days closes those three dates and not the evening before.
 *
 * date-holidays is asked for its dates in UTC: the wall-clock dates and times it returns are the
 * same in every zone (checked over all countries and states, 2024-2029), and in UTC its start and
 * end instants read directly as local wall-clock time, with no DST-length days to correct for.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
// '2025-03-30 00:00:00' or '2025-03-30 00:00:00 -0600' (date-holidays' local date and time).
const HOLIDAY_DATE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

export class HolidayRulesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HolidayRulesError';
  }
}

let countries: Record<string, string> | undefined;
const statesByCountry = new Map<string, Record<string, string>>();
const resolvers = new Map<string, Holidays>();
// Every ticket resolves a snapshot; date-holidays computes a year in milliseconds, so each year's
// dates are kept (a few hundred short strings per country over the years in use).
const datesByYear = new Map<string, readonly string[]>();

/** Country codes date-holidays knows, with their English names. */
export function holidayCountries(): Readonly<Record<string, string>> {
  countries ??= new Holidays().getCountries('en');
  return countries;
}

/** State/region codes date-holidays knows for a country (empty when it has none or is unknown). */
export function holidayRegions(country: string): Readonly<Record<string, string>> {
  let states = statesByCountry.get(country);
  if (!states) {
    states = Object.hasOwn(holidayCountries(), country) ? (new Holidays().getStates(country, 'en') ?? {}) : {};
    statesByCountry.set(country, states);
  }
  return states;
}

export interface HolidayRulesProblem {
  field: 'country' | 'region';
  message: string;
}

/** What is wrong with the country and region of holiday rules; empty when date-holidays knows both. */
export function holidayRulesProblems(rules: Pick<HolidayRules, 'country' | 'region'>): HolidayRulesProblem[] {
  const { country, region } = rules;
  if (country === undefined) {
    return region === undefined ? [] : [{ field: 'region', message: `region '${region}' needs a country` }];
  }
  if (!Object.hasOwn(holidayCountries(), country)) {
    const upper = country.toUpperCase();
    const hint = Object.hasOwn(holidayCountries(), upper)
      ? `write it as '${upper}'`
      : 'expected an ISO 3166-1 alpha-2 code known to date-holidays, e.g. RO, DE, US';
    return [{ field: 'country', message: `unknown holiday country '${country}': ${hint}` }];
  }
  if (region === undefined) return [];
  const regions = Object.keys(holidayRegions(country));
  if (regions.includes(region)) return [];
  const accepted = regions.length > 0 ? `one of ${regions.join(', ')}` : `${country} has no regions in date-holidays`;
  return [{ field: 'region', message: `unknown region '${region}' of ${country}: ${accepted}` }];
}

function resolverFor(country: string, region: string | undefined): Holidays {
  const key = `${country}/${region ?? ''}`;
  let resolver = resolvers.get(key);
  if (!resolver) {
    resolver = region === undefined ? new Holidays(country, { timezone: 'UTC' }) : new Holidays(country, region, { timezone: 'UTC' });
    resolvers.set(key, resolver);
  }
  return resolver;
}

function publicHolidayDates(country: string, region: string | undefined, year: number): readonly string[] {
  const key = `${country}/${region ?? ''}/${year}`;
  let dates = datesByYear.get(key);
  if (!dates) {
    dates = resolverFor(country, region)
      .getHolidays(year)
      .filter((holiday) => holiday.type === 'public')
      .flatMap(wholeDaysCovered);
    datesByYear.set(key, dates);
  }
  return dates;
}

function dayNumber(isoDate: string, what: string): number {
  const match = ISO_DATE.exec(isoDate);
  const ms = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
  if (!match || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new HolidayRulesError(`${what} ${JSON.stringify(isoDate)} is not a valid local date 'yyyy-MM-dd'`);
  }
  return ms / DAY_MS;
}

function isoDateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** The local dates a holiday covers from midnight to midnight (see the rules above). */
function wholeDaysCovered(holiday: { date: string; start: Date; end: Date }): string[] {
  const match = HOLIDAY_DATE.exec(holiday.date);
  // Losing a holiday silently would move deadlines; a format date-holidays no longer writes is a defect.
  if (!match) throw new Error(`date-holidays gave a holiday date this code cannot read: ${JSON.stringify(holiday.date)}`);
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number);
  // The named date and time, against the actual start: 6 hours apart for a holiday from sunset.
  const nominalStart = Date.UTC(year, month - 1, day, hour, minute, second);
  const shift = nominalStart - holiday.start.getTime();
  const end = holiday.end.getTime() + shift;
  const dates: string[] = [];
  for (let d = Math.ceil(nominalStart / DAY_MS); (d + 1) * DAY_MS <= end; d++) dates.push(isoDateOfDay(d));
  return dates;
}

/**
 * Closed local dates 'yyyy-MM-dd' between `fromDate` and `toDate` (both inclusive): the public
 * holidays of `rules.country` (and `rules.region`, a date-holidays state code) plus `rules.extra`,
 * sorted, each once.
 */
export function resolveHolidays(rules: HolidayRules, fromDate: string, toDate: string): string[] {
  const first = dayNumber(fromDate, 'fromDate');
  const last = dayNumber(toDate, 'toDate');
  if (first > last) throw new HolidayRulesError(`fromDate ${fromDate} is after toDate ${toDate}`);
  const problems = holidayRulesProblems(rules);
  if (problems.length > 0) throw new HolidayRulesError(problems.map((p) => p.message).join('; '));

  const dates = new Set<string>();
  if (rules.country !== undefined) {
    // From the year before: a holiday of several days may begin in December and reach into January.
    for (let year = Number(fromDate.slice(0, 4)) - 1; year <= Number(toDate.slice(0, 4)); year++) {
      for (const date of publicHolidayDates(rules.country, rules.region, year)) dates.add(date);
    }
  }
  for (const [i, date] of (rules.extra ?? []).entries()) {
    dayNumber(date, `extra[${i}]`);
    dates.add(date);
  }
  return [...dates].filter((date) => date >= fromDate && date <= toDate).sort();
}
