// The Syncro Soft preset against reference-policies/syncro-soft.txt, cell by cell.
//
// Every expected value below was worked out by hand from the text and docs/design.md ("SLA semantics",
// "Reading the reference policies"), with the calendar of the text: Mon–Fri 09:00–17:00
// Europe/Bucharest (EET +02:00 in winter, EEST +03:00 from 29 March to 25 October 2026), closed on
// Romanian public holidays. None was copied from the program's output. The working is in the
// comments; a day of the text is 8 business hours.
import { describeTarget } from '../../../workflows/calendar';
import { timed, everyCell, instant, loadPreset, quotesMissing, referenceText, silenceTimeline, snapshotAt, utc } from './preset-test-kit';
import { schedulePreview, type ClockName, type Commitment, type PolicyDocument } from '../../../workflows/policy';

const text = referenceText('syncro-soft.txt');
const document = loadPreset('syncro-soft');

const PLANS = ['support-pack', 'trial', 'no-pack', 'nfr'];
const PRIORITIES = ['critical', 'high', 'normal', 'low'];

// The sentences the rows encode.
const TABLE = 'The following table displays the various priority levels, conditions, and targets for "Response/Acknowledgement Time"';
const SUPPORT_HOURS = 'These target response times are within "Support Hours", do not include weekend or other non-business days';
const EIGHT_HOUR_DAY = 'assume that an 8 hour working day counts as 1 day';
const HOLIDAYS = 'Technical support will not be available on holidays for the corporate headquarters of Syncro Soft.';
const TRIAL =
  'Trial Customers: We make our best effort to provide equivalent response times to customers with a valid trial license during the official evaluation period.';
const NO_PACK =
  'If you are not covered by a Support and Maintenance Pack, we cannot make any commitments, but we will definitely answer every support request.';
const NFR = 'However, we do not currently provide response goals or response guarantees for these kind of licenses.';
const NO_RESOLUTION_TIME = 'Syncro Soft cannot guarantee the time that it will take to resolve a problem.';
const SILENCE =
  'When a support incident has been left open pending a response from the customer and 2 subsequent requests for information are not answered, then the call will be closed five working days after the second request for information';

/**
 * The acknowledge column of the text's table. `dueAt` is for a ticket opened Friday 6 February
 * 2026 15:00 in Bucharest (OPENED): Friday gives 2 business hours (15:00–17:00), the weekend none.
 */
const OPENED = '2026-02-06T15:00:00+02:00';
const ACKNOWLEDGE: Record<string, { target: string; source: string; dueAt: string }> = {
  // '4 hours': 2 h Friday + 2 h Monday 9 February → Monday 11:00.
  critical: {
    target: '4 business hours',
    source: 'A temporary workaround or alternative is not available 4 hours',
    dueAt: '2026-02-09T11:00:00+02:00',
  },
  // '1 day' = 8 h: 2 h Friday + 6 h Monday → Monday 15:00.
  high: { target: '8 business hours', source: 'perhaps by using an alternate solution or workaround.1 day', dueAt: '2026-02-09T15:00:00+02:00' },
  // '3 days' = 24 h: 2 h Friday, 8 Monday, 8 Tuesday (18), 6 h Wednesday 11 February → 15:00.
  normal: {
    target: '24 business hours',
    source: 'There could be degradation in application response times 3 days',
    dueAt: '2026-02-11T15:00:00+02:00',
  },
  // '5 days' = 40 h: 2 h Friday, 8 each Monday–Thursday (34), 6 h Friday 13 February → 15:00.
  low: {
    target: '40 business hours',
    source: 'Suggestions for new features or software product enhancements 5 days',
    dueAt: '2026-02-13T15:00:00+02:00',
  },
};

/** Why a clock the text sets no target for is absent (for the plans that have targets at all). */
const NO_TARGET_FOR_CLOCK: Record<Exclude<ClockName, 'acknowledge'>, string> = {
  // The text's only targets are the response/acknowledgement column.
  update: TABLE,
  resolve: NO_RESOLUTION_TIME,
  'rca.draft': TABLE,
  'rca.final': TABLE,
  'hardware-replacement': TABLE,
  'next-reply': TABLE,
};

interface CellRow {
  plan: string;
  priority: string;
  clock: ClockName;
  /** null: the cell must be absent from the document and from the schedule preview. */
  expected: { target: string; commitment: Commitment; dueAt: string } | null;
  /** The sentence the row encodes; a present cell's `source` is exactly this. */
  source: string;
  alsoCites: string[];
}

