import {
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  patched,
  getExternalWorkflowHandle,
  isCancellation,
  ParentClosePolicy,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  sleep,
  startChild,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { clockNames, type ClockName, type PolicySnapshot } from '../policy';
import {
  notificationLogUnavailable,
  type ClockEffectsResult,
  type Notification,
  type TicketActivities,
  type TicketEvent,
} from './activities.contract';
import { clockKinds } from './clock-kinds';
import {
  assignUpdate,
  changePriorityUpdate,
  closeUpdate,
  confirmUpdate,
  customerReplyUpdate,
  diagnosisUpdate,
  escalateUpdate,
  parkedNotificationsQuery,
  partsDeliveredUpdate,
  policyRuleFailureType,
  rcaUpdate,
  reopenUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
  retryNotificationSignal,
  splitUpdate,
  stateConflictFailureType,
  stateQuery,
  subIncidentResolvedSignal,
  ticketWorkflowId,
  type OpenTicketInput,
  type TicketState,
} from './contract';
import {
  NextDeadlineKey,
  NotificationFailuresKey,
  OrganisationKey,
  SlaBreachedKey,
  TicketPlanKey,
  TicketPolicyKey,
  TicketPriorityKey,
  TicketStatusKey,
  AwaitingCustomerSinceKey,
} from './search-attributes';
import type { TicketData } from './ticket.data';
import { TicketMachine, TicketRefusal, type TicketFeatures } from './ticket.machine';
import { summaryMaxBytes, truncateUtf8 } from '../text/truncate-utf8';
import { currentDetails, ticketCycles, ticketState } from './ticket.view';

/** Audit and projection writes: retried until PostgreSQL takes them (they are idempotent). */
const { recordTicketEvent, refreshPolicySnapshot } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * The audit and projection write of what the clocks raise by themselves (a breach, a warning, a
 * reminder), run inside the workflow task that raised it (see `leanWorkflowTasksPatch`). One
 * attempt, bounded well inside the workflow task's timeout: when PostgreSQL does not take it, the
 * write is handed to `recordTicketEvent` above, which retries until it does. Not retried in the
 * task: the SDK's core (1.24) leaves each retried local activity attempt's timeout timer running,
 * and a stale one can time out a later attempt, or panic once the worker has shut down
 * (temporalio/sdk-rust#1454).
 */
const { recordTicketEvent: recordTicketEventInTask } = proxyLocalActivities<TicketActivities>({
  startToCloseTimeout: '3 seconds',
  retry: { maximumAttempts: 1 },
});

/** Attempts of a notification before it is parked for operations to retry. */
export const notificationAttempts = 5;
const { notify } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: notificationAttempts },
});

/**
 * A notification the clocks raised that nothing can withdraw (a breach, an escalation, a reminder)
 * makes its first attempt inside the workflow task that raised it (see `leanWorkflowTasksPatch`),
 * bounded well inside the task's timeout. When it fails, the other attempts are `notify`'s, on the
 * same schedule (the second 2 s after the first, then 4, 8 and 16 s later): five in all.
 */
const { notify: notifyInTask } = proxyLocalActivities<TicketActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});
/**
 * The audit writes of what a deadline raised and the first attempt of its notifications, in one
 * local activity (see `oneLocalActivityPatch`), bounded like `notifyInTask`: what it did not get
 * done is handed to the activities, which retry.
 */
const { recordClockEffects: recordClockEffectsInTask } = proxyLocalActivities<TicketActivities>({
  startToCloseTimeout: '5 seconds',
  retry: { maximumAttempts: 1 },
});
const secondAttemptDelayMs = 2_000;
const { notify: notifyAfterFirstAttempt } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '4 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds', maximumAttempts: notificationAttempts - 1 },
});

const DEFAULT_MAX_HISTORY_EVENTS = 1500;

