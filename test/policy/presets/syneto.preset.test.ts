// The Syneto preset against reference-policies/syneto.txt, cell by cell.
//
// Every expected value below was worked out by hand from the text and docs/design.md ("SLA semantics",
// "Reading the reference policies"), never copied from the program's output. Basic and Pro count
// business hours Mon–Fri 09:00–17:00 Europe/Rome (CET +01:00; CEST +02:00 from 29 March to 25
// October 2026) with no holidays; Mission Critical counts elapsed (calendar) time round the clock.
// Next business day (NBD) is 17:00 of the first working day after the local date the clock starts on.
//
// The text's response table is two columns run together: P3 reads 'NBD (Basic)', 'Within 8 Hours'
// (Pro. support), 'Within 4 Hours (Mission Critical)'; P4 reads 'NBD (Basic, Pro. … support)',
// 'Within 8 Hours (Mission Critical)'. The quotes are the fragments as they stand.
import { addTarget, describeTarget } from '../../../workflows/calendar';
import { timed, everyCell, instant, loadPreset, quotesMissing, referenceText, silenceTimeline, snapshotAt, utc } from './preset-test-kit';
import { cellClocks, schedulePreview, type ClockName, type Commitment, type PolicyDocument } from '../../../workflows/policy';

const text = referenceText('syneto.txt');
const document = loadPreset('syneto');

const PLANS = ['basic', 'pro', 'mission-critical'];
const PRIORITIES = ['P1', 'P2', 'P3', 'P4'];

// The sentences the rows encode.
const BUSINESS_HOURS = 'Case handling during standard business hours* (9-17 CET, Mon-Fri).';
const NON_STOP =
  'Fastest response time for software support, available non-stop (24/7 x 365 days/year, see Target Initial Support Response section).';
const INITIAL_RESPONSE_ONLY =
  'Syneto will use the following guidelines to assess issues and provide an initial response in a timely manner based on their priority level.';
const RCA = 'Includes SERENITY Root cause analysis.';
const DIAGNOSIS_STARTS = "Delivery time starts after TSA's diagnosis ends, not at the ticket opening.";
const HARDWARE = {
  basic: 'Basic - Next Business Day (parts arrival on-site by courier)',
  pro: 'Pro Support – Next Business Day (9AM-5PM)',
  'mission-critical': 'Mission Critical – 4 hours (available in most major metropolitan locations)',
} as const;
const HARDWARE_IN_LEVELS = {
  basic: 'Hardware replacement time (parts arrival on-site after diagnosis) via pre-paid courier service is Next Business Day (NBD)',
  pro: 'Hardware replacement time is Next Business Day (NBD), replacement by on-site Syneto',
  'mission-critical': 'Hardware replacement time is 4 hours, by on-site Syneto',
} as const;
const SILENCE =
  'if we do not hear from you within 5 days of a request for information, and multiple attempts have been made to contact you during this period.';

type Plan = keyof typeof HARDWARE;

/**
 * The text's response table. `dueAt` is for a ticket opened Friday 13 February 2026 16:30 in Rome
 * (OPENED): Basic and Pro get 30 business minutes on Friday and resume Monday 16 February 09:00;
 * Mission Critical just adds the elapsed time.
 */
