import { type Calendar, addTarget } from '../calendar';
import { cellClocks, type ClockName, type PolicyCell, type PolicySnapshot } from '../policy';
import type { Notification } from './activities.contract';
import { newClock, refreshDue, startClock, type ClockData } from './clock';
import { clockKind, reactionTo, type ClockEvent, type ClockReaction } from './clock-kinds';
import { closeCycle } from './cycles';
import type { OpenTicketInput, SplitInput, TicketStatus } from './contract';
import { recordReminder } from './customer-silence';
import { dueItems, type DueItem } from './due-items';
import { breachMessage, buildNotification, closeMessages, escalationMessage, reminderMessage, warningMessage, type Message } from './notifications';
import * as actions from './ticket.actions';
import type { ParkedNotification, TicketData } from './ticket.data';

/** Why an action was refused: `state` → 409 naming the status, `policy` → 422 naming the rule. */
export class TicketRefusal extends Error {
  constructor(
    readonly kind: 'state' | 'policy',
    message: string,
    readonly status: TicketStatus,
  ) {
    super(message);
    this.name = 'TicketRefusal';
  }
}

/** Something the workflow must do outside itself after the machine changed. */
export type Effect =
  | { kind: 'event'; sequence: number; type: string; at: number; detail?: Record<string, unknown> }
  /** `round`: how many automatic retries of a parked notification this send is (0: the first). */
  | { kind: 'notify'; notification: Notification; round?: number }
  | { kind: 'parent-resolved' };

/**
 * Workflow changes made after histories existed reach the machine as one object at construction:
 * the workflow reads each from `patched()`, tests set them directly.
 */
export interface TicketFeatures {
  /**
   * A notification parked because its delivery log could not be written retries by itself; a
   * warning whose clock was met or breached before it went out is withdrawn, not sent late.
   */
  durableNotifications?: boolean;
  /**
   * Each clock keeps its 20 most recent breaches and warnings in the state (with the totals):
   * events carry the state, and a cadence missed for months would grow every one of them.
   */
  boundedClockHistory?: boolean;
  /** Clock kinds added after this ticket's history was recorded (see `ClockKind.patch`): their cells are ignored. */
  clocksLeftOut?: readonly ClockName[];
}

/**
 * Automatic retries of a notification parked because its delivery log (PostgreSQL) was down:
 * 30 s, 1, 2, 4, 8, 16 min, then every 30 min, ten in all (about two and a half hours of outage).
 * After that it stays parked for operations (`POST /ops/notifications/retry`).
 */
export const autoRetryRounds = 10;
export function autoRetryDelayMs(round: number): number {
  return Math.min(30_000 * 2 ** (round - 1), 30 * 60_000);
}

export interface ParkCause {
  /** The delivery log could not be written: nothing is wrong with the recipients. */
  logUnavailable: boolean;
  /** Automatic retries already made of this notification. */
  round: number;
}

/** Clocks an RCA rule owes, in order: the draft, then (when the rule asks for one) the final. */
const RCA_CLOCKS: readonly ClockName[] = ['rca.draft', 'rca.final'];
/** How many breaches and warnings each clock keeps in the state once `boundedClockHistory` is on. */
const RECENT_BREACHES_AND_WARNINGS = 20;

/**
 * The ticket's SLA logic as a deterministic state machine over `TicketData`: actions change the
 * data and queue effects (audit events, notifications); `advance(now)` fires everything due up to
 * `now` in time order; `nextDueAt()` tells the workflow when to wake. No Temporal API in here, so
 * the same code runs in the workflow, in replay and in plain unit tests.
 *
 * What each clock does is in `clock-kinds.ts`; the actions and their checks in `ticket.actions.ts`,
 * what falls due in `due-items.ts`, notification wording in `notifications.ts`, the re-target of a
 * priority change in `retarget.ts`. Members those modules share are public but not for the workflow.
 */
