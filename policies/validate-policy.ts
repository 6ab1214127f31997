import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';
import { CalendarError, validateCalendar, type TargetUnit } from '../workflows/calendar';
import { clockNames, type ClockName, type Commitment, type PolicyDocument } from '../workflows/policy';
import { holidayRulesProblems } from './holidays';

/**
 * Validation of policy documents written by people (presets, `POST /policies`). Two passes, both
 * complete, so that one answer names every problem:
 * 1. structure, with zod: strict objects (an unknown key is an error, since a misspelt optional
 *    key would otherwise be silently ignored), value formats, and the rules one field can check
 *    alone (windows, zones, dates, amounts, contacts);
 * 2. references between parts (plans → calendars, targets → plans, priorities and calendars, …),
 *    read defensively from the raw input, so they are reported even when the structure has
 *    problems elsewhere.
 */

export interface PolicyIssue {
  /** Where: `targets.support-pack.critical.acknowledge.unit`, `plans[2].calendar`; '' for the whole document. */
  path: string;
  message: string;
  /** Position in the source text, for parse errors (load-policy.ts). */
  line?: number;
  column?: number;
}

export class PolicyValidationError extends Error {
  readonly issues: PolicyIssue[];

  constructor(issues: PolicyIssue[], subject = 'policy document') {
    const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
    const lines = issues.map((issue) => `- ${issue.path || '(document)'}: ${issue.message}`);
    super([`${subject} is invalid (${count}):`, ...lines].join('\n'));
    this.name = 'PolicyValidationError';
    this.issues = issues;
  }
}

/** `['targets', 'pro', 'P1', 'rca.draft']` → `targets.pro.P1["rca.draft"]`; `['plans', 2]` → `plans[2]`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else {
      const key = String(segment);
      // Keys that would read as two segments (clock names like 'rca.draft') are quoted.
      if (key === '' || /[.[\]\s"]/.test(key)) text += `[${JSON.stringify(key)}]`;
      else text += text === '' ? key : `.${key}`;
    }
  }
  return text;
}

// --- formats --------------------------------------------------------------------------------------

const POLICY_ID = /^[a-z0-9][a-z0-9-]*$/;
// Plans, priorities and calendars: the presets use 'support-pack', 'P1', 'S4', 'always-open'.
const KEY_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const text = z.string().trim().min(1, { error: 'must not be empty' });
const policyId = z.string().regex(POLICY_ID, { error: "must match ^[a-z0-9][a-z0-9-]*$ (lower-case letters, digits, '-')" });
const keyId = z.string().regex(KEY_ID, { error: "must match ^[A-Za-z0-9][A-Za-z0-9_-]*$ (letters, digits, '-', '_')" });
const ianaZone = z.string().refine((zone) => IANAZone.isValidZone(zone), { error: 'is not a valid IANA time zone, e.g. Europe/Berlin' });
const localDate = z.string().refine((date) => ISO_DATE.test(date) && DateTime.fromFormat(date, 'yyyy-MM-dd', { zone: 'utc' }).isValid, {
  error: "is not a real local date 'yyyy-MM-dd'",
});
const distinct = (what: string) => (values: readonly string[], ctx: z.RefinementCtx) => {
  values.forEach((value, i) => {
    if (values.indexOf(value) !== i) ctx.addIssue({ code: 'custom', path: [i], message: `${what} '${value}' is listed twice` });
  });
};

/** A strict object whose unknown-key error lists the accepted keys. */
function strict<Shape extends z.core.$ZodLooseShape>(shape: Shape, hint?: string) {
  const accepted = hint ?? Object.keys(shape).join(', ');
  return z.strictObject(shape, {
    error: (issue) => (issue.code === 'unrecognized_keys' ? `accepted keys: ${accepted}` : undefined),
  });
}

// --- calendars ------------------------------------------------------------------------------------

const minutesOf = (time: string): number => (time === '24:00' ? 1440 : Number(time.slice(0, 2)) * 60 + Number(time.slice(3)));