const OPENED = '2026-02-13T16:30:00+01:00';
const ACKNOWLEDGE: Record<string, Record<Plan, { target: string; source: string; dueAt: string }>> = {
  P1: {
    // 30 min Friday + 3 h 30 Monday → 12:30.
    basic: { target: '4 business hours', source: 'Within 4 Hours (Basic)', dueAt: '2026-02-16T12:30:00+01:00' },
    // 30 min Friday + 30 min Monday → 09:30.
    pro: { target: '1 business hour', source: 'Within 1 Hour (Pro. support)', dueAt: '2026-02-16T09:30:00+01:00' },
    'mission-critical': { target: '30 calendar minutes', source: 'Within 30 Mins. (Mission Critical)', dueAt: '2026-02-13T17:00:00+01:00' },
  },
  P2: {
    // 30 min Friday + 7 h 30 Monday → 16:30.
    basic: { target: '8 business hours', source: 'Within 8 Hours (Basic)', dueAt: '2026-02-16T16:30:00+01:00' },
    pro: { target: '4 business hours', source: 'Within 4 Hours (Pro. support)', dueAt: '2026-02-16T12:30:00+01:00' },
    'mission-critical': { target: '2 calendar hours', source: 'Within 2 Hours (Mission Critical)', dueAt: '2026-02-13T18:30:00+01:00' },
  },
  P3: {
    // The first working day after Friday is Monday: its 17:00 close.
    basic: { target: 'next business day', source: 'NBD (Basic)', dueAt: '2026-02-16T17:00:00+01:00' },
    pro: { target: '8 business hours', source: 'NBD (Basic) Within 8 Hours', dueAt: '2026-02-16T16:30:00+01:00' },
    'mission-critical': { target: '4 calendar hours', source: 'Within 4 Hours (Mission Critical)', dueAt: '2026-02-13T20:30:00+01:00' },
  },
  P4: {
    basic: { target: 'next business day', source: 'NBD (Basic, Pro.', dueAt: '2026-02-16T17:00:00+01:00' },
    pro: { target: 'next business day', source: 'NBD (Basic, Pro.', dueAt: '2026-02-16T17:00:00+01:00' },
    // 16:30 + 8 h → Saturday 00:30.
    'mission-critical': { target: '8 calendar hours', source: 'Within 8 Hours (Mission Critical)', dueAt: '2026-02-14T00:30:00+01:00' },
  },
};
const HARDWARE_TARGET: Record<Plan, string> = { basic: 'next business day', pro: 'next business day', 'mission-critical': '4 calendar hours' };

/** Why the clocks the text sets no target for are absent (RCA is tracked by the rca rule, without a deadline). */
const NO_TARGET_FOR_CLOCK: Record<Exclude<ClockName, 'acknowledge' | 'hardware-replacement'>, string> = {
  update: INITIAL_RESPONSE_ONLY,
  resolve: INITIAL_RESPONSE_ONLY,
  'rca.draft': RCA,
  'rca.final': RCA,
  'next-reply': INITIAL_RESPONSE_ONLY,
};

interface CellRow {
  plan: string;
  priority: string;
  clock: ClockName;
  /** null: the cell must be absent from the document and from the schedule preview. */
  expected: { target: string; commitment: Commitment; dueAt: string | null; countsOn: string } | null;
  /** The words the row encodes; a present cell's `source` is exactly this. */
  source: string;
  alsoCites: string[];
}

function rowFor(plan: Plan, priority: string, clock: ClockName): CellRow {
  const row = { plan, priority, clock };
  const countsOn = plan === 'mission-critical' ? '24x7' : 'Europe/Rome';
  const hours = plan === 'mission-critical' ? NON_STOP : BUSINESS_HOURS;
  if (clock === 'acknowledge') {
    const { target, source, dueAt } = ACKNOWLEDGE[priority][plan];
    return { ...row, expected: { target, commitment: 'committed', dueAt, countsOn }, source, alsoCites: [hours] };
  }
  if (clock === 'hardware-replacement') {
    // Starts when diagnosis ends, so the preview leaves it open; its deadlines are checked below.
    const expected = { target: HARDWARE_TARGET[plan], commitment: 'committed' as const, dueAt: null, countsOn };
    return { ...row, expected, source: HARDWARE[plan], alsoCites: [HARDWARE_IN_LEVELS[plan], DIAGNOSIS_STARTS] };
  }
  return { ...row, expected: null, source: NO_TARGET_FOR_CLOCK[clock], alsoCites: [] };
}

const isPlan = (plan: string): plan is Plan => Object.hasOwn(HARDWARE, plan);
const CELLS: CellRow[] = everyCell(PLANS, PRIORITIES).map(({ plan, priority, clock }) => {
  if (!isPlan(plan)) throw new Error(`no expectations for plan ${plan}`);
  return rowFor(plan, priority, clock);
});