export class TicketMachine {
  readonly outbox: Effect[] = [];
  /**
   * How many breaches and warnings each clock keeps in the state. Every event carries the state,
   * so unbounded lists (a cadence warned every hour for months) would make each event, and the
   * history, grow without end. Unbounded for histories recorded before the bound.
   */
  readonly recentLimit: number;

  constructor(
    readonly snapshot: PolicySnapshot,
    readonly data: TicketData,
    readonly features: TicketFeatures = {},
  ) {
    this.recentLimit = features.boundedClockHistory ? RECENT_BREACHES_AND_WARNINGS : Number.POSITIVE_INFINITY;
  }

  static open(input: OpenTicketInput, now: number, features: TicketFeatures = {}): TicketMachine {
    const openedAt = Date.parse(input.openedAt);
    const data: TicketData = {
      ticketId: input.ticketId,
      organisation: input.organisation,
      subject: input.subject,
      description: input.description ?? null,
      channel: input.channel ?? null,
      plan: input.plan,
      priority: input.priority,
      openedAt,
      status: 'new',
      statusSince: openedAt,
      overQuota: input.overQuota ?? false,
      customerContacts: input.customerContacts,
      assignee: null,
      escalationLevel: 0,
      clocks: [],
      pauses: [],
      silence: null,
      resolution: null,
      closure: null,
      reopenUntil: null,
      reopenWindowOver: false,
      hardware: null,
      rcaRequired: false,
      rcaDraftAt: null,
      rcaFinalAt: null,
      subIncidents: [],
      parentTicketId: input.parentTicketId ?? null,
      linkedFromTicketId: input.linkedFromTicketId ?? null,
      fields: { ...input.fields },
      slaBreached: false,
      notificationCounter: 0,
      parked: [],
      notificationFailures: 0,
      sequence: 0,
    };
    const machine = new TicketMachine(input.snapshot, data, features);
    machine.buildClocks();
    for (const clock of data.clocks) {
      if (clockKind(clock.clock).startsAtOpening) startClock(clock, machine.calendar(clock), openedAt);
    }
    // The audit trail keeps what the customer said at intake with the event that opened the ticket.
    machine.event('opened', openedAt, input.fields && Object.keys(input.fields).length > 0 ? { fields: { ...input.fields } } : undefined);
    machine.advance(now);
    return machine;
  }

  // ---- policy lookups ------------------------------------------------------------------------

  private get policy() {
    return this.snapshot.document;
  }

  calendar(clock: Pick<ClockData, 'calendarId'>): Calendar {
    return this.snapshot.calendars[clock.calendarId];
  }

  planCalendar(calendarOverride?: string): Calendar {
    const plan = this.policy.plans.find((p) => p.id === this.data.plan)!;
    return this.snapshot.calendars[calendarOverride ?? plan.calendar];
  }

  clock(name: ClockName): ClockData | undefined {
    return this.data.clocks.find((c) => c.clock === name);
  }

  rcaOwedFor(priority: string): boolean {
    const rule = this.policy.rca;
    return !!rule && rule.priorities.includes(priority) && (!rule.plans || rule.plans.includes(this.data.plan));
  }

  /** The clocks of the ticket's plan × priority cell (and the RCA clocks its rule owes). */
  cellTargets(priority: string): Map<ClockName, { target: PolicyCell | null; calendarId: string }> {
    const planCalendar = this.policy.plans.find((p) => p.id === this.data.plan)!.calendar;
    const cells = new Map<ClockName, { target: PolicyCell | null; calendarId: string }>();
    for (const { clock, target } of cellClocks(this.snapshot, this.data.plan, priority)) {
      if (this.features.clocksLeftOut?.includes(clock)) continue;
      const effective = this.data.overQuota ? { ...target, commitment: 'best-effort' as const } : target;
      cells.set(clock, { target: effective, calendarId: target.calendar ?? planCalendar });
    }
    if (this.rcaOwedFor(priority)) {
      for (const clock of this.policy.rca!.final ? RCA_CLOCKS : RCA_CLOCKS.slice(0, 1)) {
        if (!cells.has(clock)) cells.set(clock, { target: null, calendarId: planCalendar });
      }
    }
    return cells;
  }