const workingWindow = strict({
  start: z.string().regex(HH_MM, { error: "must be 'HH:mm' (00:00..23:59)" }),
  end: z.string().refine((time) => time === '24:00' || HH_MM.test(time), { error: "must be 'HH:mm' (00:01..23:59, or 24:00)" }),
}).superRefine((window, ctx) => {
  // Zod runs this even after a format problem of start or end: compare only well-formed times.
  const wellFormed = HH_MM.test(window.start) && (window.end === '24:00' || HH_MM.test(window.end));
  if (wellFormed && minutesOf(window.start) >= minutesOf(window.end)) {
    ctx.addIssue({ code: 'custom', path: ['end'], message: `must be after start ${window.start}` });
  }
});

const dayWindows = z.array(workingWindow).superRefine((windows, ctx) => {
  const order = windows.map((_, i) => i).sort((a, b) => minutesOf(windows[a].start) - minutesOf(windows[b].start));
  for (let k = 1; k < order.length; k++) {
    const previous = windows[order[k - 1]];
    const current = windows[order[k]];
    if (minutesOf(current.start) < minutesOf(previous.end)) {
      ctx.addIssue({
        code: 'custom',
        path: [order[k]],
        message: `overlaps ${previous.start}-${previous.end}: windows of a day must not overlap`,
      });
    }
  }
});

const week = strict(
  {
    1: dayWindows.optional(),
    2: dayWindows.optional(),
    3: dayWindows.optional(),
    4: dayWindows.optional(),
    5: dayWindows.optional(),
    6: dayWindows.optional(),
    7: dayWindows.optional(),
  },
  '1 (Monday) .. 7 (Sunday)',
);

const holidayRules = strict({
  country: z.string().optional(),
  region: z.string().optional(),
  extra: z.array(localDate).superRefine(distinct('date')).optional(),
}).superRefine((rules, ctx) => {
  for (const problem of holidayRulesProblems(rules)) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
});

const calendarSpec = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('working'), zone: ianaZone, week, holidays: holidayRules.optional() }),
  strict({ kind: z.literal('24x7') }),
]);

// --- targets --------------------------------------------------------------------------------------

const unitNames: Record<TargetUnit, true> = {
  'business-minutes': true,
  'business-hours': true,
  'business-days': true,
  'calendar-minutes': true,
  'calendar-hours': true,
  'calendar-days': true,
  'next-business-day': true,
};
const targetUnit = z.enum(Object.keys(unitNames) as [TargetUnit, ...TargetUnit[]], {
  error: `must be one of ${Object.keys(unitNames).join(', ')}`,
});
const commitmentNames: Record<Commitment, true> = { committed: true, 'best-effort': true };
const commitment = z.enum(Object.keys(commitmentNames) as [Commitment, ...Commitment[]], {
  error: `must be one of ${Object.keys(commitmentNames).join(', ')}`,
});

// A sanity bound, one year in each unit: beyond it a typo (480 days for 480 minutes) is likelier
// than a real obligation, and the resolved holidays reach only a few years ahead.
const maxAmount: Record<Exclude<TargetUnit, 'next-business-day'>, number> = {
  'business-minutes': 525_600,
  'calendar-minutes': 525_600,
  'business-hours': 8_760,
  'calendar-hours': 8_760,
  'business-days': 366,
  'calendar-days': 366,
};

function checkAmount(target: { amount?: number; unit: TargetUnit }, ctx: z.RefinementCtx): void {
  const { amount, unit } = target;
  const problem = (message: string) => ctx.addIssue({ code: 'custom', path: ['amount'], message });
  if (unit === 'next-business-day') {
    // NBD has no amount; 1 is accepted (and filled in) so that every Target carries one, but any
    // other number is refused rather than ignored: "2 next business days" is a misreading.
    if (amount !== undefined && amount !== 1) problem('next-business-day takes no amount: leave it out or write 1');
    return;
  }
  if (amount === undefined) problem(`is required for ${unit}`);
  else if (amount <= 0) problem('must be a positive number');
  else if (amount > maxAmount[unit]) problem(`must be at most ${maxAmount[unit]} ${unit} (one year)`);
  else if (unit === 'business-days' && !Number.isInteger(amount)) problem('business days must be a whole number');
}