describe('Syneto preset: the matrix', () => {
  test('plans and priorities are the ids of docs/design.md, most urgent first', () => {
    expect(document.plans.map((p) => p.id)).toEqual(PLANS);
    expect([...document.priorities].sort((a, b) => a.rank - b.rank).map((p) => p.id)).toEqual(PRIORITIES);
    // 3 plans × 4 priorities × 7 clocks.
    expect(CELLS).toHaveLength(84);
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
    const counted = cellClocks(snapshot, row.plan, row.priority).find((c) => c.clock === row.clock);
    expect(
      counted && {
        target: describeTarget(timed(counted.target)),
        commitment: counted.target.commitment,
        countsOn: counted.calendar.kind === '24x7' ? '24x7' : counted.calendar.zone,
      },
    ).toEqual({
      target: row.expected.target,
      commitment: row.expected.commitment,
      countsOn: row.expected.countsOn,
    });
    expect(previewed).toEqual({
      clock: row.clock,
      target: row.expected.target,
      commitment: row.expected.commitment,
      dueAt: row.expected.dueAt === null ? null : utc(row.expected.dueAt),
    });
  });
});

interface DeadlineRow {
  plan: string;
  priority: string;
  /** Creation for acknowledge; the end of diagnosis for hardware replacement. */
  from: string;
  due: string;
  why: string;
  source: string;
}

/** Acknowledge deadlines on instants where the calendar matters; each worked out by hand in `why`. */
const ACKNOWLEDGE_DEADLINES: DeadlineRow[] = [
  {
    plan: 'mission-critical',
    priority: 'P1',
    from: '2026-02-15T03:10:00+01:00',
    due: '2026-02-15T03:40:00+01:00',
    why: 'at night on a Sunday: 30 calendar minutes, no calendar',
    source: NON_STOP,
  },
  {
    plan: 'mission-critical',
    priority: 'P4',
    from: '2026-03-28T22:00:00+01:00',
    due: '2026-03-29T07:00:00+02:00',
    why: '8 elapsed hours across the change to summer time: 21:00 UTC + 8 h = 05:00 UTC, 07:00 CEST',
    source: NON_STOP,
  },
  {
    plan: 'mission-critical',
    priority: 'P2',
    from: '2026-10-25T01:30:00+02:00',
    due: '2026-10-25T02:30:00+01:00',
    why: '2 elapsed hours across the change back to winter time: 23:30 UTC + 2 h = 01:30 UTC, 02:30 CET',
    source: NON_STOP,
  },
  {
    plan: 'basic',
    priority: 'P3',
    from: '2026-02-10T10:00:00+01:00',
    due: '2026-02-11T17:00:00+01:00',
    why: 'NBD from a Tuesday: Wednesday’s 17:00 close',
    source: 'NBD (Basic)',
  },
  {
    plan: 'basic',
    priority: 'P4',
    from: '2026-02-16T08:00:00+01:00',
    due: '2026-02-17T17:00:00+01:00',
    why: 'NBD from Monday before opening: the day after Monday’s date is Tuesday, so Tuesday 17:00',
    source: 'NBD (Basic, Pro.',
  },
  {
    plan: 'basic',
    priority: 'P3',
    from: '2026-02-14T10:00:00+01:00',
    due: '2026-02-16T17:00:00+01:00',
    why: 'NBD from a Saturday: Monday 17:00',
    source: 'NBD (Basic)',
  },
  {
    plan: 'pro',
    priority: 'P4',
    from: '2026-03-27T11:00:00+01:00',
    due: '2026-03-30T17:00:00+02:00',
    why: 'NBD from Friday across the change to summer time: Monday 17:00 CEST',
    source: 'NBD (Basic, Pro.',
  },
  {
    plan: 'pro',
    priority: 'P3',
    from: '2026-03-27T13:00:00+01:00',
    due: '2026-03-30T13:00:00+02:00',
    why: '8 business hours across the change to summer time: 4 h Friday, 4 h Monday → 13:00 CEST',
    source: BUSINESS_HOURS,
  },
  {
    plan: 'basic',
    priority: 'P2',
    from: '2026-10-23T15:00:00+02:00',
    due: '2026-10-26T15:00:00+01:00',
    why: '8 business hours across the change back to winter time: 2 h Friday, 6 h Monday → 15:00 CET',
    source: BUSINESS_HOURS,
  },
  {
    plan: 'basic',
    priority: 'P1',
    from: '2026-01-01T10:00:00+01:00',
    due: '2026-01-01T14:00:00+01:00',
    why: 'no holidays are named: New Year’s Day is a working day, 10:00 + 4 h',
    source: BUSINESS_HOURS,
  },
  {
    plan: 'pro',
    priority: 'P1',
    from: '2026-02-10T16:00:00+01:00',
    due: '2026-02-10T17:00:00+01:00',
    why: 'one business hour ending exactly at the close stays at the close',
    source: 'Within 1 Hour (Pro. support)',
  },
  {
    plan: 'pro',
    priority: 'P1',
    from: '2026-02-10T17:00:00+01:00',
    due: '2026-02-11T10:00:00+01:00',
    why: 'opened at the closing instant: the hour is Wednesday 09:00–10:00',
    source: 'Within 1 Hour (Pro. support)',
  },
  {
    plan: 'basic',
    priority: 'P1',
    from: '2026-02-14T11:00:00+01:00',
    due: '2026-02-16T13:00:00+01:00',
    why: 'opened on a Saturday: counting starts Monday 09:00, 4 h later is 13:00',
    source: BUSINESS_HOURS,
  },
];