  private buildClocks(): void {
    for (const [clock, { target, calendarId }] of this.cellTargets(this.data.priority)) {
      this.data.clocks.push(newClock(clock, target, calendarId, clockKind(clock).pausesAwaitingCustomer));
    }
    this.data.rcaRequired = this.rcaOwedFor(this.data.priority);
  }

  // ---- effects ---------------------------------------------------------------------------------

  event(type: string, at: number, detail?: Record<string, unknown>): void {
    this.data.sequence += 1;
    this.outbox.push({ kind: 'event', sequence: this.data.sequence, type, at, ...(detail ? { detail } : {}) });
  }

  private notify(message: Message, at: number): void {
    if (message.recipients.length === 0) return;
    this.data.notificationCounter += 1;
    const notification = buildNotification(this.policy, this.data, this.data.notificationCounter, at, message, !!this.features.durableNotifications);
    this.outbox.push({ kind: 'notify', notification });
  }

  setStatus(status: TicketStatus, at: number): void {
    this.data.status = status;
    this.data.statusSince = at;
  }

  // ---- clocks ----------------------------------------------------------------------------------

  /** A domain event: every clock reacts as its kind says (`clock-kinds.ts`), in the clocks' order. */
  raise(event: ClockEvent, at: number): void {
    for (const clock of this.data.clocks) {
      const reaction = reactionTo(clock.clock, event, this.data);
      if (reaction) this.react(clock, reaction, at);
    }
  }

  private react(clock: ClockData, reaction: ClockReaction, at: number): void {
    const open = clock.status === 'running' || clock.status === 'paused';
    switch (reaction) {
      case 'start':
        return this.nextCycle(clock, at);
      case 'start-once':
        if (clock.startedAt === null) startClock(clock, this.calendar(clock), at);
        return;
      case 'start-unless-open':
        if (!open && !(clock.status === 'breached' && clock.stoppedAt === null)) this.nextCycle(clock, at);
        return;
      case 'restart-if-running':
        // The agent's update meets the interval it falls in.
        if (clock.status === 'running') this.nextCycle(clock, at, { outcome: 'met' });
        return;
      case 'restart-if-started':
        if (clock.startedAt !== null) this.nextCycle(clock, at);
        return;
      case 'met':
        return stopClock(clock, at);
      case 'stop':
        if (open) {
          clock.status = 'stopped';
          clock.stoppedAt = at;
          clock.dueAt = null;
        } else if (clock.status === 'breached' && clock.stoppedAt === null) {
          // A breached cycle keeps its verdict; it is over all the same.
          clock.stoppedAt = at;
          clock.dueAt = null;
        }
        return;
      case 'resume':
        if (clock.startedAt === null) return;
        clock.status = clock.breaches.length > 0 ? 'breached' : 'running';
        clock.stoppedAt = null;
        refreshDue(clock, this.calendar(clock), this.data.pauses, at);
        if (clock.status === 'running' && clock.dueAt !== null && clock.dueAt <= at) this.breach(clock, clock.dueAt, at);
        return;
    }
  }

  /** Starts a clock's next cycle, keeping the one it leaves (with its verdict) for the SLA records. */
  private nextCycle(clock: ClockData, at: number, verdict?: Parameters<typeof closeCycle>[5]): void {
    closeCycle(clock, this.calendar(clock), this.data.pauses, at, this.cycleContext(), verdict);
    startClock(clock, this.calendar(clock), at);
  }

  /** What a cycle closing now records of the ticket. */
  cycleContext(): { priority: string; assignee: string | null } {
    return { priority: this.data.priority, assignee: this.data.assignee };
  }

  /** Pausable clocks stop counting while the ticket waits on the customer. */
  beginWait(at: number): void {
    this.data.pauses.push({ from: at, to: null });
    for (const clock of this.data.clocks) {
      if (clock.pausable && clock.status === 'running') {
        clock.status = 'paused';
        clock.dueAt = null;
      }
    }
  }

