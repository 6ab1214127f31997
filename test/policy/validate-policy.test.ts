import { formatIssuePath, PolicyValidationError, validatePolicyDocument, type PolicyIssue } from '../../policies/validate-policy';

// Tests write what the type would refuse (unknown keys, wrong kinds of value) anywhere in a document.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Editable = Record<string, any>;

/** A document that uses every part of the model, valid as it stands; each test breaks one thing. */
function validDocument(): Editable {
  const weekdays = (start: string, end: string) => Object.fromEntries([1, 2, 3, 4, 5].map((day) => [String(day), [{ start, end }]]));
  return {
    id: 'acme-support',
    version: 2,
    name: 'Acme support',
    source: 'acme.txt',
    calendars: {
      office: {
        kind: 'working',
        zone: 'Europe/Berlin',
        week: weekdays('09:00', '17:00'),
        holidays: { country: 'DE', region: 'BY', extra: ['2026-12-24'] },
      },
      'always-open': { kind: '24x7' },
    },
    plans: [
      { id: 'standard', name: 'Standard', calendar: 'office' },
      { id: 'premium', name: 'Premium', calendar: 'always-open' },
    ],
    priorities: [
      { id: 'P1', name: 'Critical', rank: 1, description: 'Down' },
      { id: 'P2', name: 'Normal', rank: 2 },
    ],
    targets: {
      standard: {
        P1: {
          acknowledge: { amount: 4, unit: 'business-hours', commitment: 'committed', source: 'within 4 hours' },
          update: { amount: 1, unit: 'calendar-hours', commitment: 'committed', calendar: 'always-open' },
          resolve: { amount: 3, unit: 'business-days', commitment: 'best-effort' },
          'rca.draft': { amount: 3, unit: 'business-days', commitment: 'committed' },
          'rca.final': { amount: 5, unit: 'business-days', commitment: 'committed' },
        },
        P2: {
          acknowledge: { unit: 'next-business-day', commitment: 'committed' },
          'hardware-replacement': { amount: 1, unit: 'next-business-day', commitment: 'committed' },
        },
      },
      premium: { P1: { acknowledge: { amount: 30, unit: 'calendar-minutes', commitment: 'committed' } } },
    },
    warningThresholds: [0.5, 0.75],
    deskContacts: [
      { kind: 'email', name: 'Desk', address: 'desk@acme.example' },
      { kind: 'webhook', url: 'https://hooks.acme.example/sla' },
      { kind: 'webhook', name: 'local receiver', url: 'http://127.0.0.1:4000/hook' },
    ],
    escalation: {
      levels: [
        { level: 1, name: 'Team lead', contacts: [{ kind: 'email', address: 'lead@acme.example' }] },
        { level: 2, name: 'Manager', contacts: [] },
      ],
      onBreach: true,
    },
    customerSilence: {
      reminderEvery: { amount: 3, unit: 'business-days' },
      maxReminders: 1,
      remindersAreRequests: true,
      close: { rule: 'after-nth-request', requests: 2, after: { amount: 5, unit: 'business-days' } },
      calendar: 'office',
    },
    reopenWindow: { amount: 30, unit: 'calendar-days' },
    rca: { priorities: ['P1'], plans: ['standard'], final: true },
    resolutionCodes: ['solved', 'workaround'],
    intake: {
      requiredFields: ['product'],
      recommendedFields: ['version'],
      channels: ['email', 'phone'],
      channelsByPriority: { P1: ['phone'] },
      requiredFieldsByPriority: { P1: ['callbackNumber'] },
    },
    entitlement: { contractRequired: true, incidentsPerMonth: { standard: 2, premium: 4 }, quotaZone: 'Europe/Berlin' },
    surveyOnClose: true,
    notes: ['a reading of the text'],
  };
}

/** The issues a document raises (fails the test when it is accepted). */
function issuesOf(document: unknown): PolicyIssue[] {
  try {
    validatePolicyDocument(document);
  } catch (error) {
    if (error instanceof PolicyValidationError) return error.issues;
    throw error;
  }
  throw new Error('the document was accepted');
}

