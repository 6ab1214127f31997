import type { WorkflowHandle } from '@temporalio/client';
import { Worker } from '@temporalio/worker';
import { closeUpdate, rcaUpdate, resolveUpdate, respondUpdate, retryNotificationSignal, type TicketState } from '../../../workflows/ticket/contract';
import { NotificationFailuresKey } from '../../../workflows/ticket/search-attributes';
import { notificationAttempts } from '../../../workflows/ticket/ticket.workflow';
import { day, hour, iso, minute, TicketHarness } from '../../helpers/ticket-harness';
import { workflowBundle } from '../../helpers/time-skipping';

const zone = 'America/Chicago';

// Faults around a SynchroNet CLICK P1 (24x7: acknowledge within 30 calendar minutes, hourly updates,
// warnings at 75%, escalation on every breach): a notification target that is down, and a worker
// that is down while deadlines pass.
describe('ticket workflow under faults', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(async () => {
    h.failNotifications = false;
    h.notificationFault = undefined;
    await h.endTickets();
  });
  afterAll(() => h.tearDown());

  it('a failing notification target: bounded retries with backoff, parked and counted, other clocks keep running, retryNotification delivers each once and withdraws the stale warnings', async () => {
    await h.skipToNext(6, '02:00', zone);
    h.failNotifications = true;
    h.failedAttempts = 0;
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');

    // 75% of 30 minutes = 22.5 min: the warning; 30 min: the breach, which also escalates to level 1.
    await h.sleep(35 * minute);
    let state = await h.state(handle);
    expect(state.clocks.find((c) => c.clock === 'acknowledge')!.breaches.map((b) => b.at)).toEqual([iso(openedAt + 30 * minute)]);
    const parked = state.parkedNotifications;
    expect(parked.map((p) => p.kind).sort()).toEqual(['breach', 'escalation', 'warning']);
    // Each one was tried exactly `notificationAttempts` times (5), no more.
    expect(h.failedAttempts).toBe(3 * notificationAttempts);
    for (const p of parked) {
      expect(p.attempts).toBe(notificationAttempts);
      expect(p.error).toContain('ECONNREFUSED');
    }
    // Backoff: 2 s, 4 s, 8 s, 16 s between the five attempts, so parked at least 30 s after the
    // instant it announces (the warning at 22 min 30 s).
    const warning = parked.find((p) => p.kind === 'warning')!;
    expect(Date.parse(warning.parkedAt) - (openedAt + 22.5 * minute)).toBeGreaterThanOrEqual(30_000);
    expect(state.notificationFailures).toBe(3);
    expect(h.notificationsOf(input.ticketId)).toHaveLength(0);
    expect(h.eventsOf(input.ticketId, 'notification.parked')).toHaveLength(3);
    let described = await handle.describe();
    expect(described.typedSearchAttributes.get(NotificationFailuresKey)).toBe(3);

    // Other clocks keep running: the update cadence starts on acknowledgement and its deadline
    // fires an hour later even though every notification is still failing.
    const acked = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Calling you back.' }] });
    const ackAt = Date.parse(acked.clocks.find((c) => c.clock === 'acknowledge')!.stoppedAt!);
    await h.sleep(hour + 5 * minute);
    state = await h.state(handle);
    const update = state.clocks.find((c) => c.clock === 'update')!;
    expect(update.breaches.map((b) => [b.dueAt, b.at])).toEqual([[iso(ackAt + hour), iso(ackAt + hour)]]);
    expect(update.warnings.map((w) => w.at)).toEqual([iso(ackAt + 45 * minute)]);
    // Update warning, update breach, escalation to level 2: three more parked.
    expect(state.parkedNotifications).toHaveLength(6);
    expect(state.notificationFailures).toBe(6);
    expect(state.escalationLevel).toBe(2);
    described = await handle.describe();
    expect(described.typedSearchAttributes.get(NotificationFailuresKey)).toBe(6);

    // Nothing parked for a relay that is down retries by itself: that waits for operations.
    expect(state.parkedNotifications.every((p) => p.autoRetryAt === null)).toBe(true);

    // The target is back: operations retry one, then all the others. The first is the
    // acknowledgement's 75% warning, whose clock has breached since: it is withdrawn, not sent late.
    h.failNotifications = false;
    const first = state.parkedNotifications[0];
    expect(first.kind).toBe('warning');
    await handle.signal(retryNotificationSignal, { notificationId: first.notificationId });
    state = await h.state(handle);
    expect(h.notificationsOf(input.ticketId)).toEqual([]);
    expect(h.eventsOf(input.ticketId, 'notification.withdrawn').map((e) => e.detail?.notificationId)).toEqual([first.notificationId]);
    expect(state.parkedNotifications.map((p) => p.notificationId)).not.toContain(first.notificationId);
    expect(state.parkedNotifications).toHaveLength(5);

    await handle.signal(retryNotificationSignal, {});
    state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(0);
    // Every failure is still counted (the Web UI's history), the search attribute counts what is parked.
    expect(state.notificationFailures).toBe(6);
    described = await handle.describe();
    expect(described.typedSearchAttributes.get(NotificationFailuresKey)).toBe(0);

    // A retry with nothing parked sends nothing; more time sends only new obligations.
    await handle.signal(retryNotificationSignal, {});
    await h.sleep(10 * minute);
    await h.state(handle);
    const delivered = h.notificationsOf(input.ticketId);
    const ids = delivered.map((n) => n.notificationId);
    expect(new Set(ids).size).toBe(ids.length);
    // In the order the ticket raised them, each escalation after the breach it escalates; the update
    // cadence's warning of its first interval is stale too (that interval breached): withdrawn.
    expect(delivered.map((n) => `${n.kind}:${n.clock ?? ''}`)).toEqual(['breach:acknowledge', 'escalation:', 'breach:update', 'escalation:']);
    expect(h.eventsOf(input.ticketId, 'notification.withdrawn')).toHaveLength(2);
    expect(h.eventsOf(input.ticketId, 'notification.retried')).toHaveLength(2);
  });
});

