import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
import {
  advanceBeforeActionPatch,
  boundedClockHistoryPatch,
  durableNotificationsPatch,
  leanWorkflowTasksPatch,
  oneLocalActivityPatch,
  renewHolidayHorizonPatch,
} from '../../workflows/ticket/ticket.workflow';
import { clockKinds } from '../../workflows/ticket/clock-kinds';
import { workflowBundle } from '../helpers/time-skipping';
import { readHistories } from './history-files';

/**
 * Replays every recorded history in test/histories/ (`npm run record-histories`) against the
 * current workflow bundle: a change to the ticket workflow that would break tickets already running
 * fails here, in CI, instead of in production.
 *
 * From now on, a change to the workflow's logic (ticket.workflow.ts, ticket.machine.ts and what they
 * call) that alters the commands a recorded history issued (timers, activities, search-attribute
 * upserts, child workflows, their order) must be guarded with `patched('<change-id>')` so that
 * running tickets keep the old path, and later removed with `deprecatePatch`. Re-record histories
 * only to add scenarios, never to make this test pass.
 */
const histories = readHistories();
const nextReplyClockPatch = clockKinds['next-reply'].patch!;

async function replay(bundle: Awaited<ReturnType<typeof workflowBundle>>, items: typeof histories): Promise<ReplayResult[]> {
  const results: ReplayResult[] = [];
  const replays = Worker.runReplayHistories(
    { workflowBundle: bundle },
    items.map(({ workflowId, history }) => ({ workflowId, history })),
  );
  for await (const result of replays) results.push(result);
  return results;
}

