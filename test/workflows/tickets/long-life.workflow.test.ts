import type { WorkflowHandle } from '@temporalio/client';
import type { PolicySnapshot } from '../../../workflows/policy';
import { presetDocument, resolvePolicySnapshot } from '../../../policies';
import { respondUpdate, type OpenTicketInput } from '../../../workflows/ticket/contract';
import { day, hour, iso, minute, TicketHarness } from '../../helpers/ticket-harness';

const zone = 'America/Chicago';
type History = Awaited<ReturnType<WorkflowHandle['fetchHistory']>>;
type HistoryEvent = NonNullable<History['events']>[number];

/** The runs of a ticket's continue-as-new chain, first to last, with their history lengths. */
async function runChain(handle: WorkflowHandle, firstRunId: string): Promise<Array<{ runId: string; events: number; input: OpenTicketInput }>> {
  const runs: Array<{ runId: string; events: number; input: OpenTicketInput }> = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    const history: History = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
    const events: HistoryEvent[] = history.events ?? [];
    const payload = events[0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
    const input = JSON.parse(Buffer.from(payload.data!).toString('utf8')) as OpenTicketInput;
    runs.push({ runId, events: events.length, input });
    runId = events.at(-1)?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

// SynchroNet CLICK P1 (hourly updates, 24x7) tickets that live long enough to continue as new.
describe('long-lived tickets', () => {
  const h = new TicketHarness();
  const refreshes: Array<{ at: number; horizon: PolicySnapshot['holidayHorizon'] }> = [];
  const refresh = h.activities.refreshPolicySnapshot;
  h.activities.refreshPolicySnapshot = async (request) => {
    const snapshot = await refresh(request);
    refreshes.push({ at: request.at, horizon: snapshot.holidayHorizon });
    return snapshot;
  };
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('continues as new every 200 events: no deadline lost or doubled, audit sequence contiguous, holidays re-resolved at each handover', async () => {
    await h.skipToNext(1, '08:00', zone);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P1', { maxHistoryEvents: 200 });
    const { runId: firstRunId } = await handle.describe();
    await h.sleep(10 * minute);
    const acked = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    const ackAt = Date.parse(acked.clocks.find((c) => c.clock === 'acknowledge')!.stoppedAt!);

    // Nobody updates for three days: each hour is one missed update, 72 in all.
    await h.sleep(3 * day + 20 * minute);
    const state = await h.state(handle);
    const runs = await runChain(handle, firstRunId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const run of runs) expect(run.events).toBeLessThan(260);

    const update = state.clocks.find((c) => c.clock === 'update')!;
    const expected = Array.from({ length: 72 }, (_, i) => iso(ackAt + (i + 1) * hour));
    // The state keeps the 20 most recent breaches and the count; the audit trail has all 72.
    expect(update.breachCount).toBe(72);
    expect(update.breaches.map((b) => b.dueAt)).toEqual(expected.slice(-20));
    expect(update.breaches.map((b) => b.at)).toEqual(expected.slice(-20));
    expect(
      h
        .eventsOf(input.ticketId, 'update.breached')
        .map((e) => e.at)
        .sort(),
    ).toEqual(expected);
    expect(update.dueAt).toBe(iso(ackAt + 73 * hour));
    // One breach notification per missed hour, none twice, whichever run sent it.
    const breachNotices = h.notificationsOf(input.ticketId, 'breach').filter((n) => n.clock === 'update');
    expect(breachNotices.map((n) => n.at).sort()).toEqual(expected);
    expect(new Set(h.notificationsOf(input.ticketId).map((n) => n.notificationId)).size).toBe(h.notificationsOf(input.ticketId).length);

    // The audit trail's sequence runs on across runs: 1..n, each once.
    const sequences = h
      .eventsOf(input.ticketId)
      .map((e) => e.sequence)
      .sort((a, b) => a - b);
    expect(sequences).toEqual(sequences.map((_, i) => i + 1));
    expect(sequences.at(-1)).toBe(state.sequence);
    expect(h.eventsOf(input.ticketId, 'update.breached')).toHaveLength(72);

    // Each handover re-resolved the policy's holidays from its own instant, and the next run
    // started on that snapshot.
    const mine = refreshes.filter((r) => r.at >= Date.parse(input.openedAt));
    expect(mine).toHaveLength(runs.length - 1);
    for (const [index, run] of runs.slice(1).entries()) {
      expect(run.input.snapshot.holidayHorizon).toEqual(mine[index].horizon);
      expect(run.input.carried).toBeDefined();
    }
    expect(mine.map((r) => r.at)).toEqual([...mine.map((r) => r.at)].sort((a, b) => a - b));
  });

  it('a quiet ticket renews its holidays a year before their horizon ends, though its history never grew', async () => {
    const tz = 'Europe/Rome';
    await h.skipToNext(1, '10:00', tz);
    const openedAt = await h.now();
    // A snapshot resolved two years ahead: the renewal is due one year from now.
    const snapshot = resolvePolicySnapshot(presetDocument('syneto'), { at: openedAt, horizonYears: 2 });
    const { handle, input } = await h.open('syneto', 'pro', 'P3', { snapshot });
    const { runId: firstRunId } = await handle.describe();
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Waiting for the next maintenance window.' }] });
    // Nothing of Syneto Pro P3 is due after the acknowledgement: only the horizon wakes the ticket.
    await h.sleep(400 * day);
    const state = await h.state(handle);
    expect(state.status).toBe('in-progress');
    const runs = await runChain(handle, firstRunId);
    expect(runs).toHaveLength(2);
    expect(runs[0].events).toBeLessThan(60);
    const renewAt = Date.parse(`${snapshot.holidayHorizon.to}T00:00:00Z`) - 365 * day;
    const mine = refreshes.filter((r) => r.at >= openedAt);
    expect(mine).toHaveLength(1);
    expect(mine[0].at).toBeGreaterThanOrEqual(renewAt);
    expect(mine[0].at).toBeLessThan(renewAt + minute);
    expect(runs[1].input.snapshot.holidayHorizon).toEqual(mine[0].horizon);
    // Resolved again from the renewal instant for the default three years.
    expect(Date.parse(mine[0].horizon.to)).toBeGreaterThan(renewAt + 3 * 365 * day - 2 * day);
    expect(h.eventsOf(input.ticketId).map((e) => e.sequence)).toEqual(h.eventsOf(input.ticketId).map((_, i) => i + 1));
  });

  // Three days are enough to cross the default 1,500-event handover; the full 90 days (2,160
  // updates, ~20 minutes of wall time) is the workflow section of `npm run bench`.
  it('a P1 with hourly agent updates stays under 2,000 events per run with the default threshold', async () => {
    await h.skipToNext(1, '08:00', zone);
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    const { runId: firstRunId } = await handle.describe();
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    for (let i = 0; i < 3 * 24; i++) {
      await h.sleep(hour - minute);
      await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: `Update ${i + 1}` }] });
    }
    const state = await h.state(handle);
    // Every update came in time: the cadence never breached.
    expect(state.clocks.find((c) => c.clock === 'update')!.breaches).toHaveLength(0);
    const runs = await runChain(handle, firstRunId);
    console.log(`3-day P1: ${runs.length} runs, events per run ${runs.map((r) => r.events).join(', ')}`);
    expect(runs.length).toBeGreaterThan(1);
    for (const run of runs) expect(run.events).toBeLessThanOrEqual(2000);
  }, 300_000);
});
