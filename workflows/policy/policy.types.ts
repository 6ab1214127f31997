import type { Target, Weekday, WorkingWindow } from '../calendar';

/**
 * A support policy as data. Documents are JSON (or YAML) written by people, validated on the way
 * in (`policies/validate-policy.ts`), stored in PostgreSQL with a version, and handed to each
 * ticket as a snapshot with holiday rules resolved to concrete dates (`PolicySnapshot`).
 */

/**
 * The SLA clocks of docs/design.md, as named in the schedule preview and the ticket state, and
 * `next-reply` (the desk's answer to each customer message). What each does: `workflows/ticket/clock-kinds.ts`.
 * New names go at the end: this order is the order of a ticket's clocks.
 */
export type ClockName = 'acknowledge' | 'update' | 'resolve' | 'rca.draft' | 'rca.final' | 'hardware-replacement' | 'next-reply';
export const clockNames: readonly ClockName[] = ['acknowledge', 'update', 'resolve', 'rca.draft', 'rca.final', 'hardware-replacement', 'next-reply'];

/** `committed` clocks breach and escalate; `best-effort` ones are tracked and reported only. */
export type Commitment = 'committed' | 'best-effort';

/** Holidays from rules (resolved with date-holidays outside workflow code) plus explicit dates. */
export interface HolidayRules {
  /** ISO 3166-1 alpha-2 country code, e.g. 'RO'. Public holidays only. */
  country?: string;
  /** Optional state/region code of date-holidays, e.g. 'BY'. */
  region?: string;
  /** Extra closed local dates 'yyyy-MM-dd' (company days, a local saint's day). */
  extra?: string[];
}

export interface WorkingCalendarSpec {
  kind: 'working';
  zone: string;
  week: Partial<Record<Weekday, WorkingWindow[]>>;
  holidays?: HolidayRules;
}

export type CalendarSpec = WorkingCalendarSpec | { kind: '24x7' };

export interface PolicyTarget extends Target {
  commitment: Commitment;
  /** Calendar id this target is counted on; defaults to the plan's calendar. */
  calendar?: string;
  /** Where in the reference text this cell comes from (quoted), for people and the cell tests. */
  source?: string;
}

/**
 * A cell the text marks "best effort" without any duration (Tiered EU: "Resolution | Best Effort").
 * The clock is tracked (running, then met or stopped) but has no deadline, so it never warns or
 * breaches.
 */
export interface UntimedTarget {
  untimed: true;
  commitment: 'best-effort';
  calendar?: string;
  source?: string;
}

/** What a cell of the target matrix holds. */
export type PolicyCell = PolicyTarget | UntimedTarget;

export function isTimed(cell: PolicyCell | null | undefined): cell is PolicyTarget {
  return !!cell && !('untimed' in cell);
}

export interface PlanSpec {
  id: string;
  name: string;
  /** Calendar id business units of this plan count on. */
  calendar: string;
}

export interface PrioritySpec {
  id: string;
  name: string;
  /** 1 is the most urgent. */
  rank: number;
  description?: string;
}

export type Contact = { kind: 'email'; name?: string; address: string } | { kind: 'webhook'; name?: string; url: string };

export interface EscalationLevel {
  /** 1 is the first level above the agent working the ticket. */
  level: number;
  name: string;
  contacts: Contact[];
}

/**
 * What happens while the desk waits on the customer (after an information or confirmation
 * request). Reminders are chases sent on the cadence; the close rule decides the automatic close.
 */
export interface CustomerSilenceRule {
  /** Interval from the request (and then from each reminder) to the next reminder. */
  reminderEvery?: Target;
  /** How many reminders at most; unlimited until the close when absent. */
  maxReminders?: number;
  /** Whether a reminder counts as a further request for information (Syncro Soft's second request). */
  remindersAreRequests?: boolean;
  close: { rule: 'inactivity'; after: Target } | { rule: 'after-nth-request'; requests: number; after: Target };
  /** Calendar id used for business units of the rule; defaults to the plan's calendar. */
  calendar?: string;
}

export interface RcaRule {
  /** Priorities (ids) whose resolution owes a root-cause analysis. */
  priorities: string[];
  /** Plans (ids) it applies to; all plans when absent. */
  plans?: string[];
  /** Whether a final RCA is owed after the draft (a draft only when false). */
  final: boolean;
}

export interface IntakeRules {
  /** Field names in `fields` every ticket must carry. */
  requiredFields: string[];
  /** Fields that speed up diagnosis; missing ones are reported, not refused. */
  recommendedFields: string[];
  /** Channels accepted for every priority unless `channelsByPriority` narrows them. */
  channels: string[];
  channelsByPriority?: Record<string, string[]>;
  /** Fields required for some priorities only (CLICK: call-back number and contact for P1/P2). */
  requiredFieldsByPriority?: Record<string, string[]>;
  /** The ticket's own `description` (not a field) must be given (Syncro Soft: "a short description of the problem"). */
  descriptionRequired?: boolean;
}

export interface EntitlementRules {
  /** Tickets are refused without an active contract (start and end dates) for the organisation. */
  contractRequired: boolean;
  /**
   * Incidents per organisation per calendar month (counted in `quotaZone`), per plan id. Over the
   * quota a ticket is accepted, flagged over-quota, and its targets become best-effort.
   */
  incidentsPerMonth?: Record<string, number>;
  quotaZone?: string;
}

export interface PolicyDocument {
  id: string;
  /** Set by the store: 1 for the first document of an id, +1 on every change. */
  version?: number;
  name: string;
  /** Where the text comes from (file or address), for people. */
  source?: string;
  calendars: Record<string, CalendarSpec>;
  plans: PlanSpec[];
  priorities: PrioritySpec[];
  /** targets[plan][priority][clock]; a missing cell means no target (the clock is left out). */
  targets: Record<string, Record<string, Partial<Record<ClockName, PolicyCell>>>>;
  /** Fractions of a target at which a warning goes out, e.g. [0.75]. Default [0.75]. */
  warningThresholds?: number[];
  /** Contacts told of every warning and breach (the desk), whatever the escalation level. */
  deskContacts: Contact[];
  escalation: {
    levels: EscalationLevel[];
    /** Move one level up automatically when a committed clock breaches. */
    onBreach: boolean;
  };
  customerSilence?: CustomerSilenceRule;
  /** A closed ticket may be reopened by a customer reply within this window after close. */
  reopenWindow?: Target;
  rca?: RcaRule;
  /** Resolution codes accepted on resolve; any code when absent. */
  resolutionCodes?: string[];
  intake: IntakeRules;
  entitlement?: EntitlementRules;
  /** A satisfaction survey goes to the customer when the ticket closes. */
  surveyOnClose?: boolean;
  /** Free-form notes on readings of the text, for people. */
  notes?: string[];
}
