import { DateTime } from 'luxon';
import { presetDocument, presetIds, resolvePolicySnapshot } from '../../policies';
import { addTarget, businessElapsed, type Calendar, type Target, type TargetUnit, type WorkingCalendar } from '../../workflows/calendar';
import { Oracle, oracleAddTarget, oracleElapsed, ZoneTimeline } from './oracle';

/*
 * Random starts and targets on every calendar of the five presets, each answer compared with the
 * minute-stepping oracle (./oracle.ts). Calendars are the presets' own, resolved the way a ticket
 * gets them (resolvePolicySnapshot), so holidays are date-holidays' public holidays of each
 * preset's country over 2025-2027, and zones without holiday rules have none. Starts are spread
 * over 2025-2027 and steered so that many land near the zone's DST changes, on holidays, exactly
 * on openings and closings, and between whole minutes.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN_START = Date.parse('2025-01-01T00:00:00Z');
const SPAN_END = Date.parse('2027-12-31T23:59:59.999Z');
// Wide enough for starts near either end of the span, minus/plus their targets.
const TIMELINE_START = Date.parse('2024-12-01T00:00:00Z');
const TIMELINE_END = Date.parse('2028-03-01T00:00:00Z');
/** Snapshots as of 2025-01-01: holidays from a year before to three years after, so 2025-2027 and a little more. */
const SNAPSHOT_AT = SPAN_START;
const HORIZON_YEARS = 3;
const PRESET_SAMPLES = 5_000;
const SYNTHETIC_SAMPLES = 3_000;

/** Seeded PRNG (mulberry32): the same cases on every run. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hash = (text: string): number => [...text].reduce((h, char) => Math.imul(h ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261);

/** Every { amount, unit } in a preset document: its targets, customer-silence cadence and reopen window. */
function targetsOf(document: unknown): Target[] {
  const found = new Map<string, Target>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (typeof record.unit === 'string' && typeof record.amount === 'number') {
        found.set(`${record.amount} ${record.unit}`, { amount: record.amount, unit: record.unit as TargetUnit });
      }
      Object.values(record).forEach(walk);
    }
  };
  walk(document);
  return [...found.values()];
}

interface Case {
  name: string;
  calendar: Calendar;
  /** The calendar starts are steered by (zone, holidays, windows): the case's own, or for 24x7 the preset's working one. */
  steering?: WorkingCalendar;
  /** The preset's own targets, drawn verbatim for part of the samples. */
  presetTargets: Target[];
  samples: number;
}

const presetCases: Case[] = presetIds.flatMap((id) => {
  const snapshot = resolvePolicySnapshot(presetDocument(id), { at: SNAPSHOT_AT, horizonYears: HORIZON_YEARS });
  const calendars = Object.entries(snapshot.calendars);
  const workingOne = calendars.map(([, calendar]) => calendar).find((calendar): calendar is WorkingCalendar => calendar.kind === 'working');
  return calendars.map(([calendarId, calendar]) => ({
    name: `${id} / ${calendarId} (${calendar.kind === 'working' ? `${calendar.zone}, ${calendar.holidays.length} holidays` : '24x7'})`,
    calendar,
    steering: calendar.kind === 'working' ? calendar : workingOne,
    presetTargets: targetsOf(snapshot.document),
    samples: PRESET_SAMPLES,
  }));
});

// Windows that contain the 02:00-03:00 DST hour and meet at midnight, every day of the week.
const synthetic: WorkingCalendar = {
  kind: 'working',
  zone: 'America/New_York',
  week: Object.fromEntries(
    [1, 2, 3, 4, 5, 6, 7].map((weekday) => [
      weekday,
      [
        { start: '00:00', end: '04:00' },
        { start: '10:00', end: '12:30' },
        { start: '20:00', end: '24:00' },
      ],
    ]),
  ),
  holidays: ['2026-03-08', '2026-12-25'],
};

const cases: Case[] = [
  ...presetCases,
  {
    name: 'synthetic: every day 00:00-04:00, 10:00-12:30, 20:00-24:00 America/New_York',
    calendar: synthetic,
    steering: synthetic,
    presetTargets: [],
    samples: SYNTHETIC_SAMPLES,
  },
];

