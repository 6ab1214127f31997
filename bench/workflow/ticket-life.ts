import { createClockEffectsActivities } from '../../activities/clock-effects.activities';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker } from '@temporalio/worker';
import { DateTime } from 'luxon';
import { indexedValueTypes } from '../../infra/temporal/search-attributes';
import { ensureTestServer } from '../../infra/temporal/test-server';
import { presetDocument } from '../../policies/presets';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import type { TicketActivities } from '../../workflows/ticket/activities.contract';
import { respondUpdate, ticketWorkflowId, type OpenTicketInput } from '../../workflows/ticket/contract';
import { ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';

export interface TicketLifeOptions {
  days: number;
  /** Minutes between agent updates (the CLICK P1 cadence is hourly). */
  updateEvery: number;
}

export interface RunMeasure {
  runId: string;
  events: number;
  /** Wall time of `Worker.runReplayHistory` over this run's history, ms. */
  replayMs: number | null;
}

export interface TicketLife {
  policy: string;
  updates: number;
  simulatedDays: number;
  wallMs: number;
  runs: RunMeasure[];
}

const minute = 60_000;
const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (m: string) => console.error(m),
};

/** Activities that succeed at once: the benchmark measures the workflow, not PostgreSQL or SMTP. */
const writeAndDeliver: Pick<TicketActivities, 'recordTicketEvent' | 'notify'> = {
  recordTicketEvent: async () => undefined,
  notify: async (notification) => ({ notificationId: notification.notificationId, delivered: notification.recipients.length }),
};
const activities: TicketActivities = {
  ...writeAndDeliver,
  ...createClockEffectsActivities(writeAndDeliver),
  refreshPolicySnapshot: async ({ snapshot, at }) => resolvePolicySnapshot(snapshot.document, { at }),
};

/**
 * A SynchroNet CLICK P1 ticket on the time-skipping server for `days` simulated days with an agent
 * update every `updateEvery` minutes (the default continue-as-new threshold), then each run of its
 * chain: its event count and the time to replay it.
 */
export async function runTicketLife(options: TicketLifeOptions, log: (line: string) => void): Promise<TicketLife> {
  const env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: await ensureTestServer() } } });
  try {
    await env.connection.operatorService.addSearchAttributes({
      namespace: env.namespace ?? 'default',
      searchAttributes: indexedValueTypes(ticketSearchAttributes),
    });
    const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('../../workflows'), logger: quiet });
    const taskQueue = 'bench-tickets';
    const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle, activities });
    const started = Date.now();
    const runs = await worker.runUntil(async () => {
      // Monday 08:00 Chicago, a fixed instant so every run of the benchmark is the same ticket.
      const now = await env.currentTimeMs();
      let open = DateTime.fromMillis(now, { zone: 'America/Chicago' }).plus({ days: 1 }).startOf('day');
      while (open.weekday !== 1) open = open.plus({ days: 1 });
      open = open.set({ hour: 8 });
      await env.sleep(open.toMillis() - now);
      const document = presetDocument('synchronet-click');
      const input: OpenTicketInput = {
        ticketId: 'bench-90-day-p1',
        organisation: 'bench',
        subject: 'A long outage',
        plan: 'standard',
        priority: 'P1',
        openedAt: new Date(open.toMillis()).toISOString(),
        snapshot: resolvePolicySnapshot(document, { at: open.toMillis() }),
        customerContacts: [{ kind: 'email', address: 'it@bench.example' }],
      };
      const handle = await env.client.workflow.start(ticketWorkflow, { workflowId: ticketWorkflowId(input.ticketId), taskQueue, args: [input] });
      const firstRunId = handle.firstExecutionRunId;
      await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
      const updates = Math.floor((options.days * 24 * 60) / options.updateEvery);
      for (let i = 0; i < updates; i++) {
        await env.sleep((options.updateEvery - 1) * minute);
        await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: `Update ${i + 1}` }] });
        if ((i + 1) % 240 === 0) log(`${((i + 1) * options.updateEvery) / 1440} simulated days, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
      const measured: RunMeasure[] = [];
      let runId: string | undefined = firstRunId;
      while (runId) {
        const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
        measured.push({ runId, events: history.events?.length ?? 0, replayMs: null });
        runId = history.events?.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
      }
      await handle.terminate('benchmark finished');
      // Replay the largest run (a warm-up replay first, so the bundle load is not counted).
      const largest = measured.reduce((a, b) => (b.events > a.events ? b : a));
      const history = await env.client.workflow.getHandle(handle.workflowId, largest.runId).fetchHistory();
      await Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId);
      const replayStarted = performance.now();
      await Worker.runReplayHistory({ workflowBundle }, history, handle.workflowId);
      largest.replayMs = performance.now() - replayStarted;
      return { measured, updates };
    });
    return {
      policy: 'synchronet-click standard P1',
      updates: runs.updates,
      simulatedDays: options.days,
      wallMs: Date.now() - started,
      runs: runs.measured,
    };
  } finally {
    await env.teardown();
  }
}
