import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { ClockName, Commitment, Contact, PolicySnapshot } from '../policy';
import type { Notification } from './activities.contract';

/**
 * The ticket workflow's contract: everything the API and the worker need to know about it, and
 * nothing they must not (no Node-only code, no classes: plain JSON in and out).
 */
export const ticketTaskQueue = 'slaflow-tickets';

export function ticketWorkflowId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

export type TicketStatus = 'new' | 'in-progress' | 'awaiting-customer' | 'resolved' | 'closed';
export const ticketStatuses: readonly TicketStatus[] = ['new', 'in-progress', 'awaiting-customer', 'resolved', 'closed'];

export type ClockStatus = 'pending' | 'running' | 'paused' | 'met' | 'breached' | 'stopped';

export interface BreachState {
  clock: ClockName;
  /** The deadline that was missed. */
  dueAt: string;
  /** When the breach was recorded: the deadline itself, or the moment a re-target found it past. */
  at: string;
  commitment: Commitment;
}

export interface WarningState {
  clock: ClockName;
  /** Fraction of the target, e.g. 0.75. */
  threshold: number;
  at: string;
}

export interface ClockState {
  clock: ClockName;
  /** The target as people read it, e.g. "4 business hours"; null for a clock tracked without one. */
  target: string | null;
  commitment: Commitment | null;
  status: ClockStatus;
  startedAt: string | null;
  /** The current deadline (UTC); null while pending, paused, stopped or without target. */
  dueAt: string | null;
  /** Working time left until `dueAt` (ms, counted on the clock's calendar), when running. */
  remainingMs: number | null;
  /** Working time past the deadline (ms), once breached and still running. */
  overdueMs: number | null;
  stoppedAt: string | null;
  /** The most recent breaches and warnings (20 at most); the audit trail has every one. */
  breaches: BreachState[];
  warnings: WarningState[];
  breachCount: number;
  warningCount: number;
}

export interface ParkedNotificationState {
  notificationId: string;
  kind: string;
  subject: string;
  error: string;
  parkedAt: string;
  attempts: number;
  /** When the workflow sends it again by itself (its delivery log was down), or null: operations retry it. */
  autoRetryAt: string | null;
}

export interface ParkedNotificationDetail {
  notification: Notification;
  error: string;
  parkedAt: string;
  attempts: number;
  autoRetryAt: string | null;
}

export interface SubIncidentState {
  ticketId: string;
  subject: string;
  priority: string;
  status: 'open' | 'resolved';
}

export interface TicketState {
  ticketId: string;
  organisation: string;
  subject: string;
  policy: string;
  policyVersion: number;
  plan: string;
  priority: string;
  status: TicketStatus;
  openedAt: string;
  statusSince: string;
  overQuota: boolean;
  assignee: string | null;
  escalationLevel: number;
  escalationName: string | null;
  clocks: ClockState[];
  breaches: BreachState[];
  slaBreached: boolean;
  awaitingCustomer: { since: string; requests: number; reminders: number; nextReminderAt: string | null; closesAt: string | null } | null;
  resolution: { code: string; summary: string; at: string } | null;
  closure: { reason: string; at: string; by: 'customer' | 'agent' | 'policy' } | null;
  reopenUntil: string | null;
  hardware: { diagnosedAt: string; replacementRequired: boolean; deliveredAt: string | null } | null;
  rca: { required: boolean; draftAt: string | null; finalAt: string | null };
  subIncidents: SubIncidentState[];
  parentTicketId: string | null;
  linkedFromTicketId: string | null;
  /** The intake fields given when the ticket was opened; empty for tickets opened before they were kept. */
  fields: IntakeFields;
  parkedNotifications: ParkedNotificationState[];
  /** Every notification that failed after its retries, parked or since retried. */
  notificationFailures: number;
  /** Events recorded so far (the audit trail's sequence). */
  sequence: number;
}

/** Intake fields: flat, named values (the API validates them). */
export type IntakeFields = Record<string, string | number | boolean>;

export interface OpenTicketInput {
  ticketId: string;
  organisation: string;
  subject: string;
  description?: string;
  channel?: string;
  plan: string;
  priority: string;
  /** ISO-8601 instant the ticket was opened (decided by the API, not by workflow time). */
  openedAt: string;
  /** The policy as the ticket started with it, calendars resolved to concrete holidays. */
  snapshot: PolicySnapshot;
  /** Who hears reminders, closure and surveys. */
  customerContacts: Contact[];
  /** Over the plan's monthly incident quota: accepted, but every target is best-effort. */
  overQuota?: boolean;
  parentTicketId?: string;
  /** A reply after a closed ticket's reopen window opened this ticket. */
  linkedFromTicketId?: string;
  /** What the customer gave at intake beyond subject and description (call-back number, serial, versions). */
  fields?: IntakeFields;
  /** Continue-as-new when the history reaches this many events (default 1500), or when suggested. */
  maxHistoryEvents?: number;
  /** Continue-as-new when the history reaches this many bytes (default 2 MiB). */
  maxHistoryBytes?: number;
  /** Set by continue-as-new: the ticket as the previous run left it. */
  carried?: CarriedTicket;
}