const withAmount = <T extends { amount?: number }>(target: T): T & { amount: number } => ({ ...target, amount: target.amount ?? 1 });

const target = strict({ amount: z.number().optional(), unit: targetUnit }).superRefine(checkAmount).transform(withAmount);

/** "Best Effort" with no duration: tracked, never due (only best-effort, by its nature). */
const untimedTarget = strict({
  untimed: z.literal(true),
  commitment: z.literal('best-effort', { message: "an untimed target can only be 'best-effort'" }),
  calendar: z.string().optional(),
  source: z.string().optional(),
});

// The timed shape again, with `untimed` as its (absent) discriminator, so that a cell's problems
// are reported against the shape it meant rather than as one vague "matches neither".
const timedTarget = strict({
  amount: z.number().optional(),
  unit: targetUnit,
  commitment,
  calendar: z.string().optional(),
  source: z.string().optional(),
  untimed: z.literal(false).optional(),
});

const policyCell = z
  .discriminatedUnion('untimed', [untimedTarget, timedTarget])
  .superRefine((cell, ctx) => {
    if (cell.untimed !== true) checkAmount(cell, ctx);
  })
  .transform((cell) => {
    if (cell.untimed === true) return cell;
    const timed = { ...cell };
    delete timed.untimed;
    return withAmount(timed);
  });

const cellShape = {
  acknowledge: policyCell.optional(),
  update: policyCell.optional(),
  resolve: policyCell.optional(),
  'rca.draft': policyCell.optional(),
  'rca.final': policyCell.optional(),
  'hardware-replacement': policyCell.optional(),
  'next-reply': policyCell.optional(),
} satisfies Record<ClockName, unknown>;
const cell = strict(cellShape, `the clock names ${clockNames.join(', ')}`);

// --- the rest -------------------------------------------------------------------------------------

const contact = z.discriminatedUnion('kind', [
  strict({ kind: z.literal('email'), name: z.string().optional(), address: z.email({ error: 'is not a valid email address' }) }),
  strict({
    kind: z.literal('webhook'),
    name: z.string().optional(),
    url: z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' }),
  }),
]);

const escalation = strict({
  levels: z.array(strict({ level: z.number().int(), name: text, contacts: z.array(contact) })).superRefine((levels, ctx) => {
    levels.forEach((level, i) => {
      if (level.level !== i + 1) {
        ctx.addIssue({ code: 'custom', path: [i, 'level'], message: `levels are numbered 1..${levels.length} in order: expected ${i + 1}` });
      }
    });
  }),
  onBreach: z.boolean(),
});

const customerSilence = strict({
  reminderEvery: target.optional(),
  maxReminders: z.number().int().min(0).optional(),
  remindersAreRequests: z.boolean().optional(),
  close: z.discriminatedUnion('rule', [
    strict({ rule: z.literal('inactivity'), after: target }),
    strict({ rule: z.literal('after-nth-request'), requests: z.number().int().min(1), after: target }),
  ]),
  calendar: z.string().optional(),
});

const names = z.array(text);

const policyDocument = strict({
  id: policyId,
  version: z.number().int().min(1).optional(),
  name: text,
  source: z.string().optional(),
  calendars: z.record(z.string(), calendarSpec),
  plans: z.array(strict({ id: keyId, name: text, calendar: z.string() })),
  priorities: z.array(strict({ id: keyId, name: text, rank: z.number().int().min(1), description: z.string().optional() })),
  targets: z.record(z.string(), z.record(z.string(), cell)),
  warningThresholds: z
    .array(z.number().gt(0, { error: 'must be between 0 and 1 (exclusive)' }).lt(1, { error: 'must be between 0 and 1 (exclusive)' }))
    .optional(),
  deskContacts: z.array(contact),
  escalation,
  customerSilence: customerSilence.optional(),
  reopenWindow: target.optional(),
  rca: strict({ priorities: names.min(1), plans: names.optional(), final: z.boolean() }).optional(),
  resolutionCodes: names.superRefine(distinct('resolution code')).optional(),
  intake: strict({
    requiredFields: names,
    recommendedFields: names,
    channels: names.min(1).superRefine(distinct('channel')),
    channelsByPriority: z.record(z.string(), names.min(1)).optional(),
    requiredFieldsByPriority: z.record(z.string(), names).optional(),
    descriptionRequired: z.boolean().optional(),
  }),
  entitlement: strict({
    contractRequired: z.boolean(),
    incidentsPerMonth: z.record(z.string(), z.number().int().min(0)).optional(),
    quotaZone: ianaZone.optional(),
  }).optional(),
  surveyOnClose: z.boolean().optional(),
  notes: z.array(z.string()).optional(),
});

