// The Alectrona preset against reference-policies/alectrona.txt, cell by cell.
// Every expected deadline below was worked out by hand from the text and docs/design.md's SLA semantics
// (the calculation is in each row's `why`), not taken from the program. Business hours are
// 09:00-17:30 (8.5 h a day) in New York: UTC-5 (EST) until Sunday 8 March 2026 02:00, then UTC-4.
import type { PolicySnapshot } from '../../../workflows/policy';
import { timed, referenceText } from './preset-test-kit';
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
} from './cell-table';

const text = referenceText('alectrona.txt');

const TABLE_HEADER = 'Priority Status of Incident | New Case Response Time | In Progress Case Response Time';
const RESOLVED_WHEN = 'Incidents are resolved when, in Alectrona’s sole discretion, Alectrona has:';
const URGENT = 'Urgent (Emergency) Priority: Response between 1 Hour and 4 Hours';
const HIGH = 'High Priority: Response between 2 Hours and 12 Hours';
const MEDIUM = 'Medium Priority: Response between 4 Hours and 24 Hours';
const LOW = 'Low Priority: Response between 8 Hours and 32 Hours';

/** The first figure is the new-case response (acknowledge), the second the in-progress response (update). */
function priorityRows(priority: string, line: string, acknowledge: string, update: string): CellRow[] {
  return [
    { priority, clock: 'acknowledge', source: line, plans: { standard: acknowledge } },
    { priority, clock: 'update', source: line, plans: { standard: update } },
    { priority, clock: 'resolve', source: RESOLVED_WHEN, plans: { standard: null } },
    { priority, clock: 'rca.draft', source: TABLE_HEADER, plans: { standard: null } },
    { priority, clock: 'rca.final', source: TABLE_HEADER, plans: { standard: null } },
    { priority, clock: 'hardware-replacement', source: TABLE_HEADER, plans: { standard: null } },
    { priority, clock: 'next-reply', source: TABLE_HEADER, plans: { standard: null } },
  ];
}

const matrix: CellRow[] = [
  ...priorityRows('urgent', URGENT, '1 business hour', '4 business hours'),
  ...priorityRows('high', HIGH, '2 business hours', '12 business hours'),
  ...priorityRows('medium', MEDIUM, '4 business hours', '24 business hours'),
  ...priorityRows('low', LOW, '8 business hours', '32 business hours'),
];

const deadlines: DeadlineRow[] = [
  // A case opened at 17:00 has half an hour left that day; the rest rolls to the next morning.
  {
    plan: 'standard',
    priority: 'urgent',
    clock: 'acknowledge',
    why: 'Tuesday 17:00: 0.5 h Tue, 0.5 h from Wednesday 09:00 = 09:30',
    from: '2026-02-10T17:00:00-05:00',
    due: '2026-02-11T09:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'high',
    clock: 'acknowledge',
    why: 'Tuesday 17:00: 0.5 h Tue, 1.5 h Wednesday = 10:30',
    from: '2026-02-10T17:00:00-05:00',
    due: '2026-02-11T10:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'medium',
    clock: 'acknowledge',
    why: 'Tuesday 17:00: 0.5 h Tue, 3.5 h Wednesday = 12:30',
    from: '2026-02-10T17:00:00-05:00',
    due: '2026-02-11T12:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'low',
    clock: 'acknowledge',
    why: 'Tuesday 17:00: 0.5 h Tue, 7.5 h Wednesday = 16:30',
    from: '2026-02-10T17:00:00-05:00',
    due: '2026-02-11T16:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'medium',
    clock: 'acknowledge',
    why: 'Tuesday 13:30 + 4 h lands on the 17:30 closing instant and stays there',
    from: '2026-02-10T13:30:00-05:00',
    due: '2026-02-10T17:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'low',
    clock: 'acknowledge',
    why: 'Friday 15:00 EST: 2.5 h Fri, 5.5 h from Monday 09:00 EDT (clocks went forward on Sunday) = 14:30 EDT',
    from: '2026-03-06T15:00:00-05:00',
    due: '2026-03-09T14:30:00-04:00',
  },
  {
    plan: 'standard',
    priority: 'urgent',
    clock: 'acknowledge',
    why: 'opened Sunday: counting starts Monday 09:00, + 1 h = 10:00',
    from: '2026-03-08T10:00:00-04:00',
    due: '2026-03-09T10:00:00-04:00',
  },
  // The in-progress response cadence starts at the acknowledgement.
  {
    plan: 'standard',
    priority: 'urgent',
    clock: 'update',
    why: 'acknowledged Wednesday 09:30: + 4 h = 13:30',
    from: '2026-02-11T09:30:00-05:00',
    due: '2026-02-11T13:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'high',
    clock: 'update',
    why: 'acknowledged Wednesday 09:30: 8 h Wed, 4 h from Thursday 09:00 = 13:00',
    from: '2026-02-11T09:30:00-05:00',
    due: '2026-02-12T13:00:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'medium',
    clock: 'update',
    why: 'acknowledged Wednesday 09:30: 8 h Wed + 8.5 h Thu = 16.5 h, 7.5 h from Friday 09:00 = 16:30',
    from: '2026-02-11T09:30:00-05:00',
    due: '2026-02-13T16:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'low',
    clock: 'update',
    why: 'acknowledged Wednesday 16:30: 1 + 8.5 (Thu) + 8.5 (Fri) + 8.5 (Mon, no holidays named) = 26.5 h, 5.5 h Tuesday = 14:30',
    from: '2026-02-11T16:30:00-05:00',
    due: '2026-02-17T14:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'urgent',
    clock: 'update',
    why: 'acknowledged Friday 17:00 EST: 0.5 h Fri, 3.5 h from Monday 09:00 EDT = 12:30 EDT',
    from: '2026-03-06T17:00:00-05:00',
    due: '2026-03-09T12:30:00-04:00',
  },
];