describe('the calendars under test are the presets, with date-holidays over 2025-2027', () => {
  test('every preset is here, each of its calendars, 24x7 ones included', () => {
    const names = presetCases.map((testCase) => testCase.name.split(' (')[0]);
    expect(names).toEqual([
      'syncro-soft / bucharest-support-hours',
      'syneto / rome-business-hours',
      'syneto / always-open',
      'synchronet-click / business',
      'synchronet-click / 24x7',
      'alectrona / business',
      'tiered-eu / business',
    ]);
  });

  test.each(presetIds)('%s: the holiday horizon covers 2025-2027; holidays only where the preset names a country', (id) => {
    const document = presetDocument(id);
    const snapshot = resolvePolicySnapshot(document, { at: SNAPSHOT_AT, horizonYears: HORIZON_YEARS });
    expect(snapshot.holidayHorizon.from <= '2025-01-01').toBe(true);
    expect(snapshot.holidayHorizon.to >= '2027-12-31').toBe(true);
    for (const [calendarId, calendar] of Object.entries(snapshot.calendars)) {
      if (calendar.kind !== 'working') continue;
      const spec = document.calendars[calendarId];
      const hasRules = spec.kind === 'working' && spec.holidays?.country !== undefined;
      for (const year of ['2025', '2026', '2027']) {
        const count = calendar.holidays.filter((date) => date.startsWith(year)).length;
        if (hasRules) expect(count).toBeGreaterThanOrEqual(8);
        else expect(count).toBe(0);
      }
    }
  });

  test('Romania: the working days the old hand-written list left open are closed', () => {
    const { calendars } = resolvePolicySnapshot(presetDocument('syncro-soft'), { at: SNAPSHOT_AT, horizonYears: HORIZON_YEARS });
    const { holidays } = calendars['bucharest-support-hours'] as WorkingCalendar;
    // St Andrew (Mon 2026-11-30, Tue 2027-11-30), Epiphany (Wed 2027-01-06), Children's Day (Tue 2027-06-01).
    expect(holidays).toEqual(expect.arrayContaining(['2026-11-30', '2027-01-06', '2027-06-01', '2027-11-30']));
  });
});

type StartKind = 'dst' | 'holiday' | 'edge' | 'uniform';
const START_KINDS: StartKind[] = ['dst', 'holiday', 'edge', 'uniform'];

interface Steering {
  zone: string;
  transitions: number[];
  /** Holidays in 2025-2027 as local dates. */
  holidays: string[];
  calendar: WorkingCalendar;
}

/** A local wall-clock time ('2026-03-29', '17:30', '24:00' allowed) as an instant in `zone`. */
function localInstant(date: string, hhmm: string, zone: string): number {
  const [hours, minutes] = hhmm.split(':').map(Number);
  const day = DateTime.fromISO(date, { zone }).plus({ days: hours === 24 ? 1 : 0 });
  return day.set({ hour: hours % 24, minute: minutes }).toMillis();
}