/** Patch ids of workflow changes made after histories existed (see test/replay). */
export const advanceBeforeActionPatch = 'advance-before-action';
export const continueAsNewBySizePatch = 'continue-as-new-by-size';
export const boundedClockHistoryPatch = 'bounded-clock-history';
export const renewHolidayHorizonPatch = 'renew-holiday-horizon';
export const boundedChildSummaryPatch = 'bounded-child-summary';
export const durableNotificationsPatch = 'durable-notifications';
/**
 * Fewer workflow tasks a deadline (a storm of deadlines on one instant is a queue of them, see
 * docs/benchmarks.md, "storm"): the audit write of what the clocks raise, and the first attempt of
 * their notifications, are local activities in the task that raised them, not activities whose
 * completions cost a task each; and a write or a delivery that completes wakes the ticket's loop
 * only when it left the machine something to do.
 */
export const leanWorkflowTasksPatch = 'lean-workflow-tasks';
/**
 * One local activity a deadline instead of two: the audit write and the first attempt of the
 * notifications it raised run together (`recordClockEffects`), so the task a deadline wakes is
 * activated twice, not three times (docs/benchmarks.md, "storm").
 */
export const oneLocalActivityPatch = 'one-local-activity';

/**
 * Holidays are concrete dates up to the snapshot's horizon (3 years by default): a ticket still
 * open a year before that end continues as new, which resolves them again, even if it has been
 * quiet all along and never grew its history.
 */
const HORIZON_RENEWAL_LEAD_MS = 365 * 24 * 60 * 60 * 1000;

const DEFAULT_MAX_HISTORY_BYTES = 2 * 1024 * 1024;

function toFailure(error: unknown): unknown {
  if (!(error instanceof TicketRefusal)) return error;
  return ApplicationFailure.create({
    type: error.kind === 'state' ? stateConflictFailureType : policyRuleFailureType,
    message: error.message,
    details: [{ status: error.status }],
    nonRetryable: true,
  });
}

/** Whether any cell of the ticket's policy gives `clock` a target. */
function hasTargetFor(snapshot: PolicySnapshot, clock: ClockName): boolean {
  return Object.values(snapshot.document.targets).some((row) => Object.values(row).some((cell) => cell[clock] !== undefined));
}

/** Runs a validator; a refusal goes back to the caller as a typed failure naming the state. */
function guard(check: () => void): void {
  try {
    check();
  } catch (error) {
    throw toFailure(error);
  }
}

/** The `type` of the innermost ApplicationFailure behind an activity's failure. */
function failureType(error: unknown): string | undefined {
  let type: string | undefined;
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    if (current instanceof ApplicationFailure && current.type) type = current.type;
  }
  return type;
}

function failureMessage(error: unknown): string {
  let current: unknown = error;
  // ActivityFailure wraps the activity's own ApplicationFailure: the cause says what went wrong.
  while (current instanceof Error && current.cause instanceof Error) current = current.cause;
  return current instanceof Error ? current.message : String(error);
}

/**
 * One support ticket for its whole life. The SLA lives in `TicketMachine` as data; this function
 * is the Temporal shell around it: handlers feed it actions, a single
 * `condition(changed, untilNextDue)` sleeps until the next thing falls due (the updatable-timer
 * pattern), and the machine's effects become activities — audit writes, and notifications that
 * are parked, never dropped, when their target stays down.
 */
