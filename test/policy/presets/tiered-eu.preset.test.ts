// The Tiered EU preset against reference-policies/tiered-eu.txt, cell by cell.
// Every expected deadline below was worked out by hand from the text and docs/design.md's SLA semantics
// (the calculation is in each row's `why`), not taken from the program. Business hours are
// 09:00-17:00 in Berlin, 8 h a day, without German nationwide public holidays. Berlin is UTC+2
// (CEST) from 29 March to 25 October 2026 and until 26 October 2025, UTC+1 (CET) otherwise.
// Holidays used: Good Friday 3 April and Easter Monday 6 April 2026; German Unity Day, Friday
// 3 October 2025. Maundy Thursday (2 April 2026) is not a public holiday.
import { DateTime } from 'luxon';
import { schedulePreview, type PolicySnapshot } from '../../../workflows/policy';
import {
  cellsOf,
  expectCell,
  expectDeadline,
  matrixGaps,
  presetSnapshot,
  quotedIn,
  type CellRow,
  type DeadlineRow,
  type RuleRow,
  type Section,
} from './cell-table';
import { referenceText } from './preset-test-kit';

const text = referenceText('tiered-eu.txt');

const PLANS = ['professional', 'enterprise', 'gold'] as const;
const PLAN_HEADER = 'Professional | Enterprise | Gold |';
const ONLY_RESPONSE_AND_RESOLUTION = 'Response and resolution times are based on the support level you have chosen.';

// Each severity's block of the table runs from its heading to the next one.
/** "Best Effort" with no duration, counted (if ever) on the Berlin calendar. */
const BEST_EFFORT = { target: 'best effort', commitment: 'best-effort', countsOn: 'Europe/Berlin' } as const;

const severity: Record<'S1' | 'S2' | 'S3' | 'S4', Section> = {
  S1: ['Severity 1 (Urgent) |', 'Severity 2 (High) |'],
  S2: ['Severity 2 (High) |', 'Severity 3 (Normal) |'],
  S3: ['Severity 3 (Normal) |', 'Severity 4 (Low) |'],
  S4: ['Severity 4 (Low) |', 'Severity Definitions'],
};

/** The table's rows, as the text lays them out: one column per plan, null where there is no target. */
const tableRows: CellRow[] = [
  {
    priority: 'S1',
    clock: 'acknowledge',
    source: 'First Response | – | 8 Business Hours | 8 Business Hours |',
    within: severity.S1,
    plans: { professional: null, enterprise: '8 business hours', gold: '8 business hours' },
  },
  {
    priority: 'S1',
    clock: 'resolve',
    source: 'Resolution | – | 32 Business Hours | 16 Business Hours |',
    within: severity.S1,
    plans: { professional: null, enterprise: '32 business hours', gold: '16 business hours' },
  },
  {
    priority: 'S2',
    clock: 'acknowledge',
    source: 'First Response | – | 16 Business Hours | 8 Business Hours |',
    within: severity.S2,
    plans: { professional: null, enterprise: '16 business hours', gold: '8 business hours' },
  },
  {
    priority: 'S2',
    clock: 'resolve',
    source: 'Resolution | – | 7 Business Days | 3 Business Days |',
    within: severity.S2,
    plans: { professional: null, enterprise: '7 business days', gold: '3 business days' },
  },
  {
    priority: 'S3',
    clock: 'acknowledge',
    source: 'First Response | – | 24 Business Hours | 8 Business Hours |',
    within: severity.S3,
    plans: { professional: null, enterprise: '24 business hours', gold: '8 business hours' },
  },
  {
    priority: 'S3',
    clock: 'resolve',
    source: 'Resolution | – | 14 Business Days | 7 Business Days |',
    within: severity.S3,
    plans: { professional: null, enterprise: '14 business days', gold: '7 business days' },
  },
  {
    priority: 'S4',
    clock: 'acknowledge',
    source: 'First Response | 24 Business Hours | 24 Business Hours | 24 Business Hours |',
    within: severity.S4,
    plans: { professional: '24 business hours', enterprise: '24 business hours', gold: '24 business hours' },
  },
  // "Best Effort" has no duration: an untimed best-effort target, tracked and never due.
  {
    priority: 'S4',
    clock: 'resolve',
    source: 'Resolution | Best Effort | Best Effort | Best Effort |',
    within: severity.S4,
    plans: { professional: BEST_EFFORT, enterprise: BEST_EFFORT, gold: BEST_EFFORT },
  },
];