function randomStart(random: () => number, steering: Steering | undefined): { start: number; kind: StartKind } {
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low));
  // Whole hours hit openings and closings; whole minutes window edges like 17:30; the rest is sub-minute.
  const grain = (ms: number): number => {
    const g = random();
    if (g < 0.2) return Math.floor(ms / HOUR) * HOUR;
    if (g < 0.45) return Math.floor(ms / MINUTE) * MINUTE;
    return Math.floor(ms / MINUTE) * MINUTE + between(1, MINUTE);
  };
  const pick = random();
  if (steering && pick < 0.2) {
    // Near a DST change: within 6 hours or within 3 days either side.
    const transition = steering.transitions[Math.floor(random() * steering.transitions.length)];
    const reach = random() < 0.5 ? 6 * HOUR : 3 * DAY;
    return { start: grain(transition + Math.floor((random() * 2 - 1) * reach)), kind: 'dst' };
  }
  if (steering && steering.holidays.length > 0 && pick < 0.4) {
    // On a holiday (any time of its local day), or the evening before it.
    const holiday = steering.holidays[Math.floor(random() * steering.holidays.length)];
    const midnight = localInstant(holiday, '00:00', steering.zone);
    const start = random() < 0.8 ? midnight + Math.floor(random() * DAY) : midnight - Math.floor(random() * 8 * HOUR);
    return { start: grain(start), kind: 'holiday' };
  }
  if (steering && pick < 0.6) {
    // Exactly on an opening or closing instant of a working weekday (holidays included), or a ms
    // or a few seconds either side of it.
    let date = DateTime.fromMillis(between(SPAN_START, SPAN_END), { zone: steering.zone }).startOf('day');
    while ((steering.calendar.week[date.weekday as 1] ?? []).length === 0) date = date.plus({ days: 1 });
    const windows = steering.calendar.week[date.weekday as 1] ?? [];
    const window = windows[Math.floor(random() * windows.length)];
    const edge = localInstant(date.toISODate() as string, random() < 0.5 ? window.start : window.end, steering.zone);
    const nudge = random();
    const start = nudge < 0.6 ? edge : nudge < 0.8 ? edge + (random() < 0.5 ? -1 : 1) : edge + between(-MINUTE + 1, MINUTE);
    return { start, kind: 'edge' };
  }
  return { start: grain(between(SPAN_START, SPAN_END)), kind: 'uniform' };
}

function randomTarget(random: () => number, presetTargets: readonly Target[]): Target {
  if (presetTargets.length > 0 && random() < 0.3) return { ...presetTargets[Math.floor(random() * presetTargets.length)] };
  const pick = random();
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  if (pick < 0.3) return { amount: between(1, 3000), unit: 'business-minutes' };
  if (pick < 0.5) return { amount: between(1, 50), unit: 'business-hours' };
  if (pick < 0.7) return { amount: between(1, 15), unit: 'business-days' };
  if (pick < 0.82) return { amount: 0, unit: 'next-business-day' };
  if (pick < 0.88) return { amount: between(1, 600), unit: 'calendar-minutes' };
  if (pick < 0.94) return { amount: between(1, 72), unit: 'calendar-hours' };
  return { amount: between(1, 30), unit: 'calendar-days' };
}

interface Mismatch {
  check: string;
  input: string;
  got: string;
  oracle: string;
  differenceMinutes: number;
}

interface CaseCounts {
  name: string;
  samples: number;
  addTarget: number;
  businessElapsed: number;
  roundTrip: number;
  mismatches: number;
  starts: Record<StartKind, number>;
  units: Partial<Record<TargetUnit, number>>;
  ms: number;
}

const counted: CaseCounts[] = [];

afterAll(() => {
  const total = (field: 'samples' | 'addTarget' | 'businessElapsed' | 'roundTrip' | 'mismatches'): number =>
    counted.reduce((sum, row) => sum + row[field], 0);
  const lines = counted.map(
    (row) =>
      `  ${row.name}: ${row.addTarget} addTarget, ${row.businessElapsed} businessElapsed, ${row.roundTrip} round trips; ` +
      `${row.mismatches} mismatches; starts ${START_KINDS.map((kind) => `${kind} ${row.starts[kind]}`).join(', ')}; ` +
      `units ${Object.entries(row.units)
        .map(([unit, n]) => `${unit} ${n}`)
        .join(', ')}; ${(row.ms / 1000).toFixed(1)} s`,
  );
  console.log(
    [
      `calendar property tests: ${total('addTarget')} addTarget, ${total('businessElapsed')} businessElapsed and ` +
        `${total('roundTrip')} elapsed(add) round trips compared over ${counted.length} calendars; ${total('mismatches')} mismatches`,
      ...lines,
    ].join('\n'),
  );
});