function rowFor(plan: string, priority: string, clock: ClockName): CellRow {
  const row = { plan, priority, clock };
  if (plan === 'no-pack') return { ...row, expected: null, source: NO_PACK, alsoCites: [] };
  if (plan === 'nfr') return { ...row, expected: null, source: NFR, alsoCites: [] };
  if (clock !== 'acknowledge') return { ...row, expected: null, source: NO_TARGET_FOR_CLOCK[clock], alsoCites: [] };
  const { target, source, dueAt } = ACKNOWLEDGE[priority];
  if (plan === 'trial') {
    return { ...row, expected: { target, commitment: 'best-effort', dueAt }, source: TRIAL, alsoCites: [source, SUPPORT_HOURS, EIGHT_HOUR_DAY] };
  }
  return { ...row, expected: { target, commitment: 'committed', dueAt }, source, alsoCites: [SUPPORT_HOURS, EIGHT_HOUR_DAY] };
}

const CELLS: CellRow[] = everyCell(PLANS, PRIORITIES).map(({ plan, priority, clock }) => rowFor(plan, priority, clock));

describe('Syncro Soft preset: the matrix', () => {
  test('plans and priorities are the ids of docs/design.md, most urgent first', () => {
    expect(document.plans.map((p) => p.id)).toEqual(PLANS);
    expect([...document.priorities].sort((a, b) => a.rank - b.rank).map((p) => p.id)).toEqual(PRIORITIES);
    // 4 plans × 4 priorities × 7 clocks.
    expect(CELLS).toHaveLength(112);
  });

  test('the document names no cell outside the walk', () => {
    const named = Object.entries(document.targets).flatMap(([plan, row]) =>
      Object.entries(row).flatMap(([priority, cell]) => Object.keys(cell).map((clock) => `${plan}/${priority}/${clock}`)),
    );
    const walked = new Set(CELLS.map((c) => `${c.plan}/${c.priority}/${c.clock}`));
    expect(named.filter((key) => !walked.has(key))).toEqual([]);
  });

  // One snapshot for the whole walk: resolving holidays per cell would only repeat the same work.
  const snapshot = snapshotAt(document, instant(OPENED));

  test.each(CELLS)('$plan / $priority / $clock', (row) => {
    expect(quotesMissing(text, [row.source, ...row.alsoCites])).toEqual([]);
    const cell = document.targets[row.plan]?.[row.priority]?.[row.clock];
    const previewed = schedulePreview(snapshot, row.plan, row.priority, instant(OPENED)).clocks.find((c) => c.clock === row.clock);
    if (row.expected === null) {
      expect(cell).toBeUndefined();
      expect(previewed).toBeUndefined();
      return;
    }
    expect(cell?.source).toBe(row.source);
    expect(cell && { target: describeTarget(timed(cell)), commitment: cell.commitment, calendar: cell.calendar }).toEqual({
      target: row.expected.target,
      commitment: row.expected.commitment,
      calendar: undefined, // the plan's own calendar
    });
    expect(previewed).toEqual({ clock: row.clock, target: row.expected.target, commitment: row.expected.commitment, dueAt: utc(row.expected.dueAt) });
  });
});

interface DeadlineRow {
  plan: string;
  priority: string;
  opened: string;
  due: string;
  why: string;
  source: string;
}