function issueAt(document: unknown, path: string): string {
  const issues = issuesOf(document);
  const found = issues.filter((issue) => issue.path === path);
  if (found.length !== 1) throw new Error(`expected one issue at ${path}, got: ${JSON.stringify(issues, null, 2)}`);
  return found[0].message;
}

describe('a valid document', () => {
  test('is returned as given, with amount 1 filled in for a next-business-day target without one', () => {
    const input = validDocument();
    const document = validatePolicyDocument(input);
    expect(document.targets.standard.P2.acknowledge).toEqual({ amount: 1, unit: 'next-business-day', commitment: 'committed' });
    const expected = validDocument();
    expected.targets.standard.P2.acknowledge.amount = 1;
    expect(document).toEqual(expected);
    // The input is not changed.
    expect(input.targets.standard.P2.acknowledge.amount).toBeUndefined();
  });

  test('needs only the required parts', () => {
    const minimal = {
      id: 'minimal',
      name: 'Minimal',
      calendars: { all: { kind: '24x7' } },
      plans: [{ id: 'only', name: 'Only', calendar: 'all' }],
      priorities: [{ id: 'normal', name: 'Normal', rank: 1 }],
      targets: {},
      deskContacts: [],
      escalation: { levels: [], onBreach: false },
      intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
    };
    expect(validatePolicyDocument(minimal)).toEqual(minimal);
  });

  test("windows may end at '24:00' and a day may hold several touching windows", () => {
    const document = validDocument();
    document.calendars.office.week['6'] = [
      { start: '00:00', end: '12:00' },
      { start: '12:00', end: '24:00' },
    ];
    expect(validatePolicyDocument(document).calendars.office).toMatchObject({ week: { 6: [{ end: '12:00' }, { end: '24:00' }] } });
  });
});

describe('structure', () => {
  test('a non-object is refused at the document itself', () => {
    for (const input of [null, 'text', 42, []]) {
      expect(issuesOf(input)).toEqual([{ path: '', message: 'a policy document must be an object' }]);
    }
  });

  test('unknown keys are errors, each at its own path, naming the accepted keys', () => {
    const document = validDocument();
    document.colour = 'blue';
    document.targets.standard.P1.acknowledge.comitment = 'committed';
    document.calendars.office.week.mon = [];
    expect(issueAt(document, 'colour')).toMatch(/^unknown key; accepted keys: id, version, name/);
    expect(issueAt(document, 'targets.standard.P1.acknowledge.comitment')).toMatch(/unknown key; accepted keys: amount, unit, commitment/);
    expect(issueAt(document, 'calendars.office.week.mon')).toMatch(/1 \(Monday\) \.\. 7 \(Sunday\)/);
  });

  test('an unknown clock name is named with the clock names', () => {
    const document = validDocument();
    document.targets.standard.P1.response = { amount: 1, unit: 'business-hours', commitment: 'committed' };
    expect(issueAt(document, 'targets.standard.P1.response')).toMatch(/acknowledge, update, resolve, rca\.draft, rca\.final, hardware-replacement/);
  });

  test('missing required parts are named', () => {
    const document = validDocument();
    delete document.name;
    delete document.intake.channels;
    delete document.targets.standard.P1.acknowledge.unit;
    expect(issueAt(document, 'name')).toMatch(/is required/);
    expect(issueAt(document, 'intake.channels')).toMatch(/is required/);
    expect(issueAt(document, 'targets.standard.P1.acknowledge.unit')).toMatch(/^is required: must be one of business-minutes, business-hours/);
  });

  test('policy ids are lower-case words joined by hyphens; plan and priority ids are plain words', () => {
    for (const id of ['Acme', 'acme_support', '-acme', 'acme support', '']) {
      expect(issueAt({ ...validDocument(), id }, 'id')).toMatch(/\^\[a-z0-9\]\[a-z0-9-\]\*\$/);
    }
    const document = validDocument();
    document.plans[1].id = 'premium plan';
    document.priorities[1].id = 'P.2';
    expect(issueAt(document, 'plans[1].id')).toMatch(/must match/);
    expect(issueAt(document, 'priorities[1].id')).toMatch(/must match/);
  });

  test('every issue is reported, and the message lists each one with its path', () => {
    const document = validDocument();
    document.id = 'Bad Id';
    document.plans[1].calendar = 'nowhere';
    document.targets.standard.P1.acknowledge.unit = 'hours';
    document.warningThresholds = [1.5];
    let error: unknown;
    try {
      validatePolicyDocument(document);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PolicyValidationError);
    const { issues, message } = error as PolicyValidationError;
    expect(issues.map((issue) => issue.path).sort()).toEqual([
      'id',
      'plans[1].calendar',
      'targets.standard.P1.acknowledge.unit',
      'warningThresholds[0]',
    ]);
    expect(message.split('\n')[0]).toBe('policy document is invalid (4 problems):');
    for (const issue of issues) expect(message).toContain(`- ${issue.path}: ${issue.message}`);
  });
});

