// The SynchroNet CLICK preset against reference-policies/synchronet-click.txt, cell by cell.
// Every expected deadline below was worked out by hand from the text and docs/design.md's SLA semantics
// (the calculation is in each row's `why`), not taken from the program. Chicago is UTC-6 (CST)
// until Sunday 8 March 2026 02:00, then UTC-5 (CDT) until Sunday 1 November 2026 02:00.
import { addTarget } from '../../../workflows/calendar';
import type { PolicySnapshot } from '../../../workflows/policy';
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
import { instant, referenceText, silenceTimeline } from './preset-test-kit';

const text = referenceText('synchronet-click.txt');

const TABLE_HEADER = 'Priority Description Initial Response Progress Updates (via ticket) Contact';
const SAAS = 'CLICK is a SaaS-based solution that is 100% reliant on multiple AWS services.';
const RCA_DRAFT =
  'SynchroNet will provide a draft RCA as it relates to SynchroNet CLICK within 72 business hours of any Priority-1 or Priority-2 incident';
const RCA_FINAL = 'and a final revision of the RCA within 1 business week';
const NO_RCA = 'RCAs will not be provided for Priority-3 or Priority-4 incidents.';

// Each priority's row of the text's table runs from its label to the next one.
const row: Record<'P1' | 'P2' | 'P3' | 'P4', Section> = {
  P1: ['1 - Critical', '2 - High'],
  P2: ['2 - High', '3 - Medium'],
  P3: ['3 - Medium', '4 - Low'],
  P4: ['4 - Low', 'Idle Tickets'],
};

const chicago = 'America/Chicago';
const roundTheClock = (target: string) => ({ target, commitment: 'committed' as const, countsOn: '24x7' });
const onBusinessHours = (target: string) => ({ target, commitment: 'committed' as const, countsOn: chicago });

const matrix: CellRow[] = [
  { priority: 'P1', clock: 'acknowledge', source: 'Less than 30 minutes', within: row.P1, plans: { standard: roundTheClock('30 calendar minutes') } },
  { priority: 'P1', clock: 'update', source: 'Hourly', within: row.P1, plans: { standard: roundTheClock('1 calendar hour') } },
  { priority: 'P1', clock: 'resolve', source: TABLE_HEADER, plans: { standard: null } },
  { priority: 'P1', clock: 'rca.draft', source: RCA_DRAFT, plans: { standard: onBusinessHours('3 business days') } },
  { priority: 'P1', clock: 'rca.final', source: RCA_FINAL, plans: { standard: onBusinessHours('5 business days') } },
  { priority: 'P1', clock: 'hardware-replacement', source: SAAS, plans: { standard: null } },
  { priority: 'P1', clock: 'next-reply', source: TABLE_HEADER, plans: { standard: null } },

  { priority: 'P2', clock: 'acknowledge', source: 'Less than 1 hour', within: row.P2, plans: { standard: roundTheClock('1 calendar hour') } },
  { priority: 'P2', clock: 'update', source: 'Hourly', within: row.P2, plans: { standard: roundTheClock('1 calendar hour') } },
  { priority: 'P2', clock: 'resolve', source: TABLE_HEADER, plans: { standard: null } },
  { priority: 'P2', clock: 'rca.draft', source: RCA_DRAFT, plans: { standard: onBusinessHours('3 business days') } },
  { priority: 'P2', clock: 'rca.final', source: RCA_FINAL, plans: { standard: onBusinessHours('5 business days') } },
  { priority: 'P2', clock: 'hardware-replacement', source: SAAS, plans: { standard: null } },
  { priority: 'P2', clock: 'next-reply', source: TABLE_HEADER, plans: { standard: null } },

  { priority: 'P3', clock: 'acknowledge', source: 'Less than 8 hours', within: row.P3, plans: { standard: '8 business hours' } },
  { priority: 'P3', clock: 'update', source: 'Within 3 business days', within: row.P3, plans: { standard: '3 business days' } },
  { priority: 'P3', clock: 'resolve', source: TABLE_HEADER, plans: { standard: null } },
  { priority: 'P3', clock: 'rca.draft', source: NO_RCA, plans: { standard: null } },
  { priority: 'P3', clock: 'rca.final', source: NO_RCA, plans: { standard: null } },
  { priority: 'P3', clock: 'hardware-replacement', source: SAAS, plans: { standard: null } },
  { priority: 'P3', clock: 'next-reply', source: TABLE_HEADER, plans: { standard: null } },

  { priority: 'P4', clock: 'acknowledge', source: 'Less than 24 hours', within: row.P4, plans: { standard: '24 business hours' } },
  { priority: 'P4', clock: 'update', source: 'Within 5 business days', within: row.P4, plans: { standard: '5 business days' } },
  { priority: 'P4', clock: 'resolve', source: TABLE_HEADER, plans: { standard: null } },
  { priority: 'P4', clock: 'rca.draft', source: NO_RCA, plans: { standard: null } },
  { priority: 'P4', clock: 'rca.final', source: NO_RCA, plans: { standard: null } },
  { priority: 'P4', clock: 'hardware-replacement', source: SAAS, plans: { standard: null } },
  { priority: 'P4', clock: 'next-reply', source: TABLE_HEADER, plans: { standard: null } },
];

