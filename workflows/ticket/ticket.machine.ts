import type { Calendar } from '../calendar';
import { addTarget, describeTarget } from '../calendar';
import { cellClocks, isTimed, type ClockName, type Contact, type PolicyCell, type PolicySnapshot, type PolicyTarget } from '../policy';
import type { Notification, NotificationKind } from './activities.contract';
import { newClock, refreshDue, startClock, warningInstant, type ClockData } from './clock';
import type { OpenTicketInput, SplitInput, TicketStatus } from './contract';
import { beginSilence, recordReminder, recordRequest } from './customer-silence';
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

const DEFAULT_WARNING_THRESHOLDS = [0.75];
const PAUSABLE: ReadonlySet<ClockName> = new Set<ClockName>(['update', 'resolve']);
const RCA_CLOCKS: readonly ClockName[] = ['rca.draft', 'rca.final'];

interface DueItem {
  at: number;
  /** For people: the timer's summary in the Web UI. */
  what: string;
  /** Ties at the same instant run in this order: warnings before breaches before the close. */
  rank: number;
  run(): void;
}

/**
 * The ticket's SLA logic as a deterministic state machine over `TicketData`: actions change the
 * data and queue effects (audit events, notifications); `advance(now)` fires everything due up to
 * `now` in time order; `nextDueAt()` tells the workflow when to wake. No Temporal API in here, so
 * the same code runs in the workflow, in replay and in plain unit tests.
 */
export class TicketMachine {
  readonly outbox: Effect[] = [];
  /**
   * How many breaches and warnings each clock keeps in the state. Every event carries the state,
   * so unbounded lists (a cadence warned every hour for months) would make each event, and the
   * history, grow without end. Set by the workflow (patched); unbounded for older histories.
   */
  recentLimit = Number.POSITIVE_INFINITY;