describe('calendars', () => {
  test("windows are 'HH:mm' with start before end, and '24:00' only as an end", () => {
    const cases: Array<[{ start: string; end: string }, string]> = [
      [{ start: '9:00', end: '17:00' }, 'start'],
      [{ start: '09:00', end: '17:60' }, 'end'],
      [{ start: '24:00', end: '24:00' }, 'start'],
      [{ start: '17:00', end: '09:00' }, 'end'],
      [{ start: '09:00', end: '09:00' }, 'end'],
      [{ start: '09:00', end: '24:01' }, 'end'],
    ];
    for (const [window, field] of cases) {
      const document = validDocument();
      document.calendars.office.week['3'] = [window];
      expect(issuesOf(document).map((issue) => issue.path)).toEqual([`calendars.office.week.3[0].${field}`]);
    }
  });

  test('overlapping windows of a day are named', () => {
    const document = validDocument();
    document.calendars.office.week['2'] = [
      { start: '13:00', end: '17:00' },
      { start: '09:00', end: '13:30' },
    ];
    expect(issueAt(document, 'calendars.office.week.2[0]')).toBe('overlaps 09:00-13:30: windows of a day must not overlap');
  });

  test('a working calendar without any working time is refused (by the calendar arithmetic)', () => {
    const document = validDocument();
    document.calendars.office.week = {};
    expect(issueAt(document, 'calendars.office')).toMatch(/no working time/);
  });

  test('zones are IANA zones', () => {
    for (const zone of ['CET+1', 'Europe/Atlantis', '']) {
      const document = validDocument();
      document.calendars.office.zone = zone;
      expect(issueAt(document, 'calendars.office.zone')).toMatch(/IANA time zone/);
    }
    const quota = validDocument();
    quota.entitlement.quotaZone = 'Mars/Olympus';
    expect(issueAt(quota, 'entitlement.quotaZone')).toMatch(/IANA time zone/);
  });

  test('holiday countries and regions are ones date-holidays knows', () => {
    const country = validDocument();
    country.calendars.office.holidays = { country: 'XX' };
    expect(issueAt(country, 'calendars.office.holidays.country')).toMatch(/unknown holiday country 'XX'/);

    const lowerCase = validDocument();
    lowerCase.calendars.office.holidays = { country: 'de' };
    expect(issueAt(lowerCase, 'calendars.office.holidays.country')).toMatch(/write it as 'DE'/);

    const region = validDocument();
    region.calendars.office.holidays = { country: 'DE', region: 'XY' };
    const message = issueAt(region, 'calendars.office.holidays.region');
    expect(message).toMatch(/unknown region 'XY' of DE/);
    expect(message).toContain('BY');

    const orphan = validDocument();
    orphan.calendars.office.holidays = { region: 'BY' };
    expect(issueAt(orphan, 'calendars.office.holidays.region')).toMatch(/needs a country/);
  });

  test("extra holidays are real dates 'yyyy-MM-dd', each once", () => {
    const document = validDocument();
    document.calendars.office.holidays.extra = ['2026-02-29', '2026-13-01', '26-12-24', '2028-02-29', '2028-02-29'];
    const paths = issuesOf(document).map((issue) => issue.path);
    expect(paths).toEqual([
      'calendars.office.holidays.extra[0]',
      'calendars.office.holidays.extra[1]',
      'calendars.office.holidays.extra[2]',
      'calendars.office.holidays.extra[4]',
    ]);
  });

  test('calendar ids are plain words, and a calendar kind is working or 24x7', () => {
    const document = validDocument();
    document.calendars['office hours'] = { kind: '24x7' };
    document.calendars.other = { kind: 'weekly' };
    expect(issueAt(document, 'calendars["office hours"]')).toMatch(/calendar id must match/);
    expect(issueAt(document, 'calendars.other.kind')).toMatch(/'working' \| '24x7'/);
  });
});

