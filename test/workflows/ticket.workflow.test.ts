import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { TicketActivities, TicketEvent } from '../../workflows/ticket/activities.contract';
import {
  resolveUpdate,
  respondUpdate,
  stateConflictFailureType,
  stateQuery,
  ticketWorkflowId,
  type OpenTicketInput,
} from '../../workflows/ticket/contract';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import { createTimeSkippingEnvironment, workflowBundle } from '../helpers/time-skipping';

const minute = 60_000;

async function waitUntilQuiescent(handle: WorkflowHandle): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { raw, status } = await handle.describe();
    if (status.name !== 'RUNNING' || (!raw.pendingWorkflowTask && (raw.pendingActivities ?? []).length === 0)) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${handle.workflowId} still has tasks in flight`);
}
const day = 24 * 60 * minute;

describe('ticket workflow on the time-skipping server', () => {
  let env: TestWorkflowEnvironment;
  let events: TicketEvent[];
  let worker: Worker;
  let running: Promise<void>;
  let taskQueue: string;
  let ticketCounter = 0;

  beforeAll(async () => {
    env = await createTimeSkippingEnvironment();
  });

  afterAll(async () => {
    await env?.teardown();
  });

  beforeEach(async () => {
    events = [];
    const activities: TicketActivities = {
      async recordTicketEvent(event) {
        events.push(structuredClone(event));
      },
      async notify(notification) {
        return { notificationId: notification.notificationId, delivered: notification.recipients.length };
      },
    };
    taskQueue = `tickets-${expect.getState().currentTestName?.replace(/\W+/g, '-')}`;
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
    });
    running = worker.run();
  });

  // The test server skips time only while no task is outstanding, so a ticket left running on a
  // stopped worker's queue would stall every later test. Each ticket still running is ended here,
  // once its worker has finished what it was doing: the Java test server does not release its
  // time-skipping lock for a workflow task that was in flight when the workflow was terminated.
  const started: WorkflowHandle[] = [];
  afterEach(async () => {
    for (const handle of started.splice(0)) {
      await waitUntilQuiescent(handle);
      if ((await handle.describe()).status.name === 'RUNNING') await handle.terminate('test finished');
    }
    worker.shutdown();
    await running;
  });

  async function open(overrides: Partial<OpenTicketInput> = {}) {
    ticketCounter += 1;
    const input: OpenTicketInput = {
      ticketId: `t${ticketCounter}`,
      organisation: 'acme',
      subject: 'Backups fail',
      priority: 'P2',
      openedAt: new Date(await env.currentTimeMs()).toISOString(),
      acknowledgeWithinMinutes: 60,
      ...overrides,
    };
    const handle = await env.client.workflow.start(ticketWorkflow, {
      workflowId: ticketWorkflowId(input.ticketId),
      taskQueue,
      args: [input],
    });
    started.push(handle);
    return { handle, input };
  }

  it('sleeps through three simulated days and records the acknowledge breach at its deadline', async () => {
    const wallStart = Date.now();
    const simulatedStart = await env.currentTimeMs();
    const { handle, input } = await open({ acknowledgeWithinMinutes: 3 * 24 * 60 });

    await env.sleep('4 days');

    const state = await handle.query(stateQuery);
    const [acknowledge] = state.clocks;
    expect(acknowledge.status).toBe('breached');
    expect(acknowledge.dueAt).toBe(new Date(Date.parse(input.openedAt) + 3 * day).toISOString());
    expect(acknowledge.breachedAt).toBe(acknowledge.dueAt);
    expect(events.map((event) => event.type)).toEqual(['opened', 'acknowledge.breached']);
    // The timer woke the workflow at the deadline, not at the end of the 4-day sleep.
    const detectedAt = Date.parse(events[1].at);
    expect(detectedAt).toBeGreaterThanOrEqual(Date.parse(acknowledge.dueAt));
    expect(detectedAt - Date.parse(acknowledge.dueAt)).toBeLessThan(minute);
    expect((await env.currentTimeMs()) - simulatedStart).toBeGreaterThanOrEqual(4 * day);
    console.log(`4 simulated days took ${Date.now() - wallStart} ms of wall time`);

    // A late acknowledgement stops the clock but does not undo the breach.
    const late = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Sorry.' }] });
    expect(late.status).toBe('in-progress');
    expect(late.clocks[0].status).toBe('breached');
  });

  it('meets the acknowledge clock, resolves, and records each step once', async () => {
    const { handle } = await open({ acknowledgeWithinMinutes: 60 });
    await env.sleep('45 minutes');

    const acknowledged = await handle.executeUpdate(respondUpdate, {
      args: [{ kind: 'acknowledgement', body: 'Looking into it.' }],
    });
    expect(acknowledged.status).toBe('in-progress');
    expect(acknowledged.clocks[0]).toMatchObject({ status: 'met' });
    expect(Date.parse(acknowledged.clocks[0].stoppedAt!) - Date.parse(acknowledged.openedAt)).toBeGreaterThanOrEqual(
      45 * minute,
    );

    await env.sleep('2 days');
    const resolved = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'workaround', summary: 'Job off.' }] });
    expect(resolved.status).toBe('resolved');
    const result = await handle.result();
    expect(result.resolution).toMatchObject({ code: 'workaround', summary: 'Job off.' });
    expect(result.clocks[0].status).toBe('met');
    expect(events.map((event) => [event.sequence, event.type])).toEqual([
      [1, 'opened'],
      [2, 'acknowledged'],
      [3, 'resolved'],
    ]);
  });

  it('refuses actions the state does not allow, naming the state, and changes nothing', async () => {
    const { handle } = await open();

    const refusal = handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'x' }] });
    await expect(refusal).rejects.toBeInstanceOf(WorkflowUpdateFailedError);
    const failure = (await refusal.catch((error: WorkflowUpdateFailedError) => error.cause)) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure.type).toBe(stateConflictFailureType);
    expect(failure.message).toBe('cannot resolve: the ticket is new');
    expect(failure.details).toEqual([{ status: 'new' }]);

    await expect(
      handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'progress' }] }),
    ).rejects.toBeInstanceOf(WorkflowUpdateFailedError);

    const state = await handle.query(stateQuery);
    expect(state.status).toBe('new');
    expect(state.clocks[0].status).toBe('running');
    // Validators reject before anything is written to history: only the opening was recorded.
    expect(events.map((event) => event.type)).toEqual(['opened']);
  });
});