const deadlines: DeadlineRow[] = [
  // P1 and P2 run round the clock: the office is shut, the clock is not.
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'acknowledge',
    why: 'P1 phoned in 02:00 Saturday: +30 min',
    from: '2026-03-07T02:00:00-06:00',
    due: '2026-03-07T02:30:00-06:00',
  },
  {
    plan: 'standard',
    priority: 'P2',
    clock: 'acknowledge',
    why: 'P2 phoned in 02:00 Saturday: +1 h',
    from: '2026-03-07T02:00:00-06:00',
    due: '2026-03-07T03:00:00-06:00',
  },
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'acknowledge',
    why: 'in business hours, Tuesday 10:00: +30 min',
    from: '2026-02-10T10:00:00-06:00',
    due: '2026-02-10T10:30:00-06:00',
  },
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'acknowledge',
    why: 'spring forward: 01:45 CST + 30 elapsed min = 08:15Z, which the wall clock reads 03:15 CDT',
    from: '2026-03-08T01:45:00-06:00',
    due: '2026-03-08T03:15:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P2',
    clock: 'acknowledge',
    why: 'spring forward: 01:30 CST + 1 elapsed h = 03:30 CDT',
    from: '2026-03-08T01:30:00-06:00',
    due: '2026-03-08T03:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'acknowledge',
    why: 'fall back: 01:45 CDT + 30 elapsed min = 07:15Z, which the wall clock reads 01:15 CST',
    from: '2026-11-01T01:45:00-05:00',
    due: '2026-11-01T01:15:00-06:00',
  },
  // P3 and P4 count business hours, 08:00-17:00 Monday to Friday.
  {
    plan: 'standard',
    priority: 'P3',
    clock: 'acknowledge',
    why: 'Friday 16:30: 30 min Friday, 7 h 30 from Monday 08:00 (now CDT) = Monday 15:30',
    from: '2026-03-06T16:30:00-06:00',
    due: '2026-03-09T15:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P4',
    clock: 'acknowledge',
    why: 'Friday 16:30: 0.5 h Fri + 9 h Mon + 9 h Tue = 18.5 h, 5.5 h from Wednesday 08:00 = 13:30',
    from: '2026-03-06T16:30:00-06:00',
    due: '2026-03-11T13:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P3',
    clock: 'acknowledge',
    why: 'Saturday 02:00 is closed: counting starts Monday 08:00, + 8 h = 16:00',
    from: '2026-03-07T02:00:00-06:00',
    due: '2026-03-09T16:00:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P4',
    clock: 'acknowledge',
    why: 'Saturday 02:00: from Monday 08:00, 9 h Mon + 9 h Tue + 6 h Wed = Wednesday 14:00',
    from: '2026-03-07T02:00:00-06:00',
    due: '2026-03-11T14:00:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P3',
    clock: 'acknowledge',
    why: 'Monday 09:00 + 8 h lands on the 17:00 closing instant and stays there',
    from: '2026-02-09T09:00:00-06:00',
    due: '2026-02-09T17:00:00-06:00',
  },
  // Update cadences start at the acknowledgement.
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'update',
    why: 'acknowledged 02:20 Saturday: next update within the hour',
    from: '2026-03-07T02:20:00-06:00',
    due: '2026-03-07T03:20:00-06:00',
  },
  {
    plan: 'standard',
    priority: 'P2',
    clock: 'update',
    why: 'acknowledged 01:30 CST on the spring-forward night: one elapsed hour is 03:30 CDT',
    from: '2026-03-08T01:30:00-06:00',
    due: '2026-03-08T03:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P3',
    clock: 'update',
    why: 'acknowledged Friday 16:30 CST: the same wall-clock time three business days on (Mon, Tue, Wed), now CDT',
    from: '2026-03-06T16:30:00-06:00',
    due: '2026-03-11T16:30:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P4',
    clock: 'update',
    why: 'acknowledged Monday 15:30: five business days on is the next Monday 15:30',
    from: '2026-03-09T15:30:00-05:00',
    due: '2026-03-16T15:30:00-05:00',
  },
  // RCA clocks start at resolution and count business days even for the 24x7 priorities.
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'rca.draft',
    why: 'resolved 03:00 Saturday: from the next opening, Monday 08:00, three business days = Thursday 08:00',
    from: '2026-03-07T03:00:00-06:00',
    due: '2026-03-12T08:00:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P1',
    clock: 'rca.final',
    why: 'resolved 03:00 Saturday: Monday 08:00 + one business week = the next Monday 08:00',
    from: '2026-03-07T03:00:00-06:00',
    due: '2026-03-16T08:00:00-05:00',
  },
  {
    plan: 'standard',
    priority: 'P2',
    clock: 'rca.draft',
    why: 'resolved Tuesday 10:00: Friday 10:00',
    from: '2026-02-10T10:00:00-06:00',
    due: '2026-02-13T10:00:00-06:00',
  },
  {
    plan: 'standard',
    priority: 'P2',
    clock: 'rca.final',
    why: 'resolved Tuesday 10:00: the next Tuesday 10:00',
    from: '2026-02-10T10:00:00-06:00',
    due: '2026-02-17T10:00:00-06:00',
  },
];