/** The raw value at a zod issue's path (zod leaves the input out of its issues). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const segment of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[segment];
  }
  return value;
}

function structureIssues(input: unknown, error: z.ZodError): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // One issue per key, each at its own path: the caller sees exactly what to delete or rename.
      for (const key of issue.keys) issues.push({ path: formatIssuePath([...issue.path, key]), message: `unknown key; ${issue.message}` });
    } else if (issue.code !== 'custom' && valueAt(input, issue.path) === undefined) {
      const expected = issue.code === 'invalid_type' ? ` (${issue.expected})` : `: ${issue.message}`;
      issues.push({ path: formatIssuePath(issue.path), message: `is required${expected}` });
    } else {
      issues.push({ path: formatIssuePath(issue.path), message: issue.message });
    }
  }
  return issues;
}

// --- references -----------------------------------------------------------------------------------

type Raw = Record<string, unknown>;
const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);
const arrayOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const recordOf = (value: unknown): Raw => (isRecord(value) ? value : {});
const stringOf = (value: unknown, key: string): string | undefined => {
  const field = isRecord(value) ? value[key] : undefined;
  return typeof field === 'string' ? field : undefined;
};

/** Ids declared in an array of `{ id }` objects; undefined when the array itself is malformed. */
function declaredIds(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item) => stringOf(item, 'id')).filter((id): id is string => id !== undefined);
}