const noTarget = { professional: null, enterprise: null, gold: null };
const clocksTheTableLacks: CellRow[] = (['S1', 'S2', 'S3', 'S4'] as const).flatMap((priority) =>
  (['update', 'rca.draft', 'rca.final', 'hardware-replacement', 'next-reply'] as const).map((clock) => ({
    priority,
    clock,
    source: ONLY_RESPONSE_AND_RESOLUTION,
    plans: noTarget,
  })),
);

const matrix: CellRow[] = [...tableRows, ...clocksTheTableLacks];

const deadlines: DeadlineRow[] = [
  // Over Easter 2026: opened Maundy Thursday 15:00; Good Friday, the weekend and Easter Monday are closed.
  {
    plan: 'gold',
    priority: 'S1',
    clock: 'acknowledge',
    why: '2 h Thu, then Tue 7 Apr 09:00 + 6 h = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-07T15:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S1',
    clock: 'resolve',
    why: '2 h Thu + 8 h Tue = 10 h, 6 h Wed = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-08T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S1',
    clock: 'acknowledge',
    why: '2 h Thu, 6 h Tue = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-07T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S1',
    clock: 'resolve',
    why: '2 + 8 (Tue) + 8 (Wed) + 8 (Thu) = 26 h, 6 h Fri 10 Apr = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-10T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S2',
    clock: 'acknowledge',
    why: '2 + 8 (Tue) = 10 h, 6 h Wed = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-08T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S2',
    clock: 'resolve',
    why: '7 business days: Tue 7, Wed 8, Thu 9, Fri 10, Mon 13, Tue 14, Wed 15 Apr, same wall clock 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-15T15:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S2',
    clock: 'resolve',
    why: '3 business days: Tue 7, Wed 8, Thu 9 Apr, 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-09T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S3',
    clock: 'acknowledge',
    why: '2 + 8 (Tue) + 8 (Wed) = 18 h, 6 h Thu 9 Apr = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-09T15:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S3',
    clock: 'resolve',
    why: '14 business days from Thu 2 Apr skipping Good Friday and Easter Monday: Tue 7 … Fri 24 Apr, 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-24T15:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S3',
    clock: 'resolve',
    why: '7 business days: Wed 15 Apr 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-15T15:00:00+02:00',
  },
  {
    plan: 'professional',
    priority: 'S4',
    clock: 'acknowledge',
    why: '2 + 8 + 8 = 18 h, 6 h Thu 9 Apr = 15:00',
    from: '2026-04-02T15:00:00+02:00',
    due: '2026-04-09T15:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S2',
    clock: 'acknowledge',
    why: 'opened Easter Saturday: counting starts Tue 7 Apr 09:00, + 8 h lands on the 17:00 closing instant and stays',
    from: '2026-04-04T12:00:00+02:00',
    due: '2026-04-07T17:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S2',
    clock: 'resolve',
    why: 'opened Easter Saturday: moved to the opening Tue 7 Apr 09:00, + 3 business days = Fri 10 Apr 09:00',
    from: '2026-04-04T12:00:00+02:00',
    due: '2026-04-10T09:00:00+02:00',
  },
  // German Unity Day, Friday 3 October 2025.
  {
    plan: 'gold',
    priority: 'S1',
    clock: 'acknowledge',
    why: 'Thu 2 Oct 16:00: 1 h Thu, 7 h Mon 6 Oct = 16:00',
    from: '2025-10-02T16:00:00+02:00',
    due: '2025-10-06T16:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S1',
    clock: 'resolve',
    why: '1 h Thu + 8 h Mon = 9 h, 7 h Tue 7 Oct = 16:00',
    from: '2025-10-02T16:00:00+02:00',
    due: '2025-10-07T16:00:00+02:00',
  },
  {
    plan: 'gold',
    priority: 'S4',
    clock: 'acknowledge',
    why: '1 + 8 (Mon) + 8 (Tue) = 17 h, 7 h Wed 8 Oct = 16:00',
    from: '2025-10-02T16:00:00+02:00',
    due: '2025-10-08T16:00:00+02:00',
  },
  {
    plan: 'enterprise',
    priority: 'S2',
    clock: 'resolve',
    why: '7 business days skipping Fri 3 Oct: Mon 6 … Tue 14 Oct, 16:00',
    from: '2025-10-02T16:00:00+02:00',
    due: '2025-10-14T16:00:00+02:00',
  },
  {
    plan: 'professional',
    priority: 'S4',
    clock: 'acknowledge',
    why: 'opened on the holiday: counting starts Mon 6 Oct 09:00, 8 h a day for three days ends Wed 8 Oct 17:00 (closing instant)',
    from: '2025-10-03T10:00:00+02:00',
    due: '2025-10-08T17:00:00+02:00',
  },
  // Back to CET on Sunday 25 October 2026.
  {
    plan: 'enterprise',
    priority: 'S1',
    clock: 'acknowledge',
    why: 'Fri 23 Oct 13:00 CEST: 4 h Fri, 4 h from Mon 26 Oct 09:00 CET = 13:00 CET',
    from: '2026-10-23T13:00:00+02:00',
    due: '2026-10-26T13:00:00+01:00',
  },
  {
    plan: 'enterprise',
    priority: 'S2',
    clock: 'resolve',
    why: 'Fri 23 Oct 10:00 CEST + 7 business days (Mon 26 … Tue 3 Nov) = 10:00 CET',
    from: '2026-10-23T10:00:00+02:00',
    due: '2026-11-03T10:00:00+01:00',
  },
];