describe('targets', () => {
  const withAcknowledge = (target: Record<string, unknown>) => {
    const document = validDocument();
    document.targets.standard.P1.acknowledge = { commitment: 'committed', ...target };
    return document;
  };
  const amountPath = 'targets.standard.P1.acknowledge.amount';

  test('amounts are positive and finite', () => {
    expect(issueAt(withAcknowledge({ amount: 0, unit: 'business-hours' }), amountPath)).toBe('must be a positive number');
    expect(issueAt(withAcknowledge({ amount: -2, unit: 'calendar-days' }), amountPath)).toBe('must be a positive number');
    expect(issueAt(withAcknowledge({ amount: Infinity, unit: 'business-hours' }), amountPath)).toMatch(/expected number/);
    expect(issueAt(withAcknowledge({ amount: '4', unit: 'business-hours' }), amountPath)).toMatch(/expected number/);
    expect(issueAt(withAcknowledge({ unit: 'business-hours' }), amountPath)).toBe('is required for business-hours');
  });

  test('business days are whole; hours and minutes may be fractional', () => {
    expect(issueAt(withAcknowledge({ amount: 1.5, unit: 'business-days' }), amountPath)).toBe('business days must be a whole number');
    expect(validatePolicyDocument(withAcknowledge({ amount: 0.5, unit: 'business-hours' })).targets.standard.P1.acknowledge).toMatchObject({
      amount: 0.5,
    });
  });

  test('next business day takes no amount other than 1', () => {
    expect(issueAt(withAcknowledge({ amount: 2, unit: 'next-business-day' }), amountPath)).toMatch(/next-business-day takes no amount/);
    expect(issueAt(withAcknowledge({ amount: 0, unit: 'next-business-day' }), amountPath)).toMatch(/leave it out or write 1/);
  });

  test('amounts beyond a year in their unit are refused as likely typos', () => {
    expect(issueAt(withAcknowledge({ amount: 480, unit: 'business-days' }), amountPath)).toMatch(/at most 366 business-days/);
    expect(validatePolicyDocument(withAcknowledge({ amount: 480, unit: 'business-minutes' })).targets.standard.P1.acknowledge).toMatchObject({
      amount: 480,
    });
  });

  test('units and commitments are from their lists', () => {
    expect(issueAt(withAcknowledge({ amount: 4, unit: 'hours' }), 'targets.standard.P1.acknowledge.unit')).toMatch(/must be one of business-minutes/);
    const document = withAcknowledge({ amount: 4, unit: 'business-hours', commitment: 'maybe' });
    expect(issueAt(document, 'targets.standard.P1.acknowledge.commitment')).toBe('must be one of committed, best-effort');
  });

  test('targets name known plans, priorities and calendars', () => {
    const document = validDocument();
    document.targets.gold = { P1: {} };
    document.targets.standard.P9 = {};
    document.targets.standard.P1.acknowledge.calendar = 'weekend';
    expect(issueAt(document, 'targets.gold')).toBe("unknown plan 'gold': one of standard, premium");
    expect(issueAt(document, 'targets.standard.P9')).toBe("unknown priority 'P9': one of P1, P2");
    expect(issueAt(document, 'targets.standard.P1.acknowledge.calendar')).toBe("unknown calendar 'weekend': one of office, always-open");
  });

  test("the brief's example path: targets.support-pack.critical.acknowledge.unit", () => {
    const document = validDocument();
    document.plans[0].id = 'support-pack';
    document.priorities[0].id = 'critical';
    document.targets = { 'support-pack': { critical: { acknowledge: { amount: 4, unit: 'weeks', commitment: 'committed' } } } };
    document.rca.priorities = ['critical'];
    document.rca.plans = ['support-pack'];
    document.intake.channelsByPriority = { critical: ['phone'] };
    document.intake.requiredFieldsByPriority = {};
    document.entitlement.incidentsPerMonth = {};
    expect(issuesOf(document)).toEqual([
      { path: 'targets.support-pack.critical.acknowledge.unit', message: expect.stringMatching(/must be one of/) },
    ]);
  });

  test('RCA targets need an rca rule that owes them', () => {
    const notOwed = validDocument();
    notOwed.rca.priorities = ['P2'];
    expect(issueAt(notOwed, 'targets.standard.P1["rca.draft"]')).toMatch(/needs an rca rule that names priority 'P1'/);
    expect(issueAt(notOwed, 'targets.standard.P1["rca.final"]')).toMatch(/needs an rca rule/);

    const draftOnly = validDocument();
    draftOnly.rca.final = false;
    expect(issueAt(draftOnly, 'targets.standard.P1["rca.final"]')).toMatch(/no final RCA is owed/);

    const noRule = validDocument();
    delete noRule.rca;
    expect(issuesOf(noRule).map((issue) => issue.path)).toEqual(['targets.standard.P1["rca.draft"]', 'targets.standard.P1["rca.final"]']);
  });
});