/** Hardware replacement, counted from the end of diagnosis (the preview leaves it open). */
const HARDWARE_DEADLINES: DeadlineRow[] = [
  {
    plan: 'basic',
    priority: 'P1',
    from: '2026-02-12T18:30:00+01:00',
    due: '2026-02-13T17:00:00+01:00',
    why: 'diagnosed Thursday evening: parts by Friday 17:00',
    source: HARDWARE.basic,
  },
  {
    plan: 'pro',
    priority: 'P2',
    from: '2026-02-13T10:00:00+01:00',
    due: '2026-02-16T17:00:00+01:00',
    why: 'diagnosed Friday morning: the next business day is Monday, engineer by 17:00',
    source: HARDWARE.pro,
  },
  {
    plan: 'pro',
    priority: 'P3',
    from: '2026-12-24T10:00:00+01:00',
    due: '2026-12-25T17:00:00+01:00',
    why: 'no holidays are named: Christmas Day (a Friday) is the next business day',
    source: HARDWARE.pro,
  },
  {
    plan: 'mission-critical',
    priority: 'P1',
    from: '2026-02-14T22:00:00+01:00',
    due: '2026-02-15T02:00:00+01:00',
    why: 'diagnosed Saturday night: 4 elapsed hours',
    source: HARDWARE['mission-critical'],
  },
  {
    plan: 'mission-critical',
    priority: 'P4',
    from: '2026-03-29T00:30:00+01:00',
    due: '2026-03-29T05:30:00+02:00',
    why: '4 elapsed hours across the change to summer time: 23:30 UTC + 4 h = 03:30 UTC, 05:30 CEST',
    source: HARDWARE['mission-critical'],
  },
];

describe('Syneto preset: deadlines on concrete instants', () => {
  test.each(ACKNOWLEDGE_DEADLINES)('acknowledge, $plan $priority opened $from: $why', (row) => {
    expect(quotesMissing(text, [row.source])).toEqual([]);
    const openedAt = instant(row.from);
    const preview = schedulePreview(snapshotAt(document, openedAt), row.plan, row.priority, openedAt);
    expect(preview.clocks.map((c) => [c.clock, c.dueAt])).toEqual([
      ['acknowledge', utc(row.due)],
      ['hardware-replacement', null],
    ]);
  });

  test.each(HARDWARE_DEADLINES)('hardware replacement, $plan $priority diagnosed $from: $why', (row) => {
    expect(quotesMissing(text, [row.source, DIAGNOSIS_STARTS])).toEqual([]);
    const diagnosedAt = instant(row.from);
    const hardware = cellClocks(snapshotAt(document, diagnosedAt), row.plan, row.priority).find((c) => c.clock === 'hardware-replacement');
    expect(hardware && new Date(addTarget(hardware.calendar, diagnosedAt, timed(hardware.target))).toISOString()).toBe(utc(row.due));
  });
});

