import { DateTime } from 'luxon';
import { timed } from './presets/preset-test-kit';
import { resolveHolidays } from '../../policies/holidays';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { validateCalendar, type WorkingCalendar } from '../../workflows/calendar';
import { schedulePreview, type PolicyDocument } from '../../workflows/policy';

const weekdays = (): WorkingCalendar['week'] => ({
  1: [{ start: '09:00', end: '17:00' }],
  2: [{ start: '09:00', end: '17:00' }],
  3: [{ start: '09:00', end: '17:00' }],
  4: [{ start: '09:00', end: '17:00' }],
  5: [{ start: '09:00', end: '17:00' }],
});

/** Shaped like the Tiered EU preset: Berlin office hours with German nationwide holidays. */
function tieredEuLike(): PolicyDocument & { version: number } {
  return {
    id: 'tiered-eu-like',
    version: 4,
    name: 'Tiered EU-like',
    calendars: {
      business: { kind: 'working', zone: 'Europe/Berlin', week: weekdays(), holidays: { country: 'DE', extra: ['2026-12-31'] } },
      'always-open': { kind: '24x7' },
    },
    plans: [
      { id: 'gold', name: 'Gold', calendar: 'business' },
      { id: 'platinum', name: 'Platinum', calendar: 'always-open' },
    ],
    priorities: [{ id: 'S1', name: 'Urgent', rank: 1 }],
    targets: {
      gold: {
        S1: {
          acknowledge: { amount: 8, unit: 'business-hours', commitment: 'committed' },
          resolve: { amount: 3, unit: 'business-days', commitment: 'committed' },
        },
      },
      platinum: { S1: { acknowledge: { amount: 8, unit: 'business-hours', commitment: 'committed' } } },
    },
    deskContacts: [],
    escalation: { levels: [], onBreach: false },
    intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
  };
}

const berlin = (wall: string): number => DateTime.fromISO(wall, { zone: 'Europe/Berlin' }).toMillis();
const iso = (ms: number): string => new Date(ms).toISOString();