export async function ticketWorkflow(input: OpenTicketInput): Promise<TicketState> {
  // In the order the workflow has always asked them: patch markers are commands.
  const features: TicketFeatures = {
    durableNotifications: patched(durableNotificationsPatch),
    boundedClockHistory: patched(boundedClockHistoryPatch),
  };
  const lean = patched(leanWorkflowTasksPatch);
  const oneLocalActivity = lean && patched(oneLocalActivityPatch);
  // A clock kind added later is asked of its patch only where the policy gives that clock a target.
  const clocksLeftOut = clockNames.filter((clock) => {
    const patch = clockKinds[clock].patch;
    return patch !== undefined && hasTargetFor(input.snapshot, clock) && !patched(patch);
  });
  if (clocksLeftOut.length > 0) features.clocksLeftOut = clocksLeftOut;
  const machine = input.carried
    ? new TicketMachine(input.snapshot, input.carried.data as TicketData, features)
    : TicketMachine.open(input, Date.now(), features);
  const data = machine.data;
  let changed = false;
  let inFlight = 0;

  const track = (promise: Promise<unknown>): void => {
    inFlight += 1;
    void promise.finally(() => {
      inFlight -= 1;
      // A write or delivery that completed changes nothing by itself; a parked or withdrawn
      // notification queues an event, and a finished ticket may end once nothing is in flight.
      if (!lean || machine.outbox.length > 0 || machine.finished()) changed = true;
    });
  };

  // Notifications in flight, by id, with the scope that cancels one whose news went stale.
  const sending = new Map<string, { notification: Notification; scope: CancellationScope }>();
  // The ticket's notifications go out one at a time, in the order it raised them: the escalation a
  // breach raises is sent after that breach, never before it.
  let lastSent: Promise<void> = Promise.resolve();
  // Notifications raised and not yet delivered, parked or withdrawn.
  let deliveriesQueued = 0;

  /**
   * Where a notification's first attempt runs: in an activity (with its retries), in this workflow
   * task (a local activity, the others as an activity), or already made in this task by
   * `recordClockEffects`, which failed (the others as an activity).
   */
  type FirstAttempt = 'activity' | 'in-task' | 'made-in-task';
  /** A notification the clocks raised, with the automatic-retry round it belongs to (0 for its first sending). */
  type Raised = { notification: Notification; round: number };

  const attempt = async (notification: Notification, first: FirstAttempt): Promise<void> => {
    if (first === 'activity') {
      await notify(notification);
      return;
    }
    if (first === 'in-task') {
      try {
        await notifyInTask(notification);
        return;
      } catch {
        // Whatever failed, the delivery log keeps the recipients served so far; the rest is the activity's.
      }
    }
    await sleep(secondAttemptDelayMs);
    await notifyAfterFirstAttempt(notification);
  };

  const deliver = async (notification: Notification, round: number, first: FirstAttempt): Promise<void> => {
    try {
      // Waiting its turn, the warning's clock may have been met or breached.
      if (machine.isStale(notification)) return machine.withdraw(notification, Date.now());
      if (!machine.mayGoStale(notification)) {
        // Nothing will cancel it: no scope of its own (one is a dozen promises, each with a stack trace taken by the SDK).
        try {
          await attempt(notification, first);
        } catch (error) {
          const logUnavailable = failureType(error) === notificationLogUnavailable;
          machine.park(notification, failureMessage(error), notificationAttempts, Date.now(), { logUnavailable, round });
        }
        return;
      }
      const scope = new CancellationScope();
      sending.set(notification.notificationId, { notification, scope });
      try {
        await scope.run(() => notify(notification));
      } catch (error) {
        if (isCancellation(error)) return machine.withdraw(notification, Date.now());
        const logUnavailable = failureType(error) === notificationLogUnavailable;
        machine.park(notification, failureMessage(error), notificationAttempts, Date.now(), { logUnavailable, round });
      } finally {
        sending.delete(notification.notificationId);
      }
    } finally {
      deliveriesQueued -= 1;
    }
  };

  /** `inTask`: raised by the clocks in the main loop, so its first attempt may run inside this task (see `drain`). */
  const send = (notification: Notification, round = 0, inTask = false): void => {
    if (!features.durableNotifications) {
      track(
        notify(notification).catch((error: unknown) => {
          machine.park(notification, failureMessage(error), notificationAttempts, Date.now());
        }),
      );
      return;
    }
    deliveriesQueued += 1;
    const delivery = lastSent.then(() => deliver(notification, round, inTask && lean ? 'in-task' : 'activity'));
    lastSent = delivery;
    track(delivery);
  };

  /**
   * What the clocks raised in this task, in one local activity (see `oneLocalActivityPatch`): the
   * audit events, and the first attempt of the notifications that lead the ticket's queue. What it
   * did not get done goes on as before: the writes to `recordTicketEvent`, the first notification
   * it did not deliver to its later attempts, the ones after it to `notify`.
   */
  const recordAndSendInTask = (events: TicketEvent[], firstAttempts: Raised[]): void => {
    deliveriesQueued += firstAttempts.length;
    // One continuation for both hand-overs: every promise a workflow makes costs a stack trace (the SDK's promise hook).
    const handOver = async ({ recorded, delivered }: ClockEffectsResult): Promise<void> => {
      for (const event of events.slice(recorded)) track(recordTicketEvent(event));
      deliveriesQueued -= Math.min(delivered, firstAttempts.length);
      for (const [index, { notification, round }] of firstAttempts.entries()) {
        if (index >= delivered) await deliver(notification, round, index === delivered ? 'made-in-task' : 'activity');
      }
    };
    const done = recordClockEffectsInTask({ events, notifications: firstAttempts.map(({ notification }) => notification) }).then(handOver, () =>
      handOver({ recorded: 0, delivered: 0 }),
    );
    // The ticket's later notifications queue behind these.
    if (firstAttempts.length > 0) lastSent = done;
    track(done);
  };

  /** Cancels the delivery of warnings whose clock was met or breached while they were being tried. */
  const withdrawStale = (): void => {
    for (const { notification, scope } of sending.values()) if (machine.isStale(notification)) scope.cancel();
  };

  const lastAttributes = new Map<string, unknown>();
  const reflect = (state: TicketState): void => {
    const nextDeadline = data.clocks
      .filter((c) => c.status === 'running' && c.dueAt !== null && c.target?.commitment === 'committed')
      .reduce<number | null>((min, c) => (min === null || c.dueAt! < min ? c.dueAt! : min), null);
    const wanted: SearchAttributeUpdatePair[] = [
      { key: TicketStatusKey, value: state.status },
      { key: TicketPriorityKey, value: state.priority },
      { key: TicketPolicyKey, value: state.policy },
      { key: TicketPlanKey, value: state.plan },
      { key: OrganisationKey, value: state.organisation },
      { key: SlaBreachedKey, value: state.slaBreached },
      { key: NotificationFailuresKey, value: data.parked.length },
      { key: NextDeadlineKey, value: nextDeadline === null ? null : new Date(nextDeadline) },
      { key: AwaitingCustomerSinceKey, value: data.status === 'awaiting-customer' ? new Date(data.statusSince) : null },
    ];
    // Only what changed: every upsert is an event in the history.
    const changes = wanted.filter((pair) => {
      const value = pair.value instanceof Date ? pair.value.getTime() : pair.value;
      if (lastAttributes.get(pair.key.name) === value) return false;
      lastAttributes.set(pair.key.name, value);
      return true;
    });
    if (changes.length) upsertSearchAttributes(changes);
    setCurrentDetails(currentDetails(state));
  };

  /**
   * Turns the machine's effects into activities. `inTask`: the effects were raised by the clocks in
   * the main loop, so their audit writes and the first attempt of their notifications may run inside
   * this workflow task (local activities); an action's are always activities, so that its answer
   * never waits for PostgreSQL or a mail relay.
   */
  const drain = (inTask = false): void => {
    const effects = machine.outbox.splice(0);
    const state = ticketState(machine, Date.now());
    // Activity inputs are not compared on replay: the cycles change no command.
    const cycles = effects.some((effect) => effect.kind === 'event') ? ticketCycles(machine, Date.now()) : [];
    // With `oneLocalActivity`, what the clocks raised goes into one local activity: the events, and
    // the leading notifications nothing can withdraw when none of the ticket's is still on its way.
    const together = inTask && oneLocalActivity && features.durableNotifications;
    const events: TicketEvent[] = [];
    const firstAttempts: Raised[] = [];
    const after: Raised[] = [];
    for (const effect of effects) {
      if (effect.kind === 'event') {
        const event = {
          ticketId: data.ticketId,
          sequence: effect.sequence,
          type: effect.type,
          at: new Date(effect.at).toISOString(),
          state,
          cycles,
          ...(effect.detail ? { detail: effect.detail } : {}),
        };
        if (together) events.push(event);
        else track(inTask && lean ? recordTicketEventInTask(event).catch(() => recordTicketEvent(event)) : recordTicketEvent(event));
      } else if (effect.kind === 'notify') {
        const leads = together && after.length === 0 && deliveriesQueued === 0 && !machine.mayGoStale(effect.notification);
        if (leads) firstAttempts.push({ notification: effect.notification, round: effect.round ?? 0 });
        else if (together) after.push({ notification: effect.notification, round: effect.round ?? 0 });
        else send(effect.notification, effect.round, inTask);
      } else if (effect.kind === 'parent-resolved' && data.parentTicketId) {
        track(getExternalWorkflowHandle(ticketWorkflowId(data.parentTicketId)).signal(subIncidentResolvedSignal, { ticketId: data.ticketId }));
      }
    }
    if (events.length > 0 || firstAttempts.length > 0) recordAndSendInTask(events, firstAttempts);
    for (const { notification, round } of after) send(notification, round, inTask);
    reflect(state);
    withdrawStale();
  };

  /**
   * Runs an action on the machine and answers with the ticket's state. `input` (what the caller
   * sent) goes with the first event the action causes, into the audit trail.
   */
  const act = (action: (now: number) => void, input?: object): TicketState => {
    const now = Date.now();
    // An action that reaches the workflow after a deadline passed (the worker was down or behind)
    // comes after that deadline: what fell due first counts first, at its own instant, so a late
    // acknowledgement cannot erase the breach. Patched: histories recorded before it replay as they ran.
    if (patched(advanceBeforeActionPatch)) machine.advance(now);
    const mark = machine.outbox.length;
    try {
      action(now);
    } catch (error) {
      throw toFailure(error);
    }
    const caused = machine.outbox.slice(mark).find((effect) => effect.kind === 'event');
    if (caused?.kind === 'event' && input && Object.keys(input).length > 0) caused.detail = { ...input };
    changed = true;
    drain();
    return ticketState(machine, Date.now());
  };

  setHandler(parkedNotificationsQuery, () =>
    data.parked.map((p) => ({
      notification: p.notification,
      error: p.error,
      parkedAt: new Date(p.parkedAt).toISOString(),
      attempts: p.attempts,
      autoRetryAt: p.autoRetry ? new Date(p.autoRetry.at).toISOString() : null,
    })),
  );
  setHandler(stateQuery, (request) => {
    const asOf = request?.asOf === undefined ? Number.NaN : Date.parse(request.asOf);
    return ticketState(machine, Number.isFinite(asOf) ? Math.max(asOf, Date.now()) : Date.now());
  });
  setHandler(respondUpdate, (input) => act((now) => machine.respond(input.kind, now), input), {
    validator: ({ kind }) => guard(() => machine.checkRespond(kind)),
  });
  setHandler(requestInfoUpdate, (input) => act((now) => machine.requestInfo(now), input), {
    validator: (_request) => guard(() => machine.checkRequestInfo()),
  });
  setHandler(customerReplyUpdate, (input) => act((now) => machine.customerReply(now), input), {
    validator: (_reply) => guard(() => machine.checkCustomerReply()),
  });
  setHandler(changePriorityUpdate, (input) => act((now) => machine.changePriority(input.priority, now), input), {
    validator: ({ priority }) => guard(() => machine.checkChangePriority(priority)),
  });
  setHandler(escalateUpdate, (input) => act((now) => machine.escalate(now, input.reason), input), {
    validator: (_input) => guard(() => machine.checkEscalate()),
  });
  setHandler(assignUpdate, (input) => act((now) => machine.assign(input.agent, now), input), {
    validator: (_input) => guard(() => machine.checkAssign()),
  });
  setHandler(diagnosisUpdate, (input) => act((now) => machine.diagnosis(input.replacementRequired, now), input), {
    validator: (_input) => guard(() => machine.checkDiagnosis()),
  });
  setHandler(partsDeliveredUpdate, (input) => act((now) => machine.partsDelivered(now), input), {
    validator: (_input) => guard(() => machine.checkPartsDelivered()),
  });
  setHandler(resolveUpdate, (input) => act((now) => machine.resolve(input.code, input.summary, now), input), {
    validator: ({ code }) => guard(() => machine.checkResolve(code)),
  });
  setHandler(confirmUpdate, (input) => act((now) => machine.confirm(now), input), {
    validator: (_input) => guard(() => machine.checkConfirm()),
  });
  setHandler(closeUpdate, (input) => act((now) => machine.closeByAgent(input.reason, now), input), {
    validator: (_input) => guard(() => machine.checkClose()),
  });
  setHandler(reopenUpdate, (input) => act((now) => machine.reopen(now, input.reason), input), {
    validator: (_input) => guard(() => machine.checkReopen()),
  });
  setHandler(rcaUpdate, (input) => act((now) => machine.deliverRca(input.stage, now), input), {
    validator: ({ stage }) => guard(() => machine.checkRca(stage)),
  });
  setHandler(
    splitUpdate,
    async (split) => {
      let childIds: string[] = [];
      act((now) => {
        childIds = machine.split(split, now);
      }, split);
      // Each sub-incident is a ticket of its own, with its own priority and SLA clocks.
      const boundSummary = patched(boundedChildSummaryPatch);
      await Promise.all(
        childIds.map((childId, index) => {
          const incident = split.incidents[index];
          const summary = `${incident.priority} · ${data.organisation} · sub-incident of ${data.ticketId}: ${incident.subject}`;
          return startChild(ticketWorkflow, {
            workflowId: ticketWorkflowId(childId),
            parentClosePolicy: ParentClosePolicy.ABANDON,
            staticSummary: boundSummary ? truncateUtf8(summary, summaryMaxBytes) : summary,
            typedSearchAttributes: [
              { key: TicketStatusKey, value: 'new' },
              { key: TicketPriorityKey, value: incident.priority },
              { key: TicketPolicyKey, value: machine.snapshot.document.id },
              { key: TicketPlanKey, value: data.plan },
              { key: OrganisationKey, value: data.organisation },
            ],
            args: [
              {
                ticketId: childId,
                organisation: data.organisation,
                subject: incident.subject,
                description: incident.description,
                plan: data.plan,
                priority: incident.priority,
                openedAt: new Date().toISOString(),
                snapshot: machine.snapshot,
                customerContacts: data.customerContacts,
                overQuota: data.overQuota,
                parentTicketId: data.ticketId,
                maxHistoryEvents: input.maxHistoryEvents,
              },
            ],
          });
        }),
      );
      return ticketState(machine, Date.now());
    },
    { validator: (split) => guard(() => machine.checkSplit(split)) },
  );
  setHandler(retryNotificationSignal, ({ notificationId }) => {
    for (const notification of machine.unpark(notificationId, Date.now())) send(notification);
    changed = true;
    drain();
  });
  setHandler(subIncidentResolvedSignal, ({ ticketId }) => {
    act((now) => machine.subIncidentResolved(ticketId, now));
  });

  drain();
  const maxHistory = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const quiet = (): boolean => inFlight === 0 && allHandlersFinished();
  for (;;) {
    machine.advance(Date.now());
    drain(true);
    if (machine.finished() && data.parked.length === 0 && quiet()) break;

    const info = workflowInfo();
    // Events carry the ticket's state, so a run is also bounded in bytes: every run's history stays
    // small enough to fetch, inspect and replay in one message (gRPC's default limit is 4 MB).
    const tooLarge = info.historySize >= (input.maxHistoryBytes ?? DEFAULT_MAX_HISTORY_BYTES) && patched(continueAsNewBySizePatch);
    const renewHorizonAt = patched(renewHolidayHorizonPatch)
      ? Date.parse(`${machine.snapshot.holidayHorizon.to}T00:00:00Z`) - HORIZON_RENEWAL_LEAD_MS
      : null;
    const horizonEnding = renewHorizonAt !== null && Date.now() >= renewHorizonAt;
    if (info.continueAsNewSuggested || info.historyLength >= maxHistory || tooLarge || horizonEnding) {
      // Hand over between events only: no update half-answered, no activity in flight.
      await condition(quiet);
      machine.advance(Date.now());
      drain();
      if (quiet()) {
        const snapshot = await refreshPolicySnapshot({ snapshot: machine.snapshot, at: Date.now() });
        // An update or signal taken while the snapshot was fetched has started writes of its own
        // (its handler drained them into activities): they finish in this run (the loop comes back
        // here), so no audit event or notification is cut off by the handover.
        if (quiet()) {
          return continueAsNew<typeof ticketWorkflow>({ ...input, snapshot, carried: { data } });
        }
      }
      continue;
    }

    changed = false;
    let next = machine.nextDueAt();
    if (renewHorizonAt !== null && (next === null || renewHorizonAt < next.at)) {
      next = { at: renewHorizonAt, what: 'renewal of the holiday horizon' };
    }
    if (next === null) {
      await condition(() => changed);
    } else {
      await condition(() => changed, Math.max(1, next.at - Date.now()), { summary: `${next.what} at ${new Date(next.at).toISOString()}` });
    }
  }
  return ticketState(machine, Date.now());
}