const rules: RuleRow[] = [
  {
    rule: 'business hours are Monday to Friday 08:00-17:00 US Central, no holidays',
    source: "SynchroNet's normal operating hours are Monday through Friday, 8:00 AM - 5:00 PM US Central Time.",
    check: (snapshot) => {
      expect(snapshot.calendars[snapshot.document.plans[0].calendar]).toEqual({
        kind: 'working',
        zone: chicago,
        week: Object.fromEntries([1, 2, 3, 4, 5].map((day) => [day, [{ start: '08:00', end: '17:00' }]])),
        holidays: [],
      });
    },
  },
  {
    rule: 'P1 and P2 come in by phone only; P3 and P4 by e-mail (the Contact column)',
    source: 'we require all Priority-1 and Priority-2 issues to be submitted by phone.',
    check: ({ document }) => {
      expect(document.intake.channelsByPriority).toEqual({ P1: ['phone'], P2: ['phone'], P3: ['email'], P4: ['email'] });
      expect([...document.intake.channels].sort()).toEqual(['email', 'phone']);
    },
  },
  {
    rule: 'P1 and P2 need a call-back number and a contact name',
    source: 'IMPORTANT: It is imperative when calling that a call-back number and contact name is provided',
    check: ({ document }) => {
      expect(document.intake.requiredFieldsByPriority).toEqual({ P1: ['callbackNumber', 'contactName'], P2: ['callbackNumber', 'contactName'] });
      expect(document.intake.requiredFields).toEqual([]);
    },
  },
  {
    rule: 'silence after an information or confirmation request closes the ticket after 6 calendar days',
    source:
      'If SynchroNet has reached out to you for information or confirmation on a ticket, but we have not heard back from you, the ticket will automatically be closed after 6 days of inactivity.',
    check: (snapshot) => {
      expect(snapshot.document.customerSilence?.close).toEqual({ rule: 'inactivity', after: { amount: 6, unit: 'calendar-days' } });
      // Asked Friday 12:00 CST; 6 × 24 elapsed hours later is Thursday 13:00 CDT (the clocks went
      // forward on Sunday). The text names no reminder.
      expect(silenceTimeline(snapshot, 'standard', instant('2026-03-06T12:00:00-06:00'))).toEqual({
        reminders: [],
        closesAt: instant('2026-03-12T13:00:00-05:00'),
      });
    },
  },
  {
    rule: 'the customer may reopen: 30 calendar days (our choice), then a new linked ticket',
    source: "Don't worry! You can always reach out again if you need to re-open a previous issue.",
    check: (snapshot) => {
      expect(snapshot.document.reopenWindow).toEqual({ amount: 30, unit: 'calendar-days' });
      // Closed Thursday 12 March 13:00 CDT: a reply reopens it until Saturday 11 April 13:00 CDT.
      const until = addTarget({ kind: '24x7' }, instant('2026-03-12T13:00:00-05:00'), snapshot.document.reopenWindow!);
      expect(until).toBe(instant('2026-04-11T13:00:00-05:00'));
    },
  },
  {
    rule: 'RCA (draft and final) for P1 and P2 only, on every plan',
    source: NO_RCA,
    check: ({ document }) => {
      expect(document.rca).toEqual({ priorities: ['P1', 'P2'], final: true });
    },
  },
  {
    rule: 'support needs an active CLICK subscription, with no incident quota',
    source: 'This document outlines the standard level of support provided for all customers with an active CLICK subscription.',
    check: ({ document }) => {
      expect(document.entitlement).toEqual({ contractRequired: true });
    },
  },
];

