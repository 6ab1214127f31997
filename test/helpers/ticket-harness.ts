import type { WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { createClockEffectsActivities } from '../../activities/clock-effects.activities';
import type { Notification, TicketActivities, TicketEvent } from '../../workflows/ticket/activities.contract';
import { stateQuery, ticketWorkflowId, type OpenTicketInput, type TicketState } from '../../workflows/ticket/contract';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { presetSnapshot } from './policy-snapshots';
import { createTimeSkippingEnvironment, workflowBundle } from './time-skipping';

export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/**
 * Ticket workflows on the Java time-skipping server with in-memory activity doubles that record
 * every audit event and notification (the real ones are tested against PostgreSQL, SMTP and HTTP
 * elsewhere). `failNotifications` makes the notification target "down".
 */
export class TicketHarness {
  env!: TestWorkflowEnvironment;
  events: TicketEvent[] = [];
  notifications: Notification[] = [];
  failNotifications = false;
  failedAttempts = 0;
  /**
   * A finer fault than `failNotifications`: the failure a delivery attempt of this notification
   * ends in (its attempt number counted from 1), or undefined to deliver it.
   */
  notificationFault?: (notification: Notification, attempt: number) => ApplicationFailure | undefined;
  /** The failure an attempt to write this audit event ends in (attempts counted from 1 per ticket and sequence), or undefined to store it. */
  eventFault?: (event: TicketEvent, attempt: number) => Error | undefined;
  private readonly attemptsById = new Map<string, number>();
  private readonly eventAttempts = new Map<string, number>();
  private worker?: Worker;
  private running?: Promise<void>;
  private readonly started: WorkflowHandle[] = [];
  private counter = 0;
  readonly taskQueue = `tickets-${Math.random().toString(36).slice(2, 8)}`;

  readonly activities: TicketActivities = {
    recordTicketEvent: async (event) => {
      const key = `${event.ticketId}#${event.sequence}`;
      const attempt = (this.eventAttempts.get(key) ?? 0) + 1;
      this.eventAttempts.set(key, attempt);
      const fault = this.eventFault?.(event, attempt);
      if (fault) throw fault;
      this.events.push(structuredClone(event));
    },
    notify: async (notification) => {
      const attempt = (this.attemptsById.get(notification.notificationId) ?? 0) + 1;
      this.attemptsById.set(notification.notificationId, attempt);
      const fault = this.notificationFault?.(notification, attempt);
      if (fault) {
        this.failedAttempts += 1;
        throw fault;
      }
      if (this.failNotifications) {
        this.failedAttempts += 1;
        throw ApplicationFailure.retryable(`connect ECONNREFUSED 127.0.0.1:2525 (${notification.kind})`, 'DeliveryFailed');
      }
      this.notifications.push(structuredClone(notification));
      return { notificationId: notification.notificationId, delivered: notification.recipients.length };
    },
    // As the real activity: the mock write and delivery above, one after the other.
    recordClockEffects: (effects) => createClockEffectsActivities(this.activities).recordClockEffects(effects),
    // As the real activity: the ticket's own document (a custom policy keeps its rules), holidays resolved anew.
    refreshPolicySnapshot: async ({ snapshot, at }) => resolvePolicySnapshot(snapshot.document, { at }),
  };

  async setUp(): Promise<void> {
    this.env = await createTimeSkippingEnvironment();
    await this.startWorker();
  }

  async startWorker(): Promise<void> {
    this.worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: this.activities,
    });
    this.running = this.worker.run();
  }

  async stopWorker(): Promise<void> {
    this.worker?.shutdown();
    await this.running;
    this.worker = undefined;
  }

  /**
   * Ends the tickets a test left running, so their timers do not slow the simulated days of later
   * tests. Waits for quiescence first: the Java test server keeps its time-skipping lock for a
   * workflow task that was in flight when its workflow was terminated.
   */
  async endTickets(): Promise<void> {
    for (const handle of this.started.splice(0)) {
      if (this.worker) await waitUntilQuiescent(handle);
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test finished');
    }
  }

  async tearDown(): Promise<void> {
    await this.endTickets();
    await this.stopWorker();
    await this.env?.teardown();
  }

  now(): Promise<number> {
    return this.env.currentTimeMs();
  }

  /** Skips the server's clock forward to a local wall-clock instant in `zone` (must be ahead). */
  async skipTo(local: string, zone: string): Promise<number> {
    const target = DateTime.fromISO(local, { zone }).toMillis();
    const now = await this.now();
    if (target < now) throw new Error(`${local} ${zone} is in the test server's past`);
    await this.env.sleep(target - now);
    return target;
  }

  /** The next `weekday` (1 = Monday) at `time` local, at least a day ahead of the server's clock. */
  async skipToNext(weekday: number, time: string, zone: string): Promise<number> {
    const now = DateTime.fromMillis(await this.now(), { zone }).plus({ days: 1 });
    let date = now.startOf('day');
    while (date.weekday !== weekday) date = date.plus({ days: 1 });
    return this.skipTo(`${date.toISODate()}T${time}`, zone);
  }

  async open(policy: string, plan: string, priority: string, extra: Partial<OpenTicketInput> = {}) {
    this.counter += 1;
    const openedAt = await this.now();
    const input: OpenTicketInput = {
      ticketId: `${policy}-${this.counter}-${Math.random().toString(36).slice(2, 6)}`,
      organisation: 'acme',
      subject: 'Backups fail',
      plan,
      priority,
      openedAt: new Date(openedAt).toISOString(),
      snapshot: presetSnapshot(policy, openedAt),
      customerContacts: [{ kind: 'email', address: 'it@acme.example' }],
      ...extra,
    };
    const handle = await this.env.client.workflow.start(ticketWorkflow, {
      workflowId: ticketWorkflowId(input.ticketId),
      taskQueue: this.taskQueue,
      args: [input],
    });
    this.started.push(handle);
    return { handle, input, openedAt };
  }

  handle(ticketId: string): WorkflowHandle<typeof ticketWorkflow> {
    const handle = this.env.client.workflow.getHandle<typeof ticketWorkflow>(ticketWorkflowId(ticketId));
    this.started.push(handle);
    return handle;
  }

  /** Sleeps simulated time, then lets the ticket finish what fell due before asking its state. */
  async sleep(ms: number): Promise<void> {
    await this.env.sleep(ms);
  }

  async state(handle: WorkflowHandle): Promise<TicketState> {
    await waitUntilQuiescent(handle);
    // Remaining and overdue time measured to the server's clock, as the API measures them to its own.
    return handle.query(stateQuery, { asOf: iso(await this.now()) });
  }

  eventsOf(ticketId: string, type?: string): TicketEvent[] {
    return this.events.filter((e) => e.ticketId === ticketId && (type === undefined || e.type === type));
  }

  notificationsOf(ticketId: string, kind?: Notification['kind']): Notification[] {
    return this.notifications.filter((n) => n.ticketId === ticketId && (kind === undefined || n.kind === kind));
  }
}

