import type { ClockName, Commitment, Contact, PolicySnapshot } from '../policy';
import type { TicketState } from './contract';

/**
 * What the ticket workflow asks of the outside world. Implemented in activities/, faked in tests;
 * the workflow sees only these types.
 */
export interface TicketEvent {
  ticketId: string;
  /** Position of the event in this ticket's history: with ticketId, the idempotency key. */
  sequence: number;
  type: string;
  at: string;
  state: TicketState;
  /**
   * For the event an action caused: the action's input as the caller sent it (body, reason,
   * code, ...) with the actor the API adds. Absent for what the clocks raise by themselves.
   */
  detail?: Record<string, unknown>;
  /**
   * The ticket's SLA cycles as of this event (each clock's current one and those it closed lately),
   * for the `sla_cycles` records. Absent from workers that predate them.
   */
  cycles?: SlaCycleRecord[];
}

export type SlaCycleOutcome = 'running' | 'paused' | 'met' | 'breached' | 'cancelled';

/** One cycle of one clock: an acknowledgement, an update-cadence interval, a next-reply wait. */
export interface SlaCycleRecord {
  clock: ClockName;
  /** 1 for a clock that runs once; each update or next-reply interval is the next number. */
  cycle: number;
  /** The ticket's priority and assignee while the cycle ran (when it closed, for a closed one). */
  priority: string;
  assignee: string | null;
  commitment: Commitment;
  /** The target in words ("4 business hours", "best effort"). */
  target: string | null;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  outcome: SlaCycleOutcome;
  breachedAt: string | null;
  /** Working time taken (on the clock's measuring calendar), paused time kept out; to the stop, or to the event while open. */
  businessMs: number;
  calendarMs: number;
  /** Working time spent paused while awaiting the customer. */
  pausedMs: number;
  /** Working time past the deadline (0 when on time); null without a deadline. */
  lateBusinessMs: number | null;
}

export type NotificationKind = 'warning' | 'breach' | 'reminder' | 'escalation' | 'survey' | 'closure' | 'rca-due';

/**
 * One notification to one or more contacts. `notificationId` is stable for the obligation it
 * announces (ticket, kind, clock, occurrence), so a retried or replayed delivery is recognised and
 * a contact already served is not served twice.
 */
export interface Notification {
  notificationId: string;
  ticketId: string;
  organisation: string;
  kind: NotificationKind;
  clock?: ClockName;
  /**
   * The clock's occurrence (update-cadence interval) a warning or breach is about: a warning whose
   * clock has since moved on (met, breached, next interval) is withdrawn instead of sent late.
   */
  occurrence?: number;
  /** The instant the notification announces (deadline, threshold, close), ISO-8601. */
  at: string;
  subject: string;
  /** Plain text, readable in a mail client and in the Web UI. */
  body: string;
  recipients: Contact[];
}

/**
 * The `type` of the failure `notify` throws when its delivery log (PostgreSQL) could not be read or
 * written: nothing was sent to the recipients it could not log, and the workflow retries it by
 * itself once the database may be back, without an operator.
 */
export const notificationLogUnavailable = 'NotificationLogUnavailable';

export interface NotificationResult {
  notificationId: string;
  /** Contacts that took the message, in this attempt or an earlier one. */
  delivered: number;
}

/** What the clocks raised in one workflow task: its audit events, and notifications to try once. */
export interface ClockEffects {
  events: TicketEvent[];
  /** In the order they were raised; each tried once, and none after the first that fails. */
  notifications: Notification[];
}

/** How far `recordClockEffects` got: the leading events written and notifications delivered. */
export interface ClockEffectsResult {
  recorded: number;
  delivered: number;
}

export interface TicketActivities {
  /** Appends the event to the audit trail and updates the ticket's projection; idempotent. */
  recordTicketEvent(event: TicketEvent): Promise<void>;
  /**
   * Delivers a notification to every recipient (email or webhook), recording each attempt in the
   * notification log. Throws when any recipient could not be served, so Temporal retries it;
   * recipients already served are skipped on the retry.
   */
  notify(notification: Notification): Promise<NotificationResult>;
  /**
   * `recordTicketEvent` of each event, then one `notify` attempt of each notification, in one
   * activity: the workflow task a deadline wakes runs one local activity, not two. Never throws
   * for a write or a delivery that failed: it answers how far it got, and the workflow hands the
   * rest to the activities above, which retry.
   */
  recordClockEffects(effects: ClockEffects): Promise<ClockEffectsResult>;
  /**
   * The same policy document with its holiday rules resolved again for a horizon starting at `at`:
   * continue-as-new hands a long-running ticket a calendar that still covers its future.
   */
  refreshPolicySnapshot(input: { snapshot: PolicySnapshot; at: number }): Promise<PolicySnapshot>;
}
