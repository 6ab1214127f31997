import { DateTime } from 'luxon';
import { validateCalendar, type Calendar } from '../workflows/calendar';
import type { CalendarSpec, PolicyDocument, PolicySnapshot } from '../workflows/policy';
import { resolveHolidays } from './holidays';

export interface ResolveSnapshotOptions {
  /** The instant the snapshot is for (epoch ms): a ticket's opening, or its continue-as-new. */
  at: number;
  /** Years of holidays after `at`; default 3. */
  horizonYears?: number;
}

export const defaultHorizonYears = 3;

/**
 * Local dates over which holidays are resolved: one year before `at` (a priority change re-targets
 * running clocks from their original start, which may lie before `at` when this runs at
 * continue-as-new) to `horizonYears` after it. "The local date of `at`" differs between zones by a
 * day at most; the horizon takes the earliest and latest of the document's zones so that every
 * calendar is covered.
 */
export function holidayHorizon(
  calendars: Record<string, CalendarSpec>,
  at: number,
  horizonYears = defaultHorizonYears,
): PolicySnapshot['holidayHorizon'] {
  const zones = Object.values(calendars).flatMap((spec) => (spec.kind === 'working' ? [spec.zone] : []));
  const localDates = (zones.length > 0 ? zones : ['UTC']).map((zone) => DateTime.fromMillis(at, { zone }).startOf('day'));
  const earliest = DateTime.min(...localDates)!;
  const latest = DateTime.max(...localDates)!;
  return {
    from: earliest.minus({ years: 1 }).toISODate()!,
    to: latest.plus({ years: horizonYears }).toISODate()!,
  };
}

function resolveCalendar(spec: CalendarSpec, horizon: PolicySnapshot['holidayHorizon']): Calendar {
  if (spec.kind === '24x7') return { kind: '24x7' };
  return {
    kind: 'working',
    zone: spec.zone,
    week: structuredClone(spec.week),
    holidays: resolveHolidays(spec.holidays ?? {}, horizon.from, horizon.to),
  };
}

/**
 * What a ticket carries (docs/design.md "Data flow"): the document with its version, and every calendar
 * with concrete holiday dates over the horizon around `at`. A pure function of its arguments (and
 * of the date-holidays data shipped with the code), so continue-as-new calls it again with a later
 * `at` to extend the horizon. The document is copied: later edits of the caller's object do not
 * reach a running ticket.
 */
export function resolvePolicySnapshot(document: PolicyDocument & { version: number }, options: ResolveSnapshotOptions): PolicySnapshot {
  const { at, horizonYears = defaultHorizonYears } = options;
  if (!Number.isFinite(at) || !DateTime.fromMillis(at).isValid) {
    throw new RangeError(`at must be an instant in epoch milliseconds, got ${String(at)}`);
  }
  if (!Number.isInteger(horizonYears) || horizonYears < 0) {
    throw new RangeError(`horizonYears must be a whole number of years >= 0, got ${String(horizonYears)}`);
  }
  const horizon = holidayHorizon(document.calendars, at, horizonYears);
  const calendars: Record<string, Calendar> = {};
  for (const [id, spec] of Object.entries(document.calendars)) {
    const calendar = resolveCalendar(spec, horizon);
    // Documents are validated when stored; this guards against one that was not, before a
    // workflow is started with it.
    validateCalendar(calendar);
    calendars[id] = calendar;
  }
  return { document: structuredClone(document), calendars, holidayHorizon: horizon };
}
