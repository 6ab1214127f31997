import { DateTime } from 'luxon';
import { addTarget, businessElapsed, type Calendar, type Target, type WorkingCalendar } from '../../workflows/calendar';
import { Oracle, oracleAddTarget, oracleElapsed, ZoneTimeline } from './oracle';

/*
 * Random starts and targets, each compared with the brute-force oracle. Holidays are a hand-picked
 * few real public holidays per year until the holiday library arrives.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const SPAN_START = Date.parse('2025-01-01T00:00:00Z');
const SPAN_END = Date.parse('2027-12-31T23:59:59Z');
// Wide enough for starts near either end of the span, minus/plus their targets.
const TIMELINE_START = Date.parse('2024-12-01T00:00:00Z');
const TIMELINE_END = Date.parse('2028-03-01T00:00:00Z');

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

const weekdays = (start: string, end: string): WorkingCalendar['week'] => {
  const day = [{ start, end }];
  return { 1: day, 2: day, 3: day, 4: day, 5: day };
};

const ROMANIA = [
  '2025-01-01', '2025-01-02', '2025-01-06', '2025-01-07', '2025-01-24', '2025-04-18', '2025-04-21', '2025-05-01',
  '2025-06-09', '2025-08-15', '2025-12-01', '2025-12-25', '2025-12-26', '2026-01-01', '2026-01-02', '2026-01-06',
  '2026-01-07', '2026-04-10', '2026-04-13', '2026-05-01', '2026-06-01', '2026-12-01', '2026-12-25', '2027-01-01',
  '2027-01-07', '2027-04-30', '2027-05-03', '2027-06-21', '2027-12-01',
];
const ITALY = [
  '2025-01-01', '2025-01-06', '2025-04-21', '2025-04-25', '2025-05-01', '2025-06-02', '2025-08-15', '2025-12-08',
  '2025-12-25', '2025-12-26', '2026-01-01', '2026-01-06', '2026-04-06', '2026-05-01', '2026-06-02', '2026-12-08',
  '2026-12-25', '2027-01-01', '2027-01-06', '2027-03-29', '2027-06-02', '2027-11-01', '2027-12-08',
];
const UNITED_STATES = [
  '2025-01-01', '2025-01-20', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25', '2026-01-01',
  '2026-01-19', '2026-05-25', '2026-07-03', '2026-09-07', '2026-11-26', '2026-12-25', '2027-01-01', '2027-01-18',
  '2027-05-31', '2027-07-05', '2027-09-06', '2027-11-25', '2027-12-24',
];
const GERMANY = [
  '2025-01-01', '2025-04-18', '2025-04-21', '2025-05-01', '2025-05-29', '2025-06-09', '2025-10-03', '2025-12-25',
  '2025-12-26', '2026-01-01', '2026-04-03', '2026-04-06', '2026-05-01', '2026-05-14', '2026-05-25', '2026-10-03',
  '2026-12-25', '2027-01-01', '2027-03-26', '2027-03-29', '2027-05-06', '2027-05-17',
];

interface Case {
  name: string;
  calendar: Calendar;
  samples: number;
}

const cases: Case[] = [
  { name: 'Mon-Fri 09:00-17:00 Europe/Bucharest', samples: 150, calendar: { kind: 'working', zone: 'Europe/Bucharest', week: weekdays('09:00', '17:00'), holidays: ROMANIA } },
  { name: 'Mon-Fri 09:00-17:00 Europe/Rome', samples: 150, calendar: { kind: 'working', zone: 'Europe/Rome', week: weekdays('09:00', '17:00'), holidays: ITALY } },
  { name: 'Mon-Fri 08:00-17:00 America/Chicago', samples: 150, calendar: { kind: 'working', zone: 'America/Chicago', week: weekdays('08:00', '17:00'), holidays: UNITED_STATES } },
  { name: 'Mon-Fri 09:00-17:30 America/New_York', samples: 150, calendar: { kind: 'working', zone: 'America/New_York', week: weekdays('09:00', '17:30'), holidays: UNITED_STATES } },
  { name: 'Mon-Fri 09:00-17:00 Europe/Berlin', samples: 150, calendar: { kind: 'working', zone: 'Europe/Berlin', week: weekdays('09:00', '17:00'), holidays: GERMANY } },
  {
    // Windows that contain the 02:00-03:00 DST hour and meet at midnight, every day of the week.
    name: 'every day 00:00-04:00, 10:00-12:30, 20:00-24:00 America/New_York',
    samples: 150,
    calendar: {
      kind: 'working',
      zone: 'America/New_York',
      week: Object.fromEntries(
        [1, 2, 3, 4, 5, 6, 7].map((weekday) => [weekday, [{ start: '00:00', end: '04:00' }, { start: '10:00', end: '12:30' }, { start: '20:00', end: '24:00' }]]),
      ),
      holidays: ['2026-03-08', '2026-12-25'],
    },
  },
  { name: '24x7', samples: 80, calendar: { kind: '24x7' } },
];

function randomTarget(random: () => number): Target {
  const pick = random();
  const between = (low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
  if (pick < 0.4) return { amount: between(1, 3000), unit: 'business-minutes' };
  if (pick < 0.55) return { amount: between(1, 50), unit: 'business-hours' };
  if (pick < 0.8) return { amount: between(1, 10), unit: 'business-days' };
  return { amount: 0, unit: 'next-business-day' };
}

function randomStart(random: () => number, transitions: readonly number[]): number {
  let start: number;
  if (transitions.length > 0 && random() < 0.35) {
    const transition = transitions[Math.floor(random() * transitions.length)];
    const reach = random() < 0.5 ? 6 * HOUR : 3 * DAY;
    start = transition + Math.floor((random() * 2 - 1) * reach);
  } else {
    start = SPAN_START + Math.floor(random() * (SPAN_END - SPAN_START));
  }
  // Whole hours hit openings and closings exactly; whole minutes hit window edges like 17:30.
  const grain = random();
  if (grain < 0.25) return Math.floor(start / HOUR) * HOUR;
  if (grain < 0.55) return Math.floor(start / MINUTE) * MINUTE;
  return start;
}

const iso = (ms: number): string => DateTime.fromMillis(ms, { zone: 'utc' }).toISO() ?? String(ms);

const totals = { addTarget: 0, businessElapsed: 0, roundTrip: 0, mismatches: 0 };

afterAll(() => {
  console.log(
    `calendar property tests: ${totals.addTarget} addTarget, ${totals.businessElapsed} businessElapsed and ` +
      `${totals.roundTrip} elapsed(add) round trips compared; ${totals.mismatches} mismatches`,
  );
});

describe('business time agrees with the minute-stepping oracle', () => {
  test.each(cases)('$name', ({ name, calendar, samples }) => {
    const random = mulberry32(
      [...name].reduce((hash, char) => Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0, 2166136261),
    );
    const timeline = calendar.kind === 'working' ? new ZoneTimeline(calendar.zone, TIMELINE_START, TIMELINE_END) : undefined;
    const oracle = calendar.kind === 'working' && timeline ? new Oracle(calendar, timeline) : undefined;
    const transitions = (timeline?.transitions ?? []).map((transition) => transition.at).filter((at) => at >= SPAN_START && at <= SPAN_END);
    if (timeline) expect(transitions).toHaveLength(6);

    const mismatches: string[] = [];
    for (let i = 0; i < samples; i++) {
      const start = randomStart(random, transitions);
      const target = randomTarget(random);
      const due = addTarget(calendar, start, target);
      const expectedDue = oracleAddTarget(oracle, start, target);
      totals.addTarget++;
      if (due !== expectedDue) {
        mismatches.push(`addTarget(${iso(start)}, ${target.amount} ${target.unit}) = ${iso(due)}, oracle ${iso(expectedDue)}`);
      }

      const to = start + Math.floor((random() * 1.05 - 0.05) * 10 * DAY);
      const elapsed = businessElapsed(calendar, start, to);
      const expectedElapsed = oracleElapsed(oracle, start, to);
      totals.businessElapsed++;
      if (elapsed !== expectedElapsed) {
        mismatches.push(`businessElapsed(${iso(start)}, ${iso(to)}) = ${elapsed}, oracle ${expectedElapsed}`);
      }

      if (target.unit === 'business-minutes' || target.unit === 'business-hours') {
        const wanted = target.amount * (target.unit === 'business-hours' ? HOUR : MINUTE);
        totals.roundTrip++;
        if (businessElapsed(calendar, start, due) !== wanted) {
          mismatches.push(`businessElapsed(${iso(start)}, addTarget(+${target.amount} ${target.unit})) != ${wanted}`);
        }
      }
    }
    totals.mismatches += mismatches.length;
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