/**
 * Waits until no workflow task or activity of the ticket is outstanding. The Java test server does
 * not report a pending workflow task in `describe`, and a ticket sends its notifications one after
 * another (each next one scheduled by the workflow task that the previous one's completion wakes),
 * so the history tells: quiescent once its last workflow task has completed and no activity waits.
 */
export async function waitUntilQuiescent(handle: WorkflowHandle): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt++) {
    const { raw, status } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    if (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0 && (await lastWorkflowTaskCompleted(handle))) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${handle.workflowId} still has tasks in flight`);
}

async function lastWorkflowTaskCompleted(handle: WorkflowHandle): Promise<boolean> {
  const { events } = await handle.fetchHistory();
  let scheduled = -1;
  let completed = -1;
  (events ?? []).forEach((event, index) => {
    if (event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED) scheduled = index;
    if (event.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) completed = index;
  });
  return completed > scheduled;
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const local = (isoLocal: string, zone: string): string => iso(DateTime.fromISO(isoLocal, { zone }).toMillis());

export const clockOf = (state: TicketState, name: string) => state.clocks.find((c) => c.clock === name)!;

/**
 * Scenario time in one zone. Actions land a few real milliseconds after the instant a test asks
 * for: `offsetFrom` measures that (and checks it is under a minute), `wallPlus` carries it into a
 * hand-worked wall-clock deadline (business time keeps the milliseconds).
 */
export function wallClock(zone: string) {
  return {
    wallPlus: (wall: string, offset: number): string => iso(Date.parse(local(wall, zone)) + offset),
    offsetFrom(at: string | number, wall: string): number {
      const offset = (typeof at === 'number' ? at : Date.parse(at)) - Date.parse(local(wall, zone));
      expect(offset).toBeGreaterThanOrEqual(0);
      expect(offset).toBeLessThan(minute);
      return offset;
    },
  };
}
