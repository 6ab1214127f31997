import { addTarget } from '../../workflows/calendar';
import { calendarOpeningAt } from '../../bench/storm/storm-calendar';

// The storm benchmark's premise: every clock started before the calendar's opening is due at the
// opening plus its target, whatever the hour of the day the benchmark runs at.
describe('the storm calendar', () => {
  const day = Date.parse('2026-12-07T00:00:00Z');
  it.each(Array.from({ length: 24 }, (_, hour) => hour))(
    'opening at %i:17 UTC: a 1-business-minute clock started earlier is due at the opening plus a minute',
    (hour) => {
      const opening = day + hour * 3_600_000 + 17 * 60_000;
      const spec = calendarOpeningAt(opening);
      const calendar = { ...spec, holidays: [] };
      for (const startedBefore of [1_000, 60_000, 30 * 60_000]) {
        expect(addTarget(calendar, opening - startedBefore, { amount: 1, unit: 'business-minutes' })).toBe(opening + 60_000);
      }
    },
  );
});