  constructor(
    readonly snapshot: PolicySnapshot,
    readonly data: TicketData,
    readonly features: TicketFeatures = {},
  ) {}

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
      slaBreached: false,
      notificationCounter: 0,
      parked: [],
      notificationFailures: 0,
      sequence: 0,
    };
    const machine = new TicketMachine(input.snapshot, data, features);
    machine.buildClocks();
    for (const clock of data.clocks) {
      if (clock.clock === 'acknowledge' || clock.clock === 'resolve') startClock(clock, machine.calendar(clock), openedAt);
    }
    machine.event('opened', openedAt);
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

  private planCalendar(calendarOverride?: string): Calendar {
    const plan = this.policy.plans.find((p) => p.id === this.data.plan)!;
    return this.snapshot.calendars[calendarOverride ?? plan.calendar];
  }

  private clock(name: ClockName): ClockData | undefined {
    return this.data.clocks.find((c) => c.clock === name);
  }

  private rcaOwedFor(priority: string): boolean {
    const rule = this.policy.rca;
    return !!rule && rule.priorities.includes(priority) && (!rule.plans || rule.plans.includes(this.data.plan));
  }

  /** The clocks of the ticket's plan × priority cell (and the RCA clocks its rule owes). */
  private cellTargets(priority: string): Map<ClockName, { target: PolicyCell | null; calendarId: string }> {
    const planCalendar = this.policy.plans.find((p) => p.id === this.data.plan)!.calendar;
    const cells = new Map<ClockName, { target: PolicyCell | null; calendarId: string }>();
    for (const { clock, target } of cellClocks(this.snapshot, this.data.plan, priority)) {
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
      this.data.clocks.push(newClock(clock, target, calendarId, PAUSABLE.has(clock)));
    }
    this.data.rcaRequired = this.rcaOwedFor(this.data.priority);
  }

  // ---- effects ---------------------------------------------------------------------------------

  private event(type: string, at: number, detail?: Record<string, unknown>): void {
    this.data.sequence += 1;
    this.outbox.push({ kind: 'event', sequence: this.data.sequence, type, at, ...(detail ? { detail } : {}) });
  }

  private escalationContacts(): Contact[] {
    const level = this.policy.escalation.levels.find((l) => l.level === this.data.escalationLevel);
    return level ? level.contacts : [];
  }

  private notify(kind: NotificationKind, at: number, subject: string, body: string, recipients: Contact[], clock?: Pick<ClockData, 'clock' | 'occurrence'>): void {
    if (recipients.length === 0) return;
    this.data.notificationCounter += 1;
    const notification: Notification = {
      notificationId: `${this.data.ticketId}/${this.data.notificationCounter}-${kind}${clock ? `-${clock.clock}` : ''}`,
      ticketId: this.data.ticketId,
      organisation: this.data.organisation,
      kind,
      ...(clock ? { clock: clock.clock } : {}),
      ...(clock && this.features.durableNotifications ? { occurrence: clock.occurrence } : {}),
      at: new Date(at).toISOString(),
      subject: `[${this.data.priority}] ${subject} — ${this.data.subject}`,
      body: `${body}\n\nTicket ${this.data.ticketId} (${this.policy.name}, plan ${this.data.plan}, priority ${this.data.priority}, status ${this.data.status}).`,
      recipients: dedupeContacts(recipients),
    };
    this.outbox.push({ kind: 'notify', notification });
  }

  private setStatus(status: TicketStatus, at: number): void {
    this.data.status = status;
    this.data.statusSince = at;
  }

  // ---- the clock of time ------------------------------------------------------------------------

  private dueItems(): DueItem[] {
    const items: DueItem[] = [];
    const thresholds = this.policy.warningThresholds ?? DEFAULT_WARNING_THRESHOLDS;
    for (const clock of this.data.clocks) {
      if (clock.status !== 'running' || clock.dueAt === null || !isTimed(clock.target)) continue;
      const calendar = this.calendar(clock);
      for (const threshold of thresholds) {
        if (clock.warned.includes(threshold)) continue;
        const at = warningInstant(clock, calendar, this.data.pauses, threshold, clock.dueAt);
        if (at !== null && at < clock.dueAt) items.push({ at, what: `${clock.clock} ${Math.round(threshold * 100)}% warning`, rank: 0, run: () => this.warn(clock, threshold, at) });
      }
      const dueAt = clock.dueAt;
      items.push({ at: dueAt, what: `${clock.clock} deadline`, rank: 1, run: () => this.breach(clock, dueAt, dueAt) });
    }
    const silence = this.data.silence;
    if (silence && (this.data.status === 'awaiting-customer' || this.data.status === 'resolved')) {
      if (silence.nextReminderAt !== null) {
        const at = silence.nextReminderAt;
        items.push({ at, what: 'reminder to the customer', rank: 2, run: () => this.remind(at) });
      }
      if (silence.closesAt !== null) {
        const at = silence.closesAt;
        items.push({ at, what: 'automatic close', rank: 3, run: () => this.autoClose(at) });
      }
    }
    for (const parked of this.data.parked) {
      if (!parked.autoRetry) continue;
      const at = parked.autoRetry.at;
      items.push({ at, what: `automatic retry of ${parked.notification.notificationId}`, rank: 5, run: () => this.retryParked(parked, at) });
    }
    if (this.data.status === 'closed' && this.data.reopenUntil !== null && !this.data.reopenWindowOver) {
      const at = this.data.reopenUntil;
      items.push({
        at,
        what: 'end of the reopen window',
        rank: 4,
        run: () => {
          this.data.reopenWindowOver = true;
          this.event('reopen-window-ended', at);
        },
      });
    }
    return items;
  }

  /** Fires, in time order, everything due at or before `now`. */
  advance(now: number): void {
    for (let guard = 0; guard < 100_000; guard++) {
      const due = this.dueItems()
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
    for (const item of this.dueItems()) {
      if (!next || item.at < next.at || (item.at === next.at && item.rank < next.rank)) next = item;
    }
    return next && { at: next.at, what: next.what };
  }

  /** The workflow may end: closed, the reopen window over, every RCA owed delivered. */
  finished(): boolean {
    const d = this.data;
    if (d.status !== 'closed') return false;
    if (d.reopenUntil !== null && !d.reopenWindowOver) return false;
    return this.data.clocks.every((c) => !RCA_CLOCKS.includes(c.clock) || c.startedAt === null || c.stoppedAt !== null);
  }

  private warn(clock: ClockData, threshold: number, at: number): void {
    clock.warned.push(threshold);
    clock.warnings.push({ threshold, at, occurrence: clock.occurrence });
    clock.warningCount = (clock.warningCount ?? clock.warnings.length - 1) + 1;
    if (clock.warnings.length > this.recentLimit) clock.warnings.splice(0, clock.warnings.length - this.recentLimit);
    this.event(`${clock.clock}.warning`, at);
    if (clock.target?.commitment !== 'committed') return;
    const due = new Date(clock.dueAt!).toISOString();
    const kind: NotificationKind = RCA_CLOCKS.includes(clock.clock) ? 'rca-due' : 'warning';
    this.notify(
      kind,
      at,
      `${clock.clock} at ${Math.round(threshold * 100)}% of its target`,
      `The ${clock.clock} clock (${describeTarget(clock.target)}) has used ${Math.round(threshold * 100)}% of its target; it is due at ${due}.`,
      [...this.policy.deskContacts, ...this.escalationContacts()],
      clock,
    );
  }

  /** Records a missed deadline once; the update cadence then starts its next interval at the missed deadline. */
  private breach(clock: ClockData, dueAt: number, at: number): void {
    const occurrence = clock.occurrence;
    clock.breaches.push({ dueAt, at, occurrence });
    clock.breachCount = (clock.breachCount ?? clock.breaches.length - 1) + 1;
    if (clock.breaches.length > this.recentLimit) clock.breaches.splice(0, clock.breaches.length - this.recentLimit);
    const committed = clock.target?.commitment === 'committed';
    if (clock.clock === 'update') {
      startClock(clock, this.calendar(clock), dueAt);
    } else {
      clock.status = 'breached';
    }
    this.event(`${clock.clock}.breached`, at);
    if (!committed) return;
    this.data.slaBreached = true;
    this.notify(
      'breach',
      at,
      `${clock.clock} deadline missed`,
      `The ${clock.clock} clock (${describeTarget(clock.target as PolicyTarget)}) was due at ${new Date(dueAt).toISOString()} and has breached.`,
      [...this.policy.deskContacts, ...this.escalationContacts()],
      { clock: clock.clock, occurrence },
    );
    if (this.policy.escalation.onBreach) this.raiseEscalation(at, `${clock.clock} deadline missed`);
  }

  private remind(at: number): void {
    const silence = this.data.silence!;
    const rule = this.policy.customerSilence;
    recordReminder(silence, rule, this.planCalendar(rule?.calendar), at);
    this.event('customer.reminded', at);
    const waitingFor = this.data.status === 'resolved' ? 'your confirmation that the problem is solved' : 'the information we asked for';
    const closes = silence.closesAt !== null ? ` The ticket will close automatically at ${new Date(silence.closesAt).toISOString()} without an answer.` : '';
    this.notify('reminder', at, 'we are waiting for your answer', `We are still waiting for ${waitingFor}.${closes}`, this.data.customerContacts);
  }

  private autoClose(at: number): void {
    this.close(at, 'policy', 'no answer from the customer within the policy’s time');
  }

  // ---- actions ---------------------------------------------------------------------------------

  refuse(action: string, why?: string): never {
    throw new TicketRefusal('state', `cannot ${action}: the ticket is ${this.data.status}${why ? ` (${why})` : ''}`, this.data.status);
  }

  private refusePolicy(message: string): never {
    throw new TicketRefusal('policy', message, this.data.status);
  }

  private requireStatus(action: string, allowed: readonly TicketStatus[]): void {
    if (!allowed.includes(this.data.status)) this.refuse(action);
  }

  /** The first agent response: stops the acknowledge clock and starts the update cadence. */
  private firstResponse(at: number): void {
    const acknowledge = this.clock('acknowledge');
    if (acknowledge) stopClock(acknowledge, at);
    this.setStatus('in-progress', at);
    const update = this.clock('update');
    if (update) startClock(update, this.calendar(update), at);
    this.event('acknowledged', at);
  }

  checkRespond(kind: 'acknowledgement' | 'update'): void {
    if (kind === 'acknowledgement') this.requireStatus('acknowledge', ['new']);
    else this.requireStatus('send a progress update', ['new', 'in-progress']);
  }

  respond(kind: 'acknowledgement' | 'update', at: number): void {
    this.checkRespond(kind);
    if (this.data.status === 'new') return this.firstResponse(at);
    const update = this.clock('update');
    if (update && update.status === 'running') startClock(update, this.calendar(update), at);
    this.event('updated', at);
  }

  checkRequestInfo(): void {
    this.requireStatus('request information', ['new', 'in-progress', 'awaiting-customer']);
  }

  requestInfo(at: number): void {
    this.checkRequestInfo();
    const rule = this.policy.customerSilence;
    const calendar = this.planCalendar(rule?.calendar);
    if (this.data.status === 'awaiting-customer') {
      recordRequest(this.data.silence!, rule, calendar, at);
      this.event('info-requested', at);
      return;
    }
    if (this.data.status === 'new') this.firstResponse(at);
    this.beginWait(at);
    this.data.silence = beginSilence(rule, calendar, at);
    this.setStatus('awaiting-customer', at);
    this.event('info-requested', at);
  }

  /** Pausable clocks stop counting while the ticket waits on the customer. */
  private beginWait(at: number): void {
    this.data.pauses.push({ from: at, to: null });
    for (const clock of this.data.clocks) {
      if (clock.pausable && clock.status === 'running') {
        clock.status = 'paused';
        clock.dueAt = null;
      }
    }
  }

  private endWait(at: number): void {
    const open = this.data.pauses.find((p) => p.to === null);
    if (open) open.to = at;
    for (const clock of this.data.clocks) {
      if (clock.status !== 'paused') continue;
      clock.status = 'running';
      refreshDue(clock, this.calendar(clock), this.data.pauses, at);
    }
  }

  checkCustomerReply(): void {
    if (this.data.status === 'closed' && !this.canReopen()) this.refuse('reply', 'its reopen window is over: open a new ticket');
  }

  customerReply(at: number): void {
    this.checkCustomerReply();
    switch (this.data.status) {
      case 'awaiting-customer':
        this.endWait(at);
        this.data.silence = null;
        this.setStatus('in-progress', at);
        this.event('customer.replied', at);
        return;
      case 'resolved':
      case 'closed':
        // An answer to a resolution (or after close, inside the window) says the problem is back.
        this.reopen(at, 'customer replied');
        return;
      default:
        this.event('customer.replied', at);
    }
  }

  private canReopen(): boolean {
    return this.data.status === 'resolved' || (this.data.status === 'closed' && this.data.reopenUntil !== null && !this.data.reopenWindowOver);
  }

  checkReopen(): void {
    if (!this.canReopen()) this.refuse('reopen', this.data.status === 'closed' ? 'its reopen window is over' : undefined);
  }

  /** The resolve clock resumes with the time it had used; the time since resolution is kept out. */
  reopen(at: number, _reason: string): void {
    this.checkReopen();
    const resolvedAt = this.data.resolution?.at ?? this.data.closure?.at ?? at;
    if (this.data.silence && this.data.pauses.some((p) => p.to === null)) this.endWait(at);
    this.data.pauses.push({ from: resolvedAt, to: at });
    this.data.silence = null;
    this.data.resolution = null;
    this.data.closure = null;
    this.data.reopenUntil = null;
    this.setStatus('in-progress', at);
    const resolve = this.clock('resolve');
    if (resolve && resolve.startedAt !== null) {
      resolve.status = resolve.breaches.length > 0 ? 'breached' : 'running';
      resolve.stoppedAt = null;
      refreshDue(resolve, this.calendar(resolve), this.data.pauses, at);
      if (resolve.status === 'running' && resolve.dueAt !== null && resolve.dueAt <= at) this.breach(resolve, resolve.dueAt, at);
    }
    const update = this.clock('update');
    if (update && update.startedAt !== null) startClock(update, this.calendar(update), at);
    this.event('reopened', at);
  }

  checkChangePriority(priority: string): void {
    this.requireStatus('change the priority', ['new', 'in-progress', 'awaiting-customer']);
    if (!this.policy.priorities.some((p) => p.id === priority)) {
      this.refusePolicy(`priority '${priority}' is not one of ${this.policy.priorities.map((p) => p.id).join(', ')}`);
    }
    if (priority === this.data.priority) this.refuse('change the priority', `it is already ${priority}`);
  }

  /**
   * Re-targets every clock from its original start with the new priority's target, keeping paused
   * time out. A deadline that is already past becomes one breach now, not one per missed interval.
   */
  changePriority(priority: string, at: number): void {
    this.checkChangePriority(priority);
    this.data.priority = priority;
    const cells = this.cellTargets(priority);
    for (const clock of this.data.clocks) {
      const cell = cells.get(clock.clock);
      cells.delete(clock.clock);
      if (!cell) {
        if (clock.status === 'running' || clock.status === 'paused' || clock.status === 'pending') {
          clock.status = 'stopped';
          clock.stoppedAt = at;
          clock.dueAt = null;
        }
        continue;
      }
      clock.target = cell.target;
      clock.calendarId = cell.calendarId;
      if (clock.status === 'stopped' && clock.startedAt === null) clock.status = 'pending';
      if (clock.status !== 'running' && clock.status !== 'paused') continue;
      const wasPaused = clock.status === 'paused';
      refreshDue(clock, this.calendar(clock), this.data.pauses, at);
      clock.warned = [];
      if (wasPaused) {
        clock.dueAt = null;
      } else if (clock.dueAt !== null && clock.dueAt <= at) {
        const missed = clock.dueAt;
        this.breach(clock, missed, at);
        // The cadence restarts now, not at the long-past deadline: one breach, not a storm.
        if (clock.clock === 'update') startClock(clock, this.calendar(clock), at);
      }
    }
    // Clocks the new priority adds that start at creation count from the opening.
    for (const [name, cell] of cells) {
      const clock = newClock(name, cell.target, cell.calendarId, PAUSABLE.has(name));
      this.data.clocks.push(clock);
      const started = (name === 'acknowledge' && this.data.status === 'new') || name === 'resolve';
      if (started) {
        startClock(clock, this.calendar(clock), this.data.openedAt);
        if (this.data.status === 'awaiting-customer' && clock.pausable) {
          clock.status = 'paused';
          clock.dueAt = null;
        } else {
          refreshDue(clock, this.calendar(clock), this.data.pauses, at);
          if (clock.dueAt !== null && clock.dueAt <= at) this.breach(clock, clock.dueAt, at);
        }
      } else if (name === 'update' && this.data.status === 'in-progress') {
        startClock(clock, this.calendar(clock), at);
      }
    }
    this.data.rcaRequired = this.rcaOwedFor(priority);
    this.event('priority-changed', at);
  }

  checkEscalate(): void {
    this.requireStatus('escalate', ['new', 'in-progress', 'awaiting-customer', 'resolved']);
    if (this.data.escalationLevel >= this.policy.escalation.levels.length) {
      this.refuse('escalate', `already at the highest escalation level, ${this.policy.escalation.levels.at(-1)?.name ?? 'none'}`);
    }
  }

  escalate(at: number, reason: string): void {
    this.checkEscalate();
    this.raiseEscalation(at, reason);
  }

  private raiseEscalation(at: number, reason: string): void {
    const next = this.policy.escalation.levels.find((l) => l.level === this.data.escalationLevel + 1);
    if (!next) return;
    this.data.escalationLevel = next.level;
    this.event('escalated', at);
    this.notify('escalation', at, `escalated to ${next.name}`, `The ticket was escalated to level ${next.level} (${next.name}): ${reason}.`, [
      ...next.contacts,
      ...this.policy.deskContacts,
    ]);
  }

  checkAssign(): void {
    this.requireStatus('assign', ['new', 'in-progress', 'awaiting-customer', 'resolved']);
  }

  assign(agent: string, at: number): void {
    this.checkAssign();
    const type = this.data.assignee === null ? 'assigned' : 'reassigned';
    this.data.assignee = agent;
    this.event(type, at);
  }

  checkDiagnosis(): void {
    this.requireStatus('record a diagnosis', ['in-progress', 'awaiting-customer']);
    if (this.clock('hardware-replacement')?.status === 'running') this.refuse('record a diagnosis', 'a replacement is already under way');
  }

  diagnosis(replacementRequired: boolean, at: number): void {
    this.checkDiagnosis();
    this.data.hardware = { diagnosedAt: at, replacementRequired, deliveredAt: null };
    const clock = this.clock('hardware-replacement');
    if (replacementRequired && clock) startClock(clock, this.calendar(clock), at);
    this.event('diagnosed', at);
  }

  checkPartsDelivered(): void {
    if (this.clock('hardware-replacement')?.status !== 'running' && !(this.data.hardware?.replacementRequired && this.data.hardware.deliveredAt === null)) {
      this.refuse('record a parts delivery', 'no hardware replacement is under way');
    }
  }

  partsDelivered(at: number): void {
    this.checkPartsDelivered();
    this.data.hardware!.deliveredAt = at;
    const clock = this.clock('hardware-replacement');
    if (clock) stopClock(clock, at);
    this.event('parts-delivered', at);
  }

  checkResolve(code: string, internal = false): void {
    this.requireStatus('resolve', ['new', 'in-progress', 'awaiting-customer']);
    const open = this.data.subIncidents.filter((s) => s.status === 'open');
    if (!internal && open.length > 0) this.refuse('resolve', `${open.length} sub-incident(s) still open`);
    const codes = this.policy.resolutionCodes;
    if (!internal && codes && !codes.includes(code)) this.refusePolicy(`resolution code '${code}' is not one of ${codes.join(', ')}`);
  }

  resolve(code: string, summary: string, at: number, internal = false): void {
    this.checkResolve(code, internal);
    if (this.data.status === 'new') this.firstResponse(at);
    if (this.data.status === 'awaiting-customer') {
      this.endWait(at);
      this.data.silence = null;
    }
    for (const clock of this.data.clocks) {
      if (clock.clock === 'acknowledge' || clock.clock === 'resolve') stopClock(clock, at);
      if (clock.clock === 'update' && (clock.status === 'running' || clock.status === 'paused')) {
        clock.status = 'stopped';
        clock.stoppedAt = at;
        clock.dueAt = null;
      }
      if (RCA_CLOCKS.includes(clock.clock) && this.data.rcaRequired && clock.startedAt === null) startClock(clock, this.calendar(clock), at);
    }
    this.data.resolution = { code, summary, at };
    this.setStatus('resolved', at);
    // A resolution asks the customer to confirm: the policy's silence rule closes it otherwise.
    const rule = this.policy.customerSilence;
    if (rule) this.data.silence = beginSilence(rule, this.planCalendar(rule.calendar), at);
    this.event('resolved', at);
    if (this.data.parentTicketId) this.outbox.push({ kind: 'parent-resolved' });
  }

  checkConfirm(): void {
    this.requireStatus('confirm the resolution', ['resolved']);
  }

  confirm(at: number): void {
    this.checkConfirm();
    this.close(at, 'customer', 'the customer confirmed the resolution');
  }

  checkClose(): void {
    if (this.data.status === 'closed') this.refuse('close');
  }

  closeByAgent(reason: string, at: number): void {
    this.checkClose();
    this.close(at, 'agent', reason);
  }

  private close(at: number, by: 'customer' | 'agent' | 'policy', reason: string): void {
    if (this.data.status === 'awaiting-customer') this.endWait(at);
    for (const clock of this.data.clocks) {
      if (RCA_CLOCKS.includes(clock.clock)) continue;
      if (clock.status === 'running' || clock.status === 'paused' || clock.status === 'pending') {
        clock.status = clock.status === 'pending' ? 'stopped' : clock.breaches.length > 0 && clock.clock !== 'update' ? 'breached' : 'stopped';
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
    if (by === 'policy') {
      this.notify('closure', at, 'ticket closed', `The ticket was closed: ${reason}. Reply to reopen it${this.data.reopenUntil ? ` until ${new Date(this.data.reopenUntil).toISOString()}` : ''}.`, this.data.customerContacts);
    }
    if (this.policy.surveyOnClose) {
      this.notify('survey', at, 'how did we do?', 'Your ticket is closed. Please tell us about your experience in a short satisfaction survey.', this.data.customerContacts);
    }
  }

  checkRca(stage: 'draft' | 'final'): void {
    if (!this.data.rcaRequired) this.refuse('deliver an RCA', `no RCA is owed for ${this.data.priority}`);
    this.requireStatus('deliver an RCA', ['resolved', 'closed']);
    const clock = this.clock(stage === 'draft' ? 'rca.draft' : 'rca.final');
    if (clock?.stoppedAt !== null && clock?.stoppedAt !== undefined) this.refuse('deliver an RCA', `the ${stage} was already delivered`);
  }

  deliverRca(stage: 'draft' | 'final', at: number): void {
    this.checkRca(stage);
    if (stage === 'draft') this.data.rcaDraftAt = at;
    else this.data.rcaFinalAt = at;
    // A final RCA also settles a draft that never came separately.
    for (const name of stage === 'final' ? RCA_CLOCKS : (['rca.draft'] as const)) {
      const clock = this.clock(name);
      if (clock && clock.stoppedAt === null) stopClock(clock, at);
    }
    this.event(`rca.${stage}-delivered`, at);
  }

  checkSplit(input: SplitInput): void {
    this.requireStatus('split into sub-incidents', ['new', 'in-progress', 'awaiting-customer']);
    if (input.incidents.length === 0) this.refusePolicy('a split needs at least one incident');
    for (const incident of input.incidents) {
      if (!this.policy.priorities.some((p) => p.id === incident.priority)) {
        this.refusePolicy(`priority '${incident.priority}' is not one of ${this.policy.priorities.map((p) => p.id).join(', ')}`);
      }
    }
  }

  /** Records the sub-incidents; the workflow starts their child workflows. Returns their ids. */
  split(input: SplitInput, at: number): string[] {
    this.checkSplit(input);
    const ids = input.incidents.map((incident, index) => {
      const ticketId = `${this.data.ticketId}-${this.data.subIncidents.length + index + 1}`;
      return { ticketId, subject: incident.subject, priority: incident.priority, status: 'open' as const };
    });
    this.data.subIncidents.push(...ids);
    if (this.data.status === 'new') this.firstResponse(at);
    this.event('split', at);
    return ids.map((s) => s.ticketId);
  }

  subIncidentResolved(ticketId: string, at: number): void {
    const sub = this.data.subIncidents.find((s) => s.ticketId === ticketId);
    if (!sub || sub.status === 'resolved') return;
    sub.status = 'resolved';
    this.event('sub-incident-resolved', at);
    const allResolved = this.data.subIncidents.every((s) => s.status === 'resolved');
    if (allResolved && ['new', 'in-progress', 'awaiting-customer'].includes(this.data.status)) {
      this.resolve('sub-incidents-resolved', `all ${this.data.subIncidents.length} sub-incidents resolved`, at, true);
    }
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
  private retryParked(parked: ParkedNotification, at: number): void {
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
    if (!this.features.durableNotifications) return false;
    if ((notification.kind !== 'warning' && notification.kind !== 'rca-due') || !notification.clock) return false;
    const clock = this.clock(notification.clock);
    if (!clock || (clock.status !== 'running' && clock.status !== 'paused')) return true;
    return notification.occurrence !== undefined && clock.occurrence !== notification.occurrence;
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


function dedupeContacts(contacts: Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = c.kind === 'email' ? `email:${c.address.toLowerCase()}` : `webhook:${c.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