interface SilenceRow {
  plan: string;
  requested: string;
  reminders: string[];
  closes: string;
  why: string;
}

/** Two reminders 2 and 4 calendar days after the request, the close 5 calendar days after it. */
const SILENCE_ROWS: SilenceRow[] = [
  {
    plan: 'basic',
    requested: '2026-02-09T10:00:00+01:00',
    reminders: ['2026-02-11T10:00:00+01:00', '2026-02-13T10:00:00+01:00'],
    closes: '2026-02-14T10:00:00+01:00',
    why: 'calendar days run over the weekend: the close is a Saturday',
  },
  {
    plan: 'mission-critical',
    requested: '2026-03-26T12:00:00+01:00',
    reminders: ['2026-03-28T12:00:00+01:00', '2026-03-30T13:00:00+02:00'],
    closes: '2026-03-31T13:00:00+02:00',
    why: 'elapsed days across the change to summer time: 11:00 UTC each time, 13:00 CEST after it',
  },
];

describe('Syneto preset: customer silence', () => {
  test('the rule: closes 5 calendar days after the request; reminders every 2 days, at most 2', () => {
    expect(quotesMissing(text, [SILENCE])).toEqual([]);
    expect(document.customerSilence).toEqual({
      reminderEvery: { amount: 2, unit: 'calendar-days' },
      maxReminders: 2,
      remindersAreRequests: false,
      close: { rule: 'inactivity', after: { amount: 5, unit: 'calendar-days' } },
    });
  });

  test.each(SILENCE_ROWS)('$plan, requested $requested: $why', (row) => {
    const requestAt = instant(row.requested);
    const timeline = silenceTimeline(snapshotAt(document, requestAt), row.plan, requestAt);
    // "multiple attempts ... during this period": at least two reminders, all before the close.
    expect({
      reminders: timeline.reminders.map((ms) => new Date(ms).toISOString()),
      closesAt: timeline.closesAt && new Date(timeline.closesAt).toISOString(),
    }).toEqual({ reminders: row.reminders.map(utc), closesAt: utc(row.closes) });
  });
});

interface RuleRow {
  rule: string;
  sources: string[];
  check: (policy: PolicyDocument) => void;
}

/** The "Collect Information" list, item by item, and the field that carries each. */
const COLLECT_INFORMATION: Array<[item: string, field: string]> = [
  ['System Serial Number', 'systemSerialNumber'],
  ['Hardware ID', 'hardwareId'],
  ['Versions of all relevant software (SynetoOS and Hypervisor)', 'synetoOsVersion'],
  ['Versions of all relevant software (SynetoOS and Hypervisor)', 'hypervisorVersion'],
  ['The time when the system became unavailable', 'unavailableSince'],
  ['Whether the issue can be reproduced', 'reproducible'],
  ['Steps taken thus far in remediation', 'remediationSteps'],
];