/** Opaque to callers: the workflow's own data, handed from one run to the next. */
export interface CarriedTicket {
  data: unknown;
}

/** Who asked for an action: the API key's role and id (never the key itself). */
export interface Actor {
  role: 'customer' | 'agent' | 'ops';
  keyId: string;
}
/**
 * What every action may carry besides its own fields. The audit trail records an action's whole
 * input (what was said, why, by whom) with the event the action caused.
 */
export interface ActionMeta {
  actor?: Actor;
}
export interface RespondInput extends ActionMeta {
  kind: 'acknowledgement' | 'update';
  body: string;
}
export interface BodyInput extends ActionMeta {
  body: string;
}
export interface ChangePriorityInput extends ActionMeta {
  priority: string;
  reason: string;
}
export interface ReasonInput extends ActionMeta {
  reason: string;
}
export interface AssignInput extends ActionMeta {
  agent: string;
}
export interface DiagnosisInput extends ActionMeta {
  replacementRequired: boolean;
}
export interface ResolveInput extends ActionMeta {
  code: string;
  summary: string;
}
export interface RcaInput extends ActionMeta {
  stage: 'draft' | 'final';
  body: string;
}
export interface SplitInput extends ActionMeta {
  incidents: Array<{ subject: string; priority: string; description?: string }>;
}
export interface RetryNotificationInput {
  /** One parked notification, or every parked one when absent. */
  notificationId?: string;
}

/** Failure type of an action the ticket's state does not allow; the API answers it with 409. */
export const stateConflictFailureType = 'TicketStateConflict';
/** Failure type of an action the policy does not allow (unknown priority, resolution code); 422. */
export const policyRuleFailureType = 'TicketPolicyRule';

/**
 * A query runs on the workflow's clock, which stands at the ticket's last event: `asOf` (the
 * caller's clock, ISO-8601) is the instant remaining and overdue time are measured to. An instant
 * before the last event, or none, measures to the last event.
 */
export interface StateQueryInput {
  asOf?: string;
}

export const stateQuery = defineQuery<TicketState, [StateQueryInput?]>('state');
/**
 * The parked notifications whole (recipients included), for operations: the ops routes list and
 * retry them from here when the delivery log has no row of them (PostgreSQL was down).
 */
export const parkedNotificationsQuery = defineQuery<ParkedNotificationDetail[]>('parkedNotifications');

export const respondUpdate = defineUpdate<TicketState, [RespondInput]>('respond');
export const requestInfoUpdate = defineUpdate<TicketState, [BodyInput]>('requestInfo');
export const customerReplyUpdate = defineUpdate<TicketState, [BodyInput]>('customerReply');
export const changePriorityUpdate = defineUpdate<TicketState, [ChangePriorityInput]>('changePriority');
export const escalateUpdate = defineUpdate<TicketState, [ReasonInput]>('escalate');
export const assignUpdate = defineUpdate<TicketState, [AssignInput]>('assign');
export const diagnosisUpdate = defineUpdate<TicketState, [DiagnosisInput]>('diagnosis');
export const partsDeliveredUpdate = defineUpdate<TicketState, [ActionMeta]>('partsDelivered');
export const resolveUpdate = defineUpdate<TicketState, [ResolveInput]>('resolve');
export const confirmUpdate = defineUpdate<TicketState, [ActionMeta]>('confirm');
export const closeUpdate = defineUpdate<TicketState, [ReasonInput]>('close');
export const reopenUpdate = defineUpdate<TicketState, [ReasonInput]>('reopen');
export const rcaUpdate = defineUpdate<TicketState, [RcaInput]>('deliverRca');
export const splitUpdate = defineUpdate<TicketState, [SplitInput]>('split');

/** Operations: try parked notifications again. */
export const retryNotificationSignal = defineSignal<[RetryNotificationInput]>('retryNotification');
/** Sent by a sub-incident's workflow to its parent when it resolves. */
export const subIncidentResolvedSignal = defineSignal<[{ ticketId: string }]>('subIncidentResolved');