describe('business time agrees with the minute-stepping oracle', () => {
  test.each(cases)('$name', ({ name, calendar, steering: steeringCalendar, presetTargets, samples }) => {
    const started = performance.now();
    const random = mulberry32(hash(name));
    const timeline = calendar.kind === 'working' ? new ZoneTimeline(calendar.zone, TIMELINE_START, TIMELINE_END) : undefined;
    const oracle = calendar.kind === 'working' && timeline ? new Oracle(calendar, timeline) : undefined;

    let steering: Steering | undefined;
    if (steeringCalendar) {
      const zoneTimeline = timeline ?? new ZoneTimeline(steeringCalendar.zone, TIMELINE_START, TIMELINE_END);
      const transitions = zoneTimeline.transitions.map((transition) => transition.at).filter((at) => at >= SPAN_START && at <= SPAN_END);
      // Spring and autumn of 2025, 2026 and 2027.
      expect(transitions).toHaveLength(6);
      const holidays = steeringCalendar.holidays.filter((date) => date >= '2025-01-01' && date <= '2027-12-31');
      steering = { zone: steeringCalendar.zone, transitions, holidays, calendar: steeringCalendar };
    }

    const zone = calendar.kind === 'working' ? calendar.zone : (steering?.zone ?? 'UTC');
    const show = (ms: number): string =>
      `${new Date(ms).toISOString()} (${DateTime.fromMillis(ms, { zone }).toFormat('ccc yyyy-MM-dd HH:mm:ss.SSS ZZ')} ${zone})`;
    const counts: CaseCounts = {
      name,
      samples,
      addTarget: 0,
      businessElapsed: 0,
      roundTrip: 0,
      mismatches: 0,
      starts: { dst: 0, holiday: 0, edge: 0, uniform: 0 },
      units: {},
      ms: 0,
    };
    let first: Mismatch | undefined;
    const mismatch = (found: Mismatch): void => {
      counts.mismatches++;
      first ??= found;
    };

    for (let i = 0; i < samples; i++) {
      const { start, kind } = randomStart(random, steering);
      const target = randomTarget(random, presetTargets);
      counts.starts[kind]++;
      counts.units[target.unit] = (counts.units[target.unit] ?? 0) + 1;

      const due = addTarget(calendar, start, target);
      const expectedDue = oracleAddTarget(oracle, start, target);
      counts.addTarget++;
      if (due !== expectedDue) {
        mismatch({
          check: 'addTarget',
          input: `${show(start)} + ${target.amount} ${target.unit} [${kind} start]`,
          got: show(due),
          oracle: show(expectedDue),
          differenceMinutes: (due - expectedDue) / MINUTE,
        });
      }

      const span = (random() * 1.05 - 0.05) * 10 * DAY;
      const to = start + (random() < 0.3 ? Math.round(span / MINUTE) * MINUTE : Math.floor(span));
      const elapsed = businessElapsed(calendar, start, to);
      const expectedElapsed = oracleElapsed(oracle, start, to);
      counts.businessElapsed++;
      if (elapsed !== expectedElapsed) {
        mismatch({
          check: 'businessElapsed',
          input: `${show(start)} to ${show(to)} [${kind} start]`,
          got: `${elapsed} ms`,
          oracle: `${expectedElapsed} ms`,
          differenceMinutes: (elapsed - expectedElapsed) / MINUTE,
        });
      }

      if (target.unit === 'business-minutes' || target.unit === 'business-hours') {
        const wanted = target.amount * (target.unit === 'business-hours' ? HOUR : MINUTE);
        const back = businessElapsed(calendar, start, due);
        counts.roundTrip++;
        if (back !== wanted) {
          mismatch({
            check: 'businessElapsed(start, addTarget(start, d)) = d',
            input: `${show(start)}, d = ${target.amount} ${target.unit} [${kind} start], addTarget ${show(due)}`,
            got: `${back} ms`,
            oracle: `${wanted} ms`,
            differenceMinutes: (back - wanted) / MINUTE,
          });
        }
      }
    }
    counts.ms = performance.now() - started;
    counted.push(counts);
    // Steering works: a good share of the starts are near DST changes, on holidays, on window edges.
    if (steering) {
      expect(counts.starts.dst).toBeGreaterThan(samples * 0.15);
      expect(counts.starts.edge).toBeGreaterThan(samples * 0.15);
      if (steering.holidays.length > 0) expect(counts.starts.holiday).toBeGreaterThan(samples * 0.15);
    }
    expect({ mismatches: counts.mismatches, first }).toEqual({ mismatches: 0, first: undefined });
  });
});