describe('recorded ticket histories replay against the current workflow', () => {
  it('has the recorded scenarios', () => {
    const files = histories.map((h) => h.file);
    for (const name of [
      'click-p1-missed-updates',
      'syneto-silence-close',
      'tiered-eu-priority-change',
      'alectrona-split-parent',
      'click-p1-parked-retried',
      'click-p1-chain-run-1',
      'click-p1-chain-run-2',
      // Generation 2: recorded on the patched workflow, with the scenarios of the workflow issue.
      'g2-click-p1-missed-updates',
      'g2-syneto-silence-close',
      'g2-tiered-eu-priority-change',
      'g2-alectrona-split-parent',
      'g2-alectrona-split-child-1',
      'g2-click-p1-parked-retried',
      'g2-click-p1-chain-run-1',
      'g2-click-p1-chain-run-2',
      'g2-syncro-soft-second-request-close',
      'g2-syncro-soft-reply-cancels-close',
      'g2-syncro-soft-dst-weekend-breach',
      'g2-click-p2-rca-draft-final',
      'g2-click-p3-reopened',
      'g2-syneto-mc-hardware',
      'g2-syneto-horizon-renewal-run-1',
      // Generation 3: the durable-notifications paths (auto retry, withdrawn warning, ordered escalation).
      'g3-click-p1-parked-retried',
      'g3-click-p1-notification-log-down',
      'g3-click-p1-notification-order',
      // The next-reply clock, on a policy that gives it a target.
      'g3-syneto-next-reply',
      // Generation 4: the lean-workflow-tasks paths (the clocks' audit writes as local activities, one handed over to an activity).
      'g4-click-p1-missed-updates',
      'g4-click-p1-notification-log-down',
      'g4-click-p1-notification-order',
      'g4-click-p1-audit-write-handed-over',
      // Generation 5: the one-local-activity paths (a deadline's writes and first deliveries in one local activity).
      'g5-click-p1-missed-updates',
      'g5-click-p1-notification-log-down',
      'g5-click-p1-notification-order',
      'g5-click-p1-audit-write-handed-over',
    ]) {
      expect(files).toContain(`${name}.json`);
    }
  });

  it('has histories that ran the patched paths (generation 2) beside ones that predate the patches', () => {
    const patchesOf = (history: temporal.api.history.v1.History): string[] =>
      history.events
        .filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_patch')
        .map((event) => {
          const payload = event.markerRecordedEventAttributes!.details!['patch-data'].payloads![0];
          return (JSON.parse(Buffer.from(payload.data!).toString('utf8')) as { id: string }).id;
        });
    const patched = new Set(histories.filter((h) => /^g\d-/.test(h.file)).flatMap((h) => patchesOf(h.history)));
    // continue-as-new-by-size is asked only once a run's history passes 2 MiB, which no recorded run does.
    for (const id of [
      boundedClockHistoryPatch,
      renewHolidayHorizonPatch,
      advanceBeforeActionPatch,
      durableNotificationsPatch,
      nextReplyClockPatch,
      leanWorkflowTasksPatch,
      oneLocalActivityPatch,
    ]) {
      expect(patched).toContain(id);
    }
    // The next-reply patch is asked only of tickets whose policy gives the clock a target.
    for (const h of histories) expect(patchesOf(h.history).includes(nextReplyClockPatch)).toBe(h.file.includes('next-reply'));
    // Generation 2 predates durable notifications: those tickets keep the old way of sending.
    for (const h of histories.filter((h) => h.file.startsWith('g2-'))) expect(patchesOf(h.history)).not.toContain(durableNotificationsPatch);
    for (const h of histories.filter((h) => /^g[345]-/.test(h.file))) expect(patchesOf(h.history)).toContain(durableNotificationsPatch);
    // Generation 3 predates lean workflow tasks (every audit write an activity); generations 4 and 5 run them.
    for (const h of histories.filter((h) => !/^g[45]-/.test(h.file))) expect(patchesOf(h.history)).not.toContain(leanWorkflowTasksPatch);
    for (const h of histories.filter((h) => /^g[45]-/.test(h.file))) expect(patchesOf(h.history)).toContain(leanWorkflowTasksPatch);
    // Generation 4 predates one local activity a deadline (a write and a delivery each their own); generation 5 runs it.
    for (const h of histories.filter((h) => !h.file.startsWith('g5-'))) expect(patchesOf(h.history)).not.toContain(oneLocalActivityPatch);
    for (const h of histories.filter((h) => h.file.startsWith('g5-'))) expect(patchesOf(h.history)).toContain(oneLocalActivityPatch);
    const first = histories.filter((h) => !/^g\d-/.test(h.file));
    expect(first.length).toBeGreaterThan(0);
    for (const h of first) expect(patchesOf(h.history)).toEqual([]);
  });

  it('replays every history without a determinism error', async () => {
    const results = await replay(await workflowBundle(), histories);
    expect(results).toHaveLength(histories.length);
    const failures = results
      .filter((result) => result.error !== undefined)
      .map((result) => `${histories.find((h) => h.workflowId === result.workflowId)?.scenario}: ${result.error?.message}`);
    expect(failures).toEqual([]);
  });

  it('fails replay of a workflow changed without patched()', async () => {
    const altered = await bundleWorkflowCode({ workflowsPath: require.resolve('./altered-workflow'), logger: quiet });
    const sample = histories.find((h) => h.file === 'click-p1-missed-updates.json')!;
    const [result] = await replay(altered, [sample]);
    expect(result.error).toBeInstanceOf(DeterminismViolationError);
  });

  it('fails replay of a history whose commands no longer match the code', async () => {
    const sample = histories.find((h) => h.file === 'click-p1-parked-retried.json')!;
    const history = temporal.api.history.v1.History.fromObject(temporal.api.history.v1.History.toObject(sample.history));
    const scheduled = history.events.find((event) => event.activityTaskScheduledEventAttributes)!;
    const original = scheduled.activityTaskScheduledEventAttributes!.activityType!.name;
    scheduled.activityTaskScheduledEventAttributes!.activityType!.name = 'sendFax';
    const [result] = await replay(await workflowBundle(), [{ ...sample, history }]);
    expect(original).not.toBe('sendFax');
    expect(result.error).toBeInstanceOf(DeterminismViolationError);
  });
});

const quiet = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (message: string) => console.error(message),
};