describe('resolvePolicySnapshot', () => {
  const openedAt = berlin('2026-04-02T16:00'); // Thursday before Easter, one business hour left
  const snapshot = resolvePolicySnapshot(tieredEuLike(), { at: openedAt });
  const business = snapshot.calendars.business as WorkingCalendar;

  test('the horizon runs from a year before the local date of `at` to three years after it', () => {
    expect(snapshot.holidayHorizon).toEqual({ from: '2025-04-02', to: '2029-04-02' });
    expect(resolvePolicySnapshot(tieredEuLike(), { at: openedAt, horizonYears: 1 }).holidayHorizon).toEqual({ from: '2025-04-02', to: '2027-04-02' });
  });

  test("every calendar passes the calendar arithmetic's validation; 24x7 stays as it is", () => {
    for (const calendar of Object.values(snapshot.calendars)) expect(() => validateCalendar(calendar)).not.toThrow();
    expect(snapshot.calendars['always-open']).toEqual({ kind: '24x7' });
    expect(business.kind).toBe('working');
    expect(business.zone).toBe('Europe/Berlin');
    expect(business.week).toEqual(weekdays());
  });

  test('the working calendar gets the German holidays of the horizon, and its extra dates', () => {
    for (const holiday of [
      '2025-10-03',
      '2025-12-25',
      '2026-04-03',
      '2026-04-06',
      '2026-10-03',
      '2026-12-31',
      '2027-03-26',
      '2028-10-03',
      '2029-01-01',
    ]) {
      expect(business.holidays).toContain(holiday);
    }
    // Bavarian Epiphany is not nationwide; nothing lies outside the horizon.
    expect(business.holidays).not.toContain('2026-01-06');
    expect(business.holidays.every((date) => date >= '2025-04-02' && date <= '2029-04-02')).toBe(true);
    expect(business.holidays).toEqual(resolveHolidays({ country: 'DE', extra: ['2026-12-31'] }, '2025-04-02', '2029-04-02'));
  });

  test('a schedule over the snapshot skips the holidays: Good Friday and Easter Monday are not business hours', () => {
    const preview = schedulePreview(snapshot, 'gold', 'S1', openedAt);
    expect(preview.version).toBe(4);
    // 1 hour on Thursday, closed Friday to Monday, 7 hours on Tuesday: 16:00 Berlin (UTC+2).
    expect(preview.clocks).toEqual([
      { clock: 'acknowledge', target: '8 business hours', commitment: 'committed', dueAt: '2026-04-07T14:00:00.000Z' },
      { clock: 'resolve', target: '3 business days', commitment: 'committed', dueAt: '2026-04-09T14:00:00.000Z' },
    ]);

    // The same document without holidays would fall due on Good Friday.
    const withoutHolidays = tieredEuLike();
    withoutHolidays.calendars.business = { kind: 'working', zone: 'Europe/Berlin', week: weekdays() };
    const plain = schedulePreview(resolvePolicySnapshot(withoutHolidays, { at: openedAt }), 'gold', 'S1', openedAt);
    expect(plain.clocks[0].dueAt).toBe(iso(berlin('2026-04-03T16:00')));

    // On the 24x7 plan the holiday changes nothing.
    expect(schedulePreview(snapshot, 'platinum', 'S1', openedAt).clocks[0].dueAt).toBe(iso(openedAt + 8 * 3_600_000));
  });

  test("the horizon starts from `at`'s local date in the document's zones (earliest and latest of them)", () => {
    // 23:30 UTC on 1 January 2026 is already 2 January in Berlin, still 1 January in New York.
    const at = Date.parse('2026-01-01T23:30:00Z');
    expect(resolvePolicySnapshot(tieredEuLike(), { at }).holidayHorizon).toEqual({ from: '2025-01-02', to: '2029-01-02' });
    const twoZones = tieredEuLike();
    twoZones.calendars.newYork = { kind: 'working', zone: 'America/New_York', week: weekdays(), holidays: { country: 'US' } };
    expect(resolvePolicySnapshot(twoZones, { at }).holidayHorizon).toEqual({ from: '2025-01-01', to: '2029-01-02' });
    // Without a working calendar the date is read in UTC.
    const always = tieredEuLike();
    always.calendars = { 'always-open': { kind: '24x7' } };
    always.plans = [{ id: 'platinum', name: 'Platinum', calendar: 'always-open' }];
    expect(resolvePolicySnapshot(always, { at }).holidayHorizon).toEqual({ from: '2025-01-01', to: '2029-01-01' });
  });

  test('re-runnable: the same input gives the same snapshot, a later `at` (continue-as-new) a later horizon', () => {
    expect(resolvePolicySnapshot(tieredEuLike(), { at: openedAt })).toEqual(snapshot);
    const later = resolvePolicySnapshot(tieredEuLike(), { at: berlin('2028-06-01T10:00') });
    expect(later.holidayHorizon).toEqual({ from: '2027-06-01', to: '2031-06-01' });
    const laterBusiness = later.calendars.business as WorkingCalendar;
    expect(laterBusiness.holidays).toContain('2030-10-03');
    expect(laterBusiness.holidays).not.toContain('2026-10-03');
    expect(later.document).toEqual(snapshot.document);
  });

  test('the snapshot is plain JSON and a copy: changing the input afterwards does not reach it', () => {
    const document = tieredEuLike();
    const copy = resolvePolicySnapshot(document, { at: openedAt });
    expect(JSON.parse(JSON.stringify(copy))).toEqual(copy);
    timed(document.targets.gold.S1.acknowledge).amount = 1;
    (document.calendars.business as { week: Record<string, unknown> }).week[6] = [{ start: '09:00', end: '12:00' }];
    expect(timed(copy.document.targets.gold.S1.acknowledge).amount).toBe(8);
    expect((copy.calendars.business as WorkingCalendar).week[6]).toBeUndefined();
  });

  test('refuses an instant that is not one, and a horizon that is not a whole number of years', () => {
    expect(() => resolvePolicySnapshot(tieredEuLike(), { at: Number.NaN })).toThrow(/at must be an instant/);
    expect(() => resolvePolicySnapshot(tieredEuLike(), { at: openedAt, horizonYears: -1 })).toThrow(/horizonYears/);
    expect(() => resolvePolicySnapshot(tieredEuLike(), { at: openedAt, horizonYears: 1.5 })).toThrow(/horizonYears/);
  });
});