describe('references and rules between parts', () => {
  test('plans name known calendars', () => {
    const document = validDocument();
    document.plans.push({ id: 'gold', name: 'Gold', calendar: 'gold-hours' });
    expect(issueAt(document, 'plans[2].calendar')).toBe("unknown calendar 'gold-hours': one of office, always-open");
  });

  test('plan ids, priority ids and ranks are unique', () => {
    const document = validDocument();
    document.plans.push({ id: 'standard', name: 'Again', calendar: 'office' });
    document.priorities.push({ id: 'P1', name: 'Again', rank: 2 });
    expect(issueAt(document, 'plans[2].id')).toBe('plan id "standard" is already used by plans[0]');
    expect(issueAt(document, 'priorities[2].id')).toBe('priority id "P1" is already used by priorities[0]');
    expect(issueAt(document, 'priorities[2].rank')).toBe('rank 2 is already used by priorities[1]');
  });

  test('RCA priorities and plans are known', () => {
    const document = validDocument();
    document.rca = { priorities: ['P1', 'P7'], plans: ['standard', 'bronze'], final: true };
    expect(issueAt(document, 'rca.priorities[1]')).toBe("unknown priority 'P7': one of P1, P2");
    expect(issueAt(document, 'rca.plans[1]')).toBe("unknown plan 'bronze': one of standard, premium");
  });

  test('intake and entitlement keys are known priorities and plans; channels by priority come from the channels', () => {
    const document = validDocument();
    document.intake.channelsByPriority = { P1: ['phone', 'fax'], P5: ['email'] };
    document.intake.requiredFieldsByPriority = { urgent: ['callbackNumber'] };
    document.entitlement.incidentsPerMonth = { standard: 1, platinum: 9 };
    expect(issueAt(document, 'intake.channelsByPriority.P1[1]')).toBe("unknown channel 'fax': one of email, phone");
    expect(issueAt(document, 'intake.channelsByPriority.P5')).toBe("unknown priority 'P5': one of P1, P2");
    expect(issueAt(document, 'intake.requiredFieldsByPriority.urgent')).toBe("unknown priority 'urgent': one of P1, P2");
    expect(issueAt(document, 'entitlement.incidentsPerMonth.platinum')).toBe("unknown plan 'platinum': one of standard, premium");
  });

  test('customer silence counts on a known calendar, with valid targets', () => {
    const document = validDocument();
    document.customerSilence.calendar = 'weekend';
    document.customerSilence.close.after = { amount: 5, unit: 'fortnights' };
    document.customerSilence.close.requests = 0;
    expect(issueAt(document, 'customerSilence.calendar')).toBe("unknown calendar 'weekend': one of office, always-open");
    expect(issueAt(document, 'customerSilence.close.after.unit')).toMatch(/must be one of/);
    expect(issueAt(document, 'customerSilence.close.requests')).toMatch(/>=1/);
  });

  test('warning thresholds lie strictly between 0 and 1', () => {
    const document = validDocument();
    document.warningThresholds = [0, 0.75, 1, 1.2];
    expect(issuesOf(document).map((issue) => issue.path)).toEqual(['warningThresholds[0]', 'warningThresholds[2]', 'warningThresholds[3]']);
  });

  test('escalation levels are numbered 1..n in order', () => {
    const document = validDocument();
    document.escalation.levels = [
      { level: 1, name: 'Lead', contacts: [] },
      { level: 3, name: 'Manager', contacts: [] },
      { level: 2, name: 'Director', contacts: [] },
    ];
    expect(issueAt(document, 'escalation.levels[1].level')).toBe('levels are numbered 1..3 in order: expected 2');
    expect(issueAt(document, 'escalation.levels[2].level')).toBe('levels are numbered 1..3 in order: expected 3');
  });

  test('contacts are valid email addresses and http(s) URLs', () => {
    const document = validDocument();
    document.deskContacts = [
      { kind: 'email', address: 'not an address' },
      { kind: 'webhook', url: 'ftp://files.acme.example/x' },
      { kind: 'webhook', url: 'javascript:alert(1)' },
      { kind: 'webhook', url: 'https://ok.acme.example/hook' },
      { kind: 'pager', number: '555' },
    ];
    document.escalation.levels[0].contacts = [{ kind: 'email', address: 'lead@' }];
    expect(issueAt(document, 'deskContacts[0].address')).toBe('is not a valid email address');
    expect(issueAt(document, 'deskContacts[1].url')).toBe('is not an http(s) URL');
    expect(issueAt(document, 'deskContacts[2].url')).toBe('is not an http(s) URL');
    expect(issueAt(document, 'deskContacts[4].kind')).toMatch(/'email' \| 'webhook'/);
    expect(issueAt(document, 'escalation.levels[0].contacts[0].address')).toBe('is not a valid email address');
  });

  test('references are checked even when the structure has problems elsewhere', () => {
    const document = validDocument();
    document.priorities[0].rank = 'first';
    document.plans[0].calendar = 'nowhere';
    expect(issuesOf(document).map((issue) => issue.path)).toEqual(['priorities[0].rank', 'plans[0].calendar']);
  });
});

describe('formatIssuePath', () => {
  test('dots for keys, brackets for indexes, quotes for keys that would read as two', () => {
    expect(formatIssuePath(['targets', 'support-pack', 'critical', 'acknowledge', 'unit'])).toBe('targets.support-pack.critical.acknowledge.unit');
    expect(formatIssuePath(['plans', 2, 'calendar'])).toBe('plans[2].calendar');
    expect(formatIssuePath(['targets', 'pro', 'P1', 'rca.draft'])).toBe('targets.pro.P1["rca.draft"]');
    expect(formatIssuePath([])).toBe('');
  });
});