const rules: RuleRow[] = [
  {
    rule: 'business hours are Monday to Friday 09:00-17:00 German time, without German nationwide holidays',
    source: 'Business hours are Monday through Friday from 9 am to 5 pm CET, excluding holidays.',
    check: ({ document, calendars }) => {
      expect(document.calendars[document.plans[0].calendar]).toEqual({
        kind: 'working',
        zone: 'Europe/Berlin',
        week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '09:00', end: '17:00' }]])),
        holidays: { country: 'DE' },
      });
      const business = calendars[document.plans[0].calendar];
      const holidays = business.kind === 'working' ? business.holidays : [];
      // Good Friday, Easter Monday, German Unity Day 2025, Ascension, Whit Monday, Christmas.
      expect(holidays).toEqual(
        expect.arrayContaining(['2026-04-03', '2026-04-06', '2025-10-03', '2026-05-14', '2026-05-25', '2026-12-25', '2026-12-26']),
      );
      // Maundy Thursday (observance), Corpus Christi (some states only), Christmas Eve (bank holiday).
      for (const notNationwide of ['2026-04-02', '2026-06-04', '2026-12-24']) expect(holidays).not.toContain(notNationwide);
    },
  },
  {
    rule: 'the plans are the columns Professional, Enterprise, Gold, each on the business calendar',
    source: PLAN_HEADER,
    check: ({ document }) => {
      expect(document.plans.map((p) => p.id)).toEqual([...PLANS]);
      expect(new Set(document.plans.map((p) => p.calendar)).size).toBe(1);
    },
  },
  {
    rule: 'incidents per month 1, 2, 4, counted by the Berlin calendar month',
    source: 'Incidents / Month | 1 | 2 | 4 |',
    check: ({ document }) => {
      expect(document.entitlement?.incidentsPerMonth).toEqual({ professional: 1, enterprise: 2, gold: 4 });
      expect(document.entitlement?.quotaZone).toBe('Europe/Berlin');
      // 31 March 2026 23:30 UTC is already 1 April 01:30 in Berlin: it counts for April's quota.
      const month = DateTime.fromISO('2026-03-31T23:30:00Z', { zone: document.entitlement?.quotaZone }).toFormat('yyyy-MM');
      expect(month).toBe('2026-04');
    },
  },
  {
    rule: 'support comes with a subscription (Gold billed): an active contract is required',
    source: 'Professional and Enterprise Support are included with your product subscription.',
    check: ({ document }) => expect(document.entitlement?.contractRequired).toBe(true),
  },
  {
    rule: 'tickets come in by e-mail or chat',
    source: 'Our business customers enjoy email and chat support directly from our team.',
    check: ({ document }) => {
      expect([...document.intake.channels].sort()).toEqual(['chat', 'email']);
      expect(document.intake.channelsByPriority).toBeUndefined();
    },
  },
  {
    rule: 'Severity 4 resolution is best effort without a duration: tracked, no deadline in the preview',
    source: 'Resolution | Best Effort | Best Effort | Best Effort |',
    check: (snapshot) => {
      for (const plan of PLANS) {
        expect(snapshot.document.targets[plan]?.S4?.resolve).toMatchObject({ untimed: true, commitment: 'best-effort' });
        const preview = schedulePreview(snapshot, plan, 'S4', Date.parse('2026-04-02T13:00:00Z'));
        expect(preview.clocks.find((c) => c.clock === 'resolve')).toEqual({
          clock: 'resolve',
          target: 'best effort',
          commitment: 'best-effort',
          dueAt: null,
        });
      }
    },
  },
  {
    rule: 'no customer-silence rule, reopen window, RCA or resolution codes',
    source: ONLY_RESPONSE_AND_RESOLUTION,
    check: ({ document }) => {
      expect(document.customerSilence).toBeUndefined();
      expect(document.reopenWindow).toBeUndefined();
      expect(document.rca).toBeUndefined();
      expect(document.resolutionCodes).toBeUndefined();
    },
  },
];