/** Acknowledge deadlines on instants where the calendar matters; each worked out by hand in `why`. */
const DEADLINES: DeadlineRow[] = [
  {
    plan: 'support-pack',
    priority: 'critical',
    opened: '2026-02-14T10:00:00+02:00',
    due: '2026-02-16T13:00:00+02:00',
    why: 'opened on a Saturday: counting starts Monday 09:00, 4 h later is 13:00',
    source: SUPPORT_HOURS,
  },
  {
    plan: 'support-pack',
    priority: 'high',
    opened: '2026-02-09T09:00:00+02:00',
    due: '2026-02-09T17:00:00+02:00',
    why: 'one working day from the Monday opening lands exactly on the closing instant, and stays there',
    source: EIGHT_HOUR_DAY,
  },
  {
    plan: 'support-pack',
    priority: 'critical',
    opened: '2026-12-01T10:00:00+02:00',
    due: '2026-12-02T13:00:00+02:00',
    why: 'opened on Tuesday 1 December (National Day): counting starts Wednesday 09:00',
    source: HOLIDAYS,
  },
  {
    plan: 'support-pack',
    priority: 'critical',
    opened: '2026-11-27T15:00:00+02:00',
    due: '2026-12-02T11:00:00+02:00',
    why: '2 h on Friday; Monday 30 November (St Andrew) and Tuesday 1 December are closed; 2 h on Wednesday',
    source: HOLIDAYS,
  },
  {
    plan: 'support-pack',
    priority: 'high',
    opened: '2026-04-09T13:00:00+03:00',
    due: '2026-04-14T13:00:00+03:00',
    why: '4 h on Thursday; Orthodox Good Friday (10 April) and Easter Monday (13 April) are closed; 4 h on Tuesday',
    source: HOLIDAYS,
  },
  {
    plan: 'support-pack',
    priority: 'critical',
    opened: '2026-01-01T10:00:00+02:00',
    due: '2026-01-05T13:00:00+02:00',
    why: 'opened on New Year’s Day: 1 and 2 January are both closed, then the weekend; Monday 09:00 + 4 h',
    source: HOLIDAYS,
  },
  {
    plan: 'support-pack',
    priority: 'low',
    opened: '2025-12-31T09:00:00+02:00',
    due: '2026-01-12T17:00:00+02:00',
    why: '8 h on 31 December; 1–2 January closed; 8 h Monday 5 (16); 6 (Epiphany) and 7 (St John) January closed; Thursday 8 (24), Friday 9 (32), Monday 12 (40) ends at 17:00',
    source: HOLIDAYS,
  },
  {
    plan: 'trial',
    priority: 'critical',
    opened: '2026-03-27T15:00:00+02:00',
    due: '2026-03-30T11:00:00+03:00',
    why: 'clocks go forward on Sunday 29 March: 2 h Friday (EET) + 2 h Monday (EEST) → Monday 11:00 local, 08:00 UTC',
    source: TRIAL,
  },
  {
    plan: 'support-pack',
    priority: 'normal',
    opened: '2026-10-22T13:00:00+03:00',
    due: '2026-10-27T13:00:00+02:00',
    why: 'clocks go back on Sunday 25 October: 4 h Thursday, 8 Friday (12), 8 Monday (20), 4 h Tuesday → 13:00 EET',
    source: SUPPORT_HOURS,
  },
];

describe('Syncro Soft preset: acknowledge deadlines on concrete instants', () => {
  test.each(DEADLINES)('$plan $priority opened $opened: $why', (row) => {
    expect(quotesMissing(text, [row.source])).toEqual([]);
    const openedAt = instant(row.opened);
    const preview = schedulePreview(snapshotAt(document, openedAt), row.plan, row.priority, openedAt);
    expect(preview.clocks.map((c) => [c.clock, c.dueAt])).toEqual([['acknowledge', utc(row.due)]]);
  });

  test.each(['no-pack', 'nfr'])('%s: a ticket runs without any clock, whatever its priority', (plan) => {
    expect(quotesMissing(text, [NO_PACK, NFR])).toEqual([]);
    const openedAt = instant(OPENED);
    const snapshot = snapshotAt(document, openedAt);
    for (const priority of PRIORITIES) expect(schedulePreview(snapshot, plan, priority, openedAt).clocks).toEqual([]);
  });
});

interface SilenceRow {
  requested: string;
  reminder: string;
  closes: string;
  why: string;
}

/**
 * The agent's first request, the automatic reminder 3 business days later (the second request),
 * and the close 5 business days after that, counted on the Bucharest calendar.
 */
const SILENCE_ROWS: SilenceRow[] = [
  {
    requested: '2026-02-12T11:00:00+02:00',
    reminder: '2026-02-17T11:00:00+02:00',
    closes: '2026-02-24T11:00:00+02:00',
    why: 'Thursday: Fri, Mon, Tue → Tuesday 17; Wed, Thu, Fri, Mon, Tue → Tuesday 24',
  },
  {
    requested: '2026-11-25T15:00:00+02:00',
    reminder: '2026-12-02T15:00:00+02:00',
    closes: '2026-12-09T15:00:00+02:00',
    why: 'Thu 26, Fri 27, (30 Nov and 1 Dec closed) Wed 2 Dec; then Thu 3, Fri 4, Mon 7, Tue 8, Wed 9',
  },
  {
    requested: '2026-02-14T10:00:00+02:00',
    reminder: '2026-02-19T09:00:00+02:00',
    closes: '2026-02-26T09:00:00+02:00',
    why: 'asked on a Saturday: counted from the Monday 09:00 opening; Tue, Wed, Thu; then Fri, Mon, Tue, Wed, Thu',
  },
  {
    requested: '2026-03-26T10:00:00+02:00',
    reminder: '2026-03-31T10:00:00+03:00',
    closes: '2026-04-07T10:00:00+03:00',
    why: 'across the change to summer time the wall clock stays 10:00: Fri, Mon, Tue 31; Wed, Thu, Fri, Mon, Tue 7 April',
  },
];