describe('SynchroNet CLICK preset', () => {
  let snapshot: PolicySnapshot;
  beforeAll(() => {
    // The instant only sets the holiday horizon, and this calendar has no holidays.
    snapshot = presetSnapshot('synchronet-click', '2026-03-01T00:00:00-06:00');
  });

  it('has the preset id, plan and priorities of docs/design.md', () => {
    expect(snapshot.document.id).toBe('synchronet-click');
    expect(snapshot.document.plans.map((p) => p.id)).toEqual(['standard']);
    expect(snapshot.document.priorities.map((p) => [p.id, p.rank])).toEqual([
      ['P1', 1],
      ['P2', 2],
      ['P3', 3],
      ['P4', 4],
    ]);
  });

  it('the table walks every plan × priority × clock exactly once', () => {
    expect(matrixGaps(cellsOf(matrix), ['standard'], ['P1', 'P2', 'P3', 'P4'])).toEqual([]);
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

  it('the Contact column puts P3 and P4 on e-mail', () => {
    expect(quotedIn(text, 'Within 3 business days E-mail', row.P3)).toBe(true);
    expect(quotedIn(text, 'Within 5 business days E-mail', row.P4)).toBe(true);
  });

  it('names its escalation path and contacts with placeholder .example addresses', () => {
    const { escalation, deskContacts } = snapshot.document;
    expect(escalation.levels.map((l) => l.level)).toEqual([1, 2]);
    const addresses = [...deskContacts, ...escalation.levels.flatMap((l) => l.contacts)].map((c) => (c.kind === 'email' ? c.address : c.url));
    for (const address of addresses) expect(address).toMatch(/\.example(\/|$)/);
  });
});