/**
 * Workers without a sticky cache: the Java test server never moves a task off a stopped worker's
 * sticky queue, so with one the next worker would never see the ticket again. Without it every task
 * goes to the shared queue, as it does on a real cluster once the sticky timeout expires.
 */
class RestartableHarness extends TicketHarness {
  override async startWorker(): Promise<void> {
    const worker = await Worker.create({
      connection: this.env.nativeConnection,
      taskQueue: this.taskQueue,
      workflowBundle: await workflowBundle(),
      activities: this.activities,
      maxCachedWorkflows: 0,
    });
    Object.assign(this, { worker, running: worker.run() });
  }
}

/**
 * Lets `ms` of server time pass while no worker runs. The test server stops skipping time as soon
 * as a timer schedules a workflow task (it holds a time lock until the task completes), so once the
 * clock stalls this releases that lock for the sleep and takes it back before a worker returns.
 */
async function sleepWithoutWorker(h: TicketHarness, ms: number): Promise<void> {
  const testService = h.env.connection.testService;
  if (!testService) throw new Error('a time-skipping test server is needed');
  const sleeping = h.sleep(ms);
  let last = await h.now();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    const now = await h.now();
    if (now - last < minute) break;
    last = now;
  }
  await testService.unlockTimeSkipping({});
  await sleeping;
  await testService.lockTimeSkipping({});
}

/** Asks the ticket's state until `ready` holds (the restarted worker catches up within seconds). */
async function stateWhen(h: TicketHarness, handle: WorkflowHandle, ready: (state: TicketState) => boolean): Promise<TicketState> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const state = await h.state(handle);
    if (ready(state)) return state;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${handle.workflowId} did not catch up after the restart`);
}

describe('ticket workflow when its worker dies', () => {
  const h = new RestartableHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('a worker stopped mid-wait: the next worker records the missed deadlines at their instants, not at the restart, and finishes the ticket', async () => {
    await h.skipToNext(2, '10:00', zone);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(10 * minute);
    const acked = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    const ackAt = Date.parse(acked.clocks.find((c) => c.clock === 'acknowledge')!.stoppedAt!);
    await h.state(handle);

    await h.stopWorker();
    // Two hourly deadlines pass while no worker runs.
    await sleepWithoutWorker(h, 2 * hour + 30 * minute);
    const restartedAt = await h.now();
    expect(restartedAt - ackAt).toBeGreaterThanOrEqual(2 * hour + 30 * minute);
    await h.startWorker();

    let state = await stateWhen(h, handle, (s) => s.clocks.find((c) => c.clock === 'update')!.breaches.length >= 2);
    const update = state.clocks.find((c) => c.clock === 'update')!;
    expect(update.breaches.map((b) => b.dueAt)).toEqual([iso(ackAt + hour), iso(ackAt + 2 * hour)]);
    expect(update.breaches.map((b) => b.at)).toEqual(update.breaches.map((b) => b.dueAt));
    expect(update.breaches.every((b) => Date.parse(b.at) < restartedAt)).toBe(true);
    expect(update.dueAt).toBe(iso(ackAt + 3 * hour));
    // Activities run side by side, so they arrive in any order: the sequence orders them. The
    // state can show the breaches before their audit activities have run: let them finish first.
    await h.state(handle);
    const breachEvents = h.eventsOf(input.ticketId, 'update.breached').sort((a, b) => a.sequence - b.sequence);
    expect(breachEvents.map((e) => e.at)).toEqual([iso(ackAt + hour), iso(ackAt + 2 * hour)]);
    expect(
      h
        .notificationsOf(input.ticketId, 'breach')
        .map((n) => n.at)
        .sort(),
    ).toEqual([iso(ackAt + hour), iso(ackAt + 2 * hour)]);

    // The new worker carries the ticket to its end: resolution, RCA, close, reopen window.
    state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Replaced the switch.' }] });
    expect(state.status).toBe('resolved');
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'final', body: 'Final RCA' }] });
    state = await handle.executeUpdate(closeUpdate, { args: [{ reason: 'done' }] });
    expect(state.status).toBe('closed');
    // CLICK keeps a closed ticket reopenable for 30 calendar days; after that the workflow ends.
    await h.sleep(30 * day + hour);
    const result = await handle.result();
    expect(result.status).toBe('closed');
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    const sequences = h
      .eventsOf(input.ticketId)
      .map((e) => e.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
  });
});
