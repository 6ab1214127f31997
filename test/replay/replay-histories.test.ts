import { bundleWorkflowCode, Worker, type ReplayResult } from '@temporalio/worker';
import { DeterminismViolationError } from '@temporalio/workflow';
import { temporal } from '@temporalio/proto';
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
    ]) {
      expect(files).toContain(`${name}.json`);
    }
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