const rules: RuleRow[] = [
  {
    rule: 'business hours are Monday to Friday 09:00-17:30 US Eastern, no holidays',
    source:
      'Telephone and electronic support are available during business hours, Monday through Friday, from 9:00 am to 5:30 pm Eastern Standard Time.',
    check: (snapshot) => {
      expect(snapshot.calendars[snapshot.document.plans[0].calendar]).toEqual({
        kind: 'working',
        zone: 'America/New_York',
        week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '09:00', end: '17:30' }]])),
        holidays: [],
      });
    },
  },
  {
    rule: 'resolved with a solution or a workaround',
    source: 'Provided information regarding a reasonable solution or workaround to the Customer;',
    check: ({ document }) => expect(document.resolutionCodes).toEqual(expect.arrayContaining(['solution', 'workaround'])),
  },
  {
    rule: 'resolved by an upgrade',
    source: 'Notified the Customer that the issue will be resolved by upgrading to a newer release;',
    check: ({ document }) => expect(document.resolutionCodes).toContain('upgrade'),
  },
  {
    rule: 'resolved as a third-party issue',
    source: 'Provided information that isolates the issue to a third-party product; or',
    check: ({ document }) => expect(document.resolutionCodes).toContain('third-party'),
  },
  {
    rule: 'resolved as an enhancement request or an identified product issue (two codes)',
    source: 'Determined that the issue is an enhancement request or identified product issue.',
    check: ({ document }) => expect(document.resolutionCodes).toEqual(expect.arrayContaining(['enhancement-request', 'product-issue'])),
  },
  {
    rule: 'no other resolution code',
    source: RESOLVED_WHEN,
    check: ({ document }) =>
      expect([...(document.resolutionCodes ?? [])].sort()).toEqual([
        'enhancement-request',
        'product-issue',
        'solution',
        'third-party',
        'upgrade',
        'workaround',
      ]),
  },
  {
    rule: 'support needs an active agreement (effective date, 12-month terms), with no incident quota',
    source: 'Standard Technical Support Services are available beginning on the Effective Date of the Agreement.',
    check: ({ document }) => expect(document.entitlement).toEqual({ contractRequired: true }),
  },
  {
    rule: 'electronic support: e-mail, in-product, portal and chat',
    source: 'Electronic support may include email, in-product, portal-based or chat support',
    check: ({ document }) => expect(document.intake.channels).toEqual(expect.arrayContaining(['email', 'in-product', 'portal', 'chat'])),
  },
  {
    rule: 'telephone support, the same for every priority',
    source: 'Alectrona may provide telephone support, depending on the Software or Services that Customer has purchased.',
    check: ({ document }) => {
      expect([...document.intake.channels].sort()).toEqual(['chat', 'email', 'in-product', 'phone', 'portal']);
      expect(document.intake.channelsByPriority).toBeUndefined();
      expect(document.intake.requiredFieldsByPriority).toBeUndefined();
    },
  },
  {
    rule: 'a case may be split into sub-incidents, each with its own clocks (the notes record the reading)',
    source: 'If a submitted case can be broken down into subordinate Incidents, each Incident will be handled separately.',
    check: ({ document }) => expect(document.notes?.some((note) => note.includes('subordinate Incidents'))).toBe(true),
  },
  {
    rule: 'no automatic close on silence, no reopen window, no RCA',
    source: 'Customer will cooperate with Alectrona’s requests for assistance or information.',
    check: ({ document }) => {
      expect(document.customerSilence).toBeUndefined();
      expect(document.reopenWindow).toBeUndefined();
      expect(document.rca).toBeUndefined();
    },
  },
];

describe('Alectrona preset', () => {
  let snapshot: PolicySnapshot;
  beforeAll(() => {
    // The instant only sets the holiday horizon, and this calendar has no holidays.
    snapshot = presetSnapshot('alectrona', '2026-02-01T00:00:00-05:00');
  });

  it('has the preset id, plan and priorities of docs/design.md', () => {
    expect(snapshot.document.id).toBe('alectrona');
    expect(snapshot.document.plans.map((p) => p.id)).toEqual(['standard']);
    expect(snapshot.document.priorities.map((p) => [p.id, p.rank])).toEqual([
      ['urgent', 1],
      ['high', 2],
      ['medium', 3],
      ['low', 4],
    ]);
  });

  it('the table walks every plan × priority × clock exactly once', () => {
    expect(matrixGaps(cellsOf(matrix), ['standard'], ['urgent', 'high', 'medium', 'low'])).toEqual([]);
  });

  it.each([
    ['urgent', URGENT],
    ['high', HIGH],
    ['medium', MEDIUM],
    ['low', LOW],
  ])('%s: the first figure of its line is the new-case response, the second the in-progress response', (priority, line) => {
    expect(quotedIn(text, TABLE_HEADER)).toBe(true);
    const figures = /between (\d+) Hours? and (\d+) Hours/.exec(line);
    const cell = snapshot.document.targets.standard[priority];
    expect([timed(cell.acknowledge).amount, timed(cell.update).amount]).toEqual([Number(figures?.[1]), Number(figures?.[2])]);
  });

  it.each(cellsOf(matrix))('cell $plan / $priority / $clock', (cell) => {
    expectCell(snapshot, text, cell);
  });

  it.each(deadlines)('deadline $priority $clock from $from: $why', (deadline) => {
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