  endWait(at: number): void {
    const open = this.data.pauses.find((p) => p.to === null);
    if (open) open.to = at;
    for (const clock of this.data.clocks) {
      if (clock.status !== 'paused') continue;
      clock.status = 'running';
      refreshDue(clock, this.calendar(clock), this.data.pauses, at);
    }
  }

  // ---- the clock of time ------------------------------------------------------------------------

  /** Fires, in time order, everything due at or before `now`. */
  advance(now: number): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const due = dueItems(this)
        .filter((item) => item.at <= now)
        .sort((a, b) => a.at - b.at || a.rank - b.rank)[0];
      if (!due) return;
      due.run();
    }
    throw new Error('ticket machine: too many due items at once');
  }

  /** The next instant something falls due, or null when nothing will until someone acts. */
  nextDueAt(): { at: number; what: string } | null {
    let next: DueItem | null = null;
    for (const item of dueItems(this)) {
      if (!next || item.at < next.at || (item.at === next.at && item.rank < next.rank)) next = item;
    }
    return next && { at: next.at, what: next.what };
  }

  /** The workflow may end: closed, the reopen window over, every clock owed past the close (RCA) delivered. */
  finished(): boolean {
    const d = this.data;
    if (d.status !== 'closed') return false;
    if (d.reopenUntil !== null && !d.reopenWindowOver) return false;
    return this.data.clocks.every((c) => !clockKind(c.clock).runsPastClose || c.startedAt === null || c.stoppedAt !== null);
  }

  warn(clock: ClockData, threshold: number, at: number): void {
    clock.warned.push(threshold);
    clock.warnings.push({ threshold, at, occurrence: clock.occurrence });
    clock.warningCount = (clock.warningCount ?? clock.warnings.length - 1) + 1;
    if (clock.warnings.length > this.recentLimit) clock.warnings.splice(0, clock.warnings.length - this.recentLimit);
    this.event(`${clock.clock}.warning`, at);
    if (clock.target?.commitment !== 'committed') return;
    this.notify(warningMessage(this.policy, this.data, clock, threshold), at);
  }

  /** Records a missed deadline once; a recurring clock then starts its next interval at the missed deadline. */
  breach(clock: ClockData, dueAt: number, at: number): void {
    const occurrence = clock.occurrence;
    clock.breaches.push({ dueAt, at, occurrence });
    clock.breachCount = (clock.breachCount ?? clock.breaches.length - 1) + 1;
    if (clock.breaches.length > this.recentLimit) clock.breaches.splice(0, clock.breaches.length - this.recentLimit);
    const committed = clock.target?.commitment === 'committed';
    if (clockKind(clock.clock).recurs) {
      closeCycle(clock, this.calendar(clock), this.data.pauses, at, this.cycleContext(), { outcome: 'breached', dueAt, breachedAt: at });
      startClock(clock, this.calendar(clock), dueAt);
    } else {
      clock.status = 'breached';
    }
    this.event(`${clock.clock}.breached`, at);
    if (!committed) return;
    this.data.slaBreached = true;
    this.notify(breachMessage(this.policy, this.data, clock, dueAt, occurrence), at);
    if (this.policy.escalation.onBreach) this.raiseEscalation(at, `${clock.clock} deadline missed`);
  }

  raiseEscalation(at: number, reason: string): void {
    const next = this.policy.escalation.levels.find((l) => l.level === this.data.escalationLevel + 1);
    if (!next) return;
    this.data.escalationLevel = next.level;
    this.event('escalated', at);
    this.notify(escalationMessage(this.policy, next, reason), at);
  }

  // ---- the customer's silence and the close ------------------------------------------------------

  remind(at: number): void {
    const silence = this.data.silence!;
    const rule = this.policy.customerSilence;
    recordReminder(silence, rule, this.planCalendar(rule?.calendar), at);
    this.event('customer.reminded', at);
    this.notify(reminderMessage(this.data), at);
  }

  autoClose(at: number): void {
    this.close(at, 'policy', 'no answer from the customer within the policy’s time');
  }

  /** Clocks settle (a breached one stays breached, a recurring one only stops), except those owed past the close. */
  close(at: number, by: 'customer' | 'agent' | 'policy', reason: string): void {
    if (this.data.status === 'awaiting-customer') this.endWait(at);
    this.raise('closed', at);
    for (const clock of this.data.clocks) {
      const kind = clockKind(clock.clock);
      if (kind.runsPastClose) continue;
      if (clock.status === 'running' || clock.status === 'paused' || clock.status === 'pending') {
        clock.status = clock.status === 'pending' ? 'stopped' : clock.breaches.length > 0 && !kind.recurs ? 'breached' : 'stopped';
        clock.stoppedAt = at;
        clock.dueAt = null;
      }
    }
    this.data.silence = null;
    this.data.closure = { reason, at, by };
    this.data.reopenUntil = this.policy.reopenWindow ? addTarget(this.planCalendar(), at, this.policy.reopenWindow) : null;
    this.data.reopenWindowOver = false;
    this.setStatus('closed', at);
    this.event(by === 'policy' ? 'auto-closed' : 'closed', at);
    for (const message of closeMessages(this.policy, this.data, by, reason)) this.notify(message, at);
  }

  endReopenWindow(at: number): void {
    this.data.reopenWindowOver = true;
    this.event('reopen-window-ended', at);
  }

  // ---- actions (ticket.actions.ts) ---------------------------------------------------------------

  refuse(action: string, why?: string): never {
    throw new TicketRefusal('state', `cannot ${action}: the ticket is ${this.data.status}${why ? ` (${why})` : ''}`, this.data.status);
  }

  refusePolicy(message: string): never {
    throw new TicketRefusal('policy', message, this.data.status);
  }

  checkRespond(kind: 'acknowledgement' | 'update'): void {
    actions.checkRespond(this, kind);
  }
  respond(kind: 'acknowledgement' | 'update', at: number): void {
    actions.respond(this, kind, at);
  }
  checkRequestInfo(): void {
    actions.checkRequestInfo(this);
  }
  requestInfo(at: number): void {
    actions.requestInfo(this, at);
  }
  checkCustomerReply(): void {
    actions.checkCustomerReply(this);
  }
  customerReply(at: number): void {
    actions.customerReply(this, at);
  }
  checkReopen(): void {
    actions.checkReopen(this);
  }
  reopen(at: number, reason: string): void {
    actions.reopen(this, at, reason);
  }
  checkChangePriority(priority: string): void {
    actions.checkChangePriority(this, priority);
  }
  changePriority(priority: string, at: number): void {
    actions.changePriority(this, priority, at);
  }
  checkEscalate(): void {
    actions.checkEscalate(this);
  }
  escalate(at: number, reason: string): void {
    actions.escalate(this, at, reason);
  }
  checkAssign(): void {
    actions.checkAssign(this);
  }
  assign(agent: string, at: number): void {
    actions.assign(this, agent, at);
  }
  checkDiagnosis(): void {
    actions.checkDiagnosis(this);
  }
  diagnosis(replacementRequired: boolean, at: number): void {
    actions.diagnosis(this, replacementRequired, at);
  }
  checkPartsDelivered(): void {
    actions.checkPartsDelivered(this);
  }
  partsDelivered(at: number): void {
    actions.partsDelivered(this, at);
  }
  checkResolve(code: string, internal = false): void {
    actions.checkResolve(this, code, internal);
  }
  resolve(code: string, summary: string, at: number, internal = false): void {
    actions.resolve(this, code, summary, at, internal);
  }
  checkConfirm(): void {
    actions.checkConfirm(this);
  }
  confirm(at: number): void {
    actions.confirm(this, at);
  }
  checkClose(): void {
    actions.checkClose(this);
  }
  closeByAgent(reason: string, at: number): void {
    actions.closeByAgent(this, reason, at);
  }
  checkRca(stage: 'draft' | 'final'): void {
    actions.checkRca(this, stage);
  }
  deliverRca(stage: 'draft' | 'final', at: number): void {
    actions.deliverRca(this, stage, at);
  }
  checkSplit(input: SplitInput): void {
    actions.checkSplit(this, input);
  }
  split(input: SplitInput, at: number): string[] {
    return actions.split(this, input, at);
  }
  subIncidentResolved(ticketId: string, at: number): void {
    actions.subIncidentResolved(this, ticketId, at);
  }

  // ---- notifications that could not be delivered ----------------------------------------------

  /**
   * A notification whose retries are spent waits here for another try. One that failed only because
   * its delivery log could not be written is tried again by the machine itself, with backoff.
   */
  park(notification: Notification, error: string, attempts: number, at: number, cause?: ParkCause): void {
    const round = (cause?.round ?? 0) + 1;
    const autoRetry =
      this.features.durableNotifications && cause?.logUnavailable && round <= autoRetryRounds
        ? { round, at: at + autoRetryDelayMs(round) }
        : undefined;
    this.data.parked.push({ notification, error, parkedAt: at, attempts, ...(autoRetry ? { autoRetry } : {}) });
    this.data.notificationFailures += 1;
    this.event('notification.parked', at);
  }

  /** Takes parked notifications out for another try (one, or all when no id is given). */
  unpark(notificationId: string | undefined, at: number): Notification[] {
    const taken = this.data.parked.filter((p) => notificationId === undefined || p.notification.notificationId === notificationId);
    this.data.parked = this.data.parked.filter((p) => !taken.includes(p));
    if (taken.length > 0) this.event('notification.retried', at);
    const notifications = taken.map((p) => p.notification);
    if (!this.features.durableNotifications) return notifications;
    const current = notifications.filter((n) => !this.isStale(n));
    for (const n of notifications) if (!current.includes(n)) this.withdraw(n, at);
    return current;
  }

  /** The automatic retry of a notification parked while its delivery log was down. */
  retryParked(parked: ParkedNotification, at: number): void {
    this.data.parked = this.data.parked.filter((p) => p !== parked);
    this.event('notification.retried', at, { notificationId: parked.notification.notificationId, automatic: true });
    if (this.isStale(parked.notification)) this.withdraw(parked.notification, at);
    else this.outbox.push({ kind: 'notify', notification: parked.notification, round: parked.autoRetry!.round });
  }

  /**
   * A warning is news only while its clock runs in the occurrence it warned of: once that clock was
   * met or breached (or the cadence moved to its next interval), sending it would mislead.
   */
  isStale(notification: Notification): boolean {
    if (!this.mayGoStale(notification) || !notification.clock) return false;
    const clock = this.clock(notification.clock);
    if (!clock || (clock.status !== 'running' && clock.status !== 'paused')) return true;
    return notification.occurrence !== undefined && clock.occurrence !== notification.occurrence;
  }

  /** Whether `isStale` can ever hold for this notification: only warnings and RCA notices about a clock go stale. */
  mayGoStale(notification: Notification): boolean {
    return (
      this.features.durableNotifications === true &&
      (notification.kind === 'warning' || notification.kind === 'rca-due') &&
      notification.clock !== undefined
    );
  }

  /** A notification that will not be sent: its news is out of date. */
  withdraw(notification: Notification, at: number): void {
    this.event('notification.withdrawn', at, {
      notificationId: notification.notificationId,
      reason: `the ${notification.clock} clock was met or breached before the ${notification.kind} went out`,
    });
  }
}

function stopClock(clock: ClockData, at: number): void {
  if (clock.stoppedAt !== null) return;
  clock.stoppedAt = at;
  if (clock.status === 'running' || clock.status === 'paused') clock.status = 'met';
  else if (clock.status === 'pending') clock.status = 'stopped';
  clock.dueAt = null;
}