describe('Syncro Soft preset: customer silence', () => {
  test('the rule: a reminder after 3 business days is the second request; the close 5 business days after it', () => {
    expect(quotesMissing(text, [SILENCE])).toEqual([]);
    expect(document.customerSilence).toEqual({
      reminderEvery: { amount: 3, unit: 'business-days' },
      maxReminders: 1,
      remindersAreRequests: true,
      close: { rule: 'after-nth-request', requests: 2, after: { amount: 5, unit: 'business-days' } },
    });
  });

  test.each(SILENCE_ROWS)('requested $requested: $why', (row) => {
    const requestAt = instant(row.requested);
    for (const plan of PLANS) {
      // Every plan: the close rule is the policy's, not a target of the pack.
      const timeline = silenceTimeline(snapshotAt(document, requestAt), plan, requestAt);
      expect({
        plan,
        reminders: timeline.reminders.map((ms) => new Date(ms).toISOString()),
        closesAt: timeline.closesAt && new Date(timeline.closesAt).toISOString(),
      }).toEqual({
        plan,
        reminders: [utc(row.reminder)],
        closesAt: utc(row.closes),
      });
    }
  });
});

interface RuleRow {
  rule: string;
  sources: string[];
  check: (policy: PolicyDocument) => void;
}

const RULES: RuleRow[] = [
  {
    rule: 'support hours: Monday to Friday 09:00–17:00 in Bucharest, Romanian public holidays closed',
    sources: [SUPPORT_HOURS, HOLIDAYS],
    check: (policy) => {
      const nineToFive = [{ start: '09:00', end: '17:00' }];
      expect(policy.calendars).toEqual({
        'bucharest-support-hours': {
          kind: 'working',
          zone: 'Europe/Bucharest',
          week: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive },
          holidays: { country: 'RO' },
        },
      });
      expect(policy.plans.map((p) => p.calendar)).toEqual(PLANS.map(() => 'bucharest-support-hours'));
    },
  },
  {
    rule: 'holidays resolve to the Romanian public holidays of the ticket’s dates',
    sources: [HOLIDAYS],
    check: (policy) => {
      const snapshot = snapshotAt({ ...policy, version: 1 }, instant('2026-06-01T12:00:00+03:00'));
      const calendar = snapshot.calendars['bucharest-support-hours'];
      const holidays = calendar.kind === 'working' ? calendar.holidays : [];
      // The law's list for 2026 (Codul muncii art. 139), on working days and at weekends alike.
      for (const date of [
        '2026-01-01',
        '2026-01-02',
        '2026-01-06',
        '2026-01-07',
        '2026-01-24',
        '2026-04-10',
        '2026-04-13',
        '2026-05-01',
        '2026-06-01',
        '2026-08-15',
        '2026-11-30',
        '2026-12-01',
        '2026-12-25',
        '2026-12-26',
      ]) {
        expect({ date, closed: holidays.includes(date) }).toEqual({ date, closed: true });
      }
      // An observance (Constitution Day) leaves the desk open.
      expect(holidays).not.toContain('2026-12-08');
    },
  },
  {
    rule: 'no resolution, update, RCA or hardware obligations anywhere',
    sources: [NO_RESOLUTION_TIME, TABLE],
    check: (policy) => {
      expect(policy.rca).toBeUndefined();
      expect(policy.reopenWindow).toBeUndefined();
    },
  },
  {
    rule: 'escalation path: support staff, Technical Support Manager, senior management',
    sources: [
      'First contact the Technical Support staff who are working on your problem and request that the priority of the problem is escalated.',
      'You may request to speak with a Technical Support Manager if additional escalation is required.',
      'Your email will be sent to the Senior Management within Syncro Soft.',
    ],
    check: (policy) => {
      expect(policy.escalation.levels.map((l) => [l.level, l.name])).toEqual([
        [1, 'Technical Support staff'],
        [2, 'Technical Support Manager'],
        [3, 'Senior Management'],
      ]);
      for (const level of policy.escalation.levels) {
        expect(level.contacts).toEqual([expect.objectContaining({ kind: 'email', address: expect.stringMatching(/@syncro-soft\.example$/) })]);
      }
      expect(policy.escalation.onBreach).toBe(true);
      expect(policy.deskContacts).toEqual([expect.objectContaining({ kind: 'email', address: 'support@syncro-soft.example' })]);
    },
  },
  {
    rule: 'intake: license details (organisation, license type) are required',
    sources: ['License details (organization name, license type)'],
    check: (policy) => expect(policy.intake.requiredFields).toEqual(expect.arrayContaining(['licenseOrganization', 'licenseType'])),
  },
  {
    rule: 'intake: product name and version are required',
    sources: ['Product name and version'],
    check: (policy) => expect(policy.intake.requiredFields).toEqual(expect.arrayContaining(['product', 'productVersion'])),
  },
  {
    rule: 'intake: the technical contact’s e-mail and telephone are required',
    sources: ['Contact information, including email addresses and telephone numbers, for technical personnel'],
    check: (policy) => expect(policy.intake.requiredFields).toEqual(expect.arrayContaining(['contactEmail', 'contactPhone'])),
  },
  {
    rule: 'intake: operating system and version are required',
    sources: ['Operating system and version'],
    check: (policy) => expect(policy.intake.requiredFields).toEqual(expect.arrayContaining(['operatingSystem', 'operatingSystemVersion'])),
  },
  {
    rule: 'intake: the description is the ticket’s own and required; error messages and steps to reproduce are asked for when applicable',
    sources: ['A short description of the problem including the exact text of error messages and steps to reproduce the issue (when applicable)'],
    check: (policy) => {
      expect(policy.intake.recommendedFields).toEqual(expect.arrayContaining(['errorMessages', 'stepsToReproduce']));
      expect(policy.intake.requiredFields).not.toContain('description');
      expect(policy.intake.descriptionRequired).toBe(true);
    },
  },
  {
    rule: 'intake: exactly the fields above are required, nothing more',
    sources: ['you must provide the following'],
    check: (policy) =>
      expect([...policy.intake.requiredFields].sort()).toEqual(
        [
          'contactEmail',
          'contactPhone',
          'licenseOrganization',
          'licenseType',
          'operatingSystem',
          'operatingSystemVersion',
          'product',
          'productVersion',
        ].sort(),
      ),
  },
  {
    rule: 'channels: online, e-mail, phone, for every priority',
    sources: ['All eligible license holders may submit technical support requests online, by sending an email to , or by phone'],
    check: (policy) => {
      expect(policy.intake.channels).toEqual(['portal', 'email', 'phone']);
      expect(policy.intake.channelsByPriority).toBeUndefined();
      expect(policy.intake.requiredFieldsByPriority).toBeUndefined();
    },
  },
  {
    rule: 'resolution codes: the ways of resolving and closing of section 5.1',
    sources: [
      'Providing assistance with the operation of the software product by email, telephone, or over the web;',
      'Developing a workaround or working best practices in order to avoid a particular problem;',
      'Enabling customers to develop their own workaround based upon the advice provided;',
      'Logging enhancement requests for products.',
      'If it is determined that the problem or product is not covered by the Technical Support in this policy.',
    ],
    check: (policy) =>
      expect(policy.resolutionCodes).toEqual(['assistance', 'workaround', 'customer-workaround', 'enhancement-request', 'not-covered']),
  },
  {
    rule: 'no entitlement check: customers without a pack are still answered (on the no-pack plan)',
    sources: [NO_PACK],
    check: (policy) => expect(policy.entitlement).toEqual({ contractRequired: false }),
  },
  {
    rule: 'no satisfaction survey: feedback is the customer’s to send',
    sources: ['If you have general feedback regarding your technical support experience, email .'],
    check: (policy) => expect(policy.surveyOnClose).toBe(false),
  },
];

describe('Syncro Soft preset: the rules around the matrix', () => {
  test.each(RULES)('$rule', (row) => {
    expect(quotesMissing(text, row.sources)).toEqual([]);
    row.check(document);
  });

  test('every cell quotes its own cell of the table (no quote is reused for another amount)', () => {
    const quotesByAmount = new Map<string, Set<string>>();
    for (const row of Object.values(document.targets)) {
      for (const cell of Object.values(row)) {
        for (const target of Object.values(cell)) {
          const key = describeTarget(timed(target));
          quotesByAmount.set(target.source ?? '', (quotesByAmount.get(target.source ?? '') ?? new Set()).add(key));
        }
      }
    }
    // The trial sentence covers four amounts ("equivalent response times"); every table quote one.
    for (const [quote, amounts] of quotesByAmount) {
      if (quote !== TRIAL) expect({ quote, amounts: [...amounts] }).toEqual({ quote, amounts: [expect.any(String)] });
    }
  });
});