const RULES: RuleRow[] = [
  {
    rule: 'Basic and Pro: 9–17 Monday to Friday in Rome, no holidays named; Mission Critical: 24x7',
    sources: [BUSINESS_HOURS, NON_STOP],
    check: (policy) => {
      const nineToFive = [{ start: '09:00', end: '17:00' }];
      expect(policy.calendars).toEqual({
        'rome-business-hours': {
          kind: 'working',
          zone: 'Europe/Rome',
          week: { 1: nineToFive, 2: nineToFive, 3: nineToFive, 4: nineToFive, 5: nineToFive },
        },
        'always-open': { kind: '24x7' },
      });
      expect(policy.plans.map((p) => [p.id, p.calendar])).toEqual([
        ['basic', 'rome-business-hours'],
        ['pro', 'rome-business-hours'],
        ['mission-critical', 'always-open'],
      ]);
    },
  },
  {
    rule: 'RCA is owed on every Mission Critical ticket (a feature of the plan), as one document without a deadline',
    sources: [RCA],
    check: (policy) => {
      expect(policy.rca).toEqual({ priorities: ['P1', 'P2', 'P3', 'P4'], plans: ['mission-critical'], final: false });
      const owed = (plan: string, priority: string) =>
        Boolean(policy.rca?.priorities.includes(priority) && (policy.rca.plans === undefined || policy.rca.plans.includes(plan)));
      expect(PLANS.flatMap((plan) => PRIORITIES.filter((priority) => owed(plan, priority)).map((priority) => `${plan}/${priority}`))).toEqual([
        'mission-critical/P1',
        'mission-critical/P2',
        'mission-critical/P3',
        'mission-critical/P4',
      ]);
    },
  },
  {
    rule: 'a satisfaction survey goes out when a ticket closes',
    sources: ['After a support ticket is closed, you will be invited by e-mail to'],
    check: (policy) => expect(policy.surveyOnClose).toBe(true),
  },
  {
    rule: 'channels: the appliance’s help menu, the portal, chat, e-mail and phone, for every priority',
    sources: ['All Support tickets, opened from the appliance’s help menu, portal, chat or on the phone', 'Via e-mail: support@syneto.eu'],
    check: (policy) => {
      expect(policy.intake.channels).toEqual(['in-product', 'portal', 'chat', 'email', 'phone']);
      expect(policy.intake.channelsByPriority).toBeUndefined();
    },
  },
  ...COLLECT_INFORMATION.map(([item, field]): RuleRow => ({
    rule: `intake: '${item}' is asked for as ${field} (recommended, not refused)`,
    sources: [
      '2. Collect Information to Expedite Resolution',
      `When you open the case, provide: ${COLLECT_INFORMATION.map(([i]) => i)
        .filter((i, k, all) => all.indexOf(i) === k)
        .join(' ')}`,
    ],
    check: (policy) => {
      expect(policy.intake.recommendedFields).toContain(field);
      expect(policy.intake.requiredFields).not.toContain(field);
    },
  })),
  {
    rule: 'intake: nothing else is recommended and nothing is required',
    sources: ['Providing us with background information about the issue you are facing will help us understand it better'],
    check: (policy) => {
      expect([...policy.intake.recommendedFields].sort()).toEqual(COLLECT_INFORMATION.map(([, field]) => field).sort());
      expect(policy.intake.requiredFields).toEqual([]);
      expect(policy.intake.requiredFieldsByPriority).toBeUndefined();
    },
  },
  {
    rule: 'escalation goes to the senior engineers, automatically on a committed breach',
    sources: ['Direct access to senior engineers.'],
    check: (policy) => {
      expect(policy.escalation.levels).toEqual([
        { level: 1, name: 'Senior engineers', contacts: [expect.objectContaining({ kind: 'email', address: 'senior-engineers@syneto.example' })] },
      ]);
      expect(policy.escalation.onBreach).toBe(true);
      expect(policy.deskContacts).toEqual([expect.objectContaining({ kind: 'email', address: 'support@syneto.example' })]);
    },
  },
  {
    rule: 'no contract check (Basic comes with the product), no resolution codes, no reopen window',
    sources: ['Included with your Syneto', 'A ticket may also be closed without'],
    check: (policy) => {
      expect(policy.entitlement).toEqual({ contractRequired: false });
      expect(policy.resolutionCodes).toBeUndefined();
      expect(policy.reopenWindow).toBeUndefined();
    },
  },
];

describe('Syneto preset: the rules around the matrix', () => {
  test.each(RULES)('$rule', (row) => {
    expect(quotesMissing(text, row.sources)).toEqual([]);
    row.check(document);
  });

  test('hardware replacement depends on the plan only: every priority of a plan has the same target', () => {
    expect(quotesMissing(text, Object.values(HARDWARE))).toEqual([]);
    for (const plan of PLANS) {
      const targets = PRIORITIES.map((priority) => document.targets[plan]?.[priority]?.['hardware-replacement']);
      expect(new Set(targets.map((t) => JSON.stringify(t))).size).toBe(1);
    }
  });
});