function referenceIssues(raw: Raw): PolicyIssue[] {
  const issues: PolicyIssue[] = [];
  const add = (path: readonly PropertyKey[], message: string) => issues.push({ path: formatIssuePath(path), message });
  const calendarIds = isRecord(raw.calendars) ? Object.keys(raw.calendars) : undefined;
  const planIds = declaredIds(raw.plans);
  const priorityIds = declaredIds(raw.priorities);

  /** Reports `value` at `path` unless it is one of `known` (skipped when `known` could not be read). */
  const mustBeOneOf = (path: readonly PropertyKey[], value: string | undefined, known: string[] | undefined, what: string) => {
    if (value === undefined || known === undefined || known.includes(value)) return;
    add(path, `unknown ${what} '${value}': ${known.length > 0 ? `one of ${known.join(', ')}` : `no ${what}s are declared`}`);
  };

  for (const [id, spec] of Object.entries(recordOf(raw.calendars))) {
    if (!KEY_ID.test(id)) add(['calendars', id], "calendar id must match ^[A-Za-z0-9][A-Za-z0-9_-]*$ (letters, digits, '-', '_')");
    // The calendar arithmetic's own check, on the calendar the spec becomes (its holidays resolve
    // later): it catches what no single field shows, such as a week without any working time.
    if (!calendarSpec.safeParse(spec).success || !isRecord(spec) || spec.kind !== 'working') continue;
    try {
      validateCalendar({ kind: 'working', zone: String(spec.zone), week: recordOf(spec.week), holidays: [] });
    } catch (error) {
      if (!(error instanceof CalendarError)) throw error;
      add(['calendars', id], error.message);
    }
  }

  const duplicates = (list: 'plans' | 'priorities', field: 'id' | 'rank', what: string) => {
    const seen = new Map<unknown, number>();
    arrayOf(raw[list]).forEach((item, i) => {
      const value = isRecord(item) ? item[field] : undefined;
      if (value === undefined) return;
      const first = seen.get(value);
      if (first === undefined) seen.set(value, i);
      else add([list, i, field], `${what} ${JSON.stringify(value)} is already used by ${list}[${first}]`);
    });
  };
  duplicates('plans', 'id', 'plan id');
  duplicates('priorities', 'id', 'priority id');
  duplicates('priorities', 'rank', 'rank');

  arrayOf(raw.plans).forEach((plan, i) => mustBeOneOf(['plans', i, 'calendar'], stringOf(plan, 'calendar'), calendarIds, 'calendar'));

  const rca = recordOf(raw.rca);
  const rcaPriorities = Array.isArray(rca.priorities) ? rca.priorities : undefined;
  const rcaPlans = Array.isArray(rca.plans) ? rca.plans : undefined;
  for (const [plan, row] of Object.entries(recordOf(raw.targets))) {
    mustBeOneOf(['targets', plan], plan, planIds, 'plan');
    for (const [priority, clocks] of Object.entries(recordOf(row))) {
      mustBeOneOf(['targets', plan, priority], priority, priorityIds, 'priority');
      for (const [clock, cellTarget] of Object.entries(recordOf(clocks))) {
        mustBeOneOf(['targets', plan, priority, clock, 'calendar'], stringOf(cellTarget, 'calendar'), calendarIds, 'calendar');
        // An RCA clock starts only when the rca rule owes an RCA for this cell; otherwise it never runs.
        if (clock === 'rca.draft' || clock === 'rca.final') {
          const owed = rcaPriorities?.includes(priority) && (rcaPlans === undefined || rcaPlans.includes(plan));
          if (!owed)
            add(['targets', plan, priority, clock], `an RCA target needs an rca rule that names priority '${priority}' (and plan '${plan}')`);
          if (clock === 'rca.final' && rca.final === false) add(['targets', plan, priority, clock], 'rca.final is false: no final RCA is owed');
        }
      }
    }
  }

  arrayOf(rca.priorities).forEach((priority, i) =>
    mustBeOneOf(['rca', 'priorities', i], typeof priority === 'string' ? priority : undefined, priorityIds, 'priority'),
  );
  arrayOf(rca.plans).forEach((plan, i) => mustBeOneOf(['rca', 'plans', i], typeof plan === 'string' ? plan : undefined, planIds, 'plan'));

  const intake = recordOf(raw.intake);
  const channels = Array.isArray(intake.channels) ? intake.channels.filter((c): c is string => typeof c === 'string') : undefined;
  for (const [priority, narrowed] of Object.entries(recordOf(intake.channelsByPriority))) {
    mustBeOneOf(['intake', 'channelsByPriority', priority], priority, priorityIds, 'priority');
    // channelsByPriority narrows `channels` (policy.types.ts), so it may only name channels from it.
    arrayOf(narrowed).forEach((channel, i) =>
      mustBeOneOf(['intake', 'channelsByPriority', priority, i], typeof channel === 'string' ? channel : undefined, channels, 'channel'),
    );
  }
  for (const priority of Object.keys(recordOf(intake.requiredFieldsByPriority))) {
    mustBeOneOf(['intake', 'requiredFieldsByPriority', priority], priority, priorityIds, 'priority');
  }

  for (const plan of Object.keys(recordOf(recordOf(raw.entitlement).incidentsPerMonth))) {
    mustBeOneOf(['entitlement', 'incidentsPerMonth', plan], plan, planIds, 'plan');
  }
  mustBeOneOf(['customerSilence', 'calendar'], stringOf(raw.customerSilence, 'calendar'), calendarIds, 'calendar');
  return issues;
}

/**
 * The document as a `PolicyDocument` (next-business-day targets get amount 1 when it is left out),
 * or a `PolicyValidationError` naming every problem with its path.
 */
export function validatePolicyDocument(input: unknown): PolicyDocument {
  if (!isRecord(input)) {
    throw new PolicyValidationError([{ path: '', message: 'a policy document must be an object' }]);
  }
  const parsed = policyDocument.safeParse(input);
  const issues = [...(parsed.success ? [] : structureIssues(input, parsed.error)), ...referenceIssues(input)];
  if (issues.length > 0 || !parsed.success) throw new PolicyValidationError(issues);
  const document: PolicyDocument = parsed.data;
  return document;
}