describe('Tiered EU preset', () => {
  let snapshot: PolicySnapshot;
  beforeAll(() => {
    // Holidays are resolved from a year before this instant to three years after: every date below is covered.
    snapshot = presetSnapshot('tiered-eu', '2026-01-01T00:00:00+01:00');
  });

  it('has the preset id, plans and priorities of docs/design.md', () => {
    expect(snapshot.document.id).toBe('tiered-eu');
    expect(snapshot.document.plans.map((p) => p.id)).toEqual([...PLANS]);
    expect(snapshot.document.priorities.map((p) => [p.id, p.rank])).toEqual([
      ['S1', 1],
      ['S2', 2],
      ['S3', 3],
      ['S4', 4],
    ]);
  });

  it('the table walks every plan × priority × clock exactly once', () => {
    expect(matrixGaps(cellsOf(matrix), PLANS, ['S1', 'S2', 'S3', 'S4'])).toEqual([]);
  });

  // The expectations above are typed by hand; this reads the same cells from the text's own columns.
  it.each(tableRows)('$priority $clock: each plan column of "$source" says the same as the table', (row) => {
    expect(quotedIn(text, PLAN_HEADER)).toBe(true);
    const columns = row.source.split('|').map((column) => column.trim());
    PLANS.forEach((plan, i) => {
      const written = columns[i + 1];
      const expected = written === '–' ? null : written === 'Best Effort' ? BEST_EFFORT : written.toLowerCase();
      expect({ plan, expected: row.plans[plan] }).toEqual({ plan, expected });
    });
  });

  it.each(cellsOf(matrix))('cell $plan / $priority / $clock', (cell) => {
    expectCell(snapshot, text, cell);
  });

  it.each(deadlines)('deadline $plan $priority $clock from $from: $why', (deadline) => {
    expectDeadline(snapshot, deadline);
  });

  it.each(rules)('rule: $rule', ({ source, check }) => {
    expect({ source, quoted: quotedIn(text, source) }).toEqual({ source, quoted: true });
    check(snapshot);
  });

  it('names its escalation path and contacts with placeholder .example addresses', () => {
    const { escalation, deskContacts } = snapshot.document;
    expect(escalation.levels.map((l) => l.level)).toEqual([1, 2]);
    const addresses = [...deskContacts, ...escalation.levels.flatMap((l) => l.contacts)].map((c) => (c.kind === 'email' ? c.address : c.url));
    for (const address of addresses) expect(address).toMatch(/\.example(\/|$)/);
  });
});
