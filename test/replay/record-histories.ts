import { mkdirSync } from 'node:fs';
import type { WorkflowHandle } from '@temporalio/client';
import {
  changePriorityUpdate,
  customerReplyUpdate,
  rcaUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
  retryNotificationSignal,
  splitUpdate,
  type TicketState,
} from '../../workflows/ticket/contract';
import { day, hour, minute, TicketHarness } from '../helpers/ticket-harness';
import { historiesDir, writeHistory } from './history-files';

/**
 * `npm run record-histories`: runs the scenarios below on the time-skipping server and writes each
 * workflow run's history to test/histories/ (committed), which `replay-histories.test.ts` replays
 * against the current workflow code. Run through Jest because ts-jest is how this repository runs
 * TypeScript without a build; it is not part of the suite (the file does not end in .test.ts).
 * Re-record only when a change is meant to be incompatible and old tickets are gone.
 */
const chicago = 'America/Chicago';

const clock = (state: TicketState, name: string) => state.clocks.find((c) => c.clock === name)!;

/** The runs of a continue-as-new chain, first to last. */
async function runChain(handle: WorkflowHandle, firstRunId: string): Promise<string[]> {
  const runs: string[] = [];
  let runId: string | undefined = firstRunId;
  while (runId) {
    runs.push(runId);
    const history = await handle.client.getHandle(handle.workflowId, runId).fetchHistory();
    const last = history.events?.at(-1);
    runId = last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return runs;
}

describe('record ticket workflow histories', () => {
  const h = new TicketHarness();
  beforeAll(async () => {
    mkdirSync(historiesDir, { recursive: true });
    await h.setUp();
  });
  afterEach(async () => {
    h.failNotifications = false;
    await h.endTickets();
  });
  afterAll(() => h.tearDown());

  const record = async (scenario: string, file: string, handle: WorkflowHandle) => {
    await h.state(handle);
    const { runId } = await handle.describe();
    const events = await writeHistory(scenario, file, handle, runId);
    console.log(`${file}: ${events} events`);
    return events;
  };

  it('CLICK P1: hourly updates missed three times, then resolved with its RCA', async () => {
    await h.skipToNext(6, '02:00', chicago);
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(20 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    await h.sleep(30 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'Still investigating.' }] });
    await h.sleep(3 * hour + 10 * minute);
    const state = await h.state(handle);
    expect(clock(state, 'update').breaches).toHaveLength(3);
    await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Failed over.' }] });
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Draft' }] });
    await record('CLICK P1 with three missed hourly updates, resolved, RCA draft', 'click-p1-missed-updates', handle);
  });

  it('Syneto: closed after 5 days of silence with two reminders', async () => {
    await h.skipToNext(1, '10:00', 'Europe/Rome');
    const { handle } = await h.open('syneto', 'pro', 'P3');
    await h.sleep(30 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which firmware?' }] });
    await h.sleep(5 * day + hour);
    const state = await h.state(handle);
    expect(state.status).toBe('closed');
    expect(state.awaitingCustomer).toBeNull();
    await record('Syneto pro P3 closed after 5 days without an answer, two reminders', 'syneto-silence-close', handle);
  });

  it('Tiered EU: a priority change mid-flight, with a customer wait in between', async () => {
    await h.skipToNext(2, '09:00', 'Europe/Berlin');
    const { handle } = await h.open('tiered-eu', 'gold', 'S3');
    await h.sleep(hour);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Received.' }] });
    await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Logs, please.' }] });
    await h.sleep(2 * hour);
    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Attached.' }] });
    await h.sleep(hour);
    const state = await handle.executeUpdate(changePriorityUpdate, { args: [{ priority: 'S1', reason: 'production down' }] });
    expect(state.priority).toBe('S1');
    await h.sleep(2 * day);
    await record('Tiered EU gold S3 → S1 after a customer wait', 'tiered-eu-priority-change', handle);
  });

  it('Alectrona: a case split into two sub-incidents, resolved when both are', async () => {
    await h.skipToNext(3, '10:00', 'Europe/Bucharest');
    const { handle, input } = await h.open('alectrona', 'standard', 'medium');
    await h.sleep(15 * minute);
    const split = await handle.executeUpdate(splitUpdate, {
      args: [{ incidents: [{ subject: 'Licence server down', priority: 'high' }, { subject: 'Report export slow', priority: 'low' }] }],
    });
    const children = split.subIncidents.map((s) => h.handle(s.ticketId));
    await h.sleep(hour);
    for (const child of children) {
      await h.state(child);
      await child.executeUpdate(resolveUpdate, { args: [{ code: 'solution', summary: 'Fixed.' }] });
      await h.sleep(30 * minute);
    }
    const state = await h.state(handle);
    expect(state.status).toBe('resolved');
    await record('Alectrona medium split into two sub-incidents (parent)', 'alectrona-split-parent', handle);
    await record('Alectrona sub-incident 1 of the split', 'alectrona-split-child-1', children[0]);
    await record('Alectrona sub-incident 2 of the split', 'alectrona-split-child-2', children[1]);
    expect(input.ticketId).toBeTruthy();
  });

  it('CLICK P1: notifications parked while the target is down, then retried by signal', async () => {
    await h.skipToNext(6, '02:00', chicago);
    h.failNotifications = true;
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(35 * minute);
    let state = await h.state(handle);
    expect(state.parkedNotifications.length).toBeGreaterThan(0);
    h.failNotifications = false;
    await handle.signal(retryNotificationSignal, {});
    state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(0);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Sorry, on it.' }] });
    await record('CLICK P1 with parked notifications retried by signal', 'click-p1-parked-retried', handle);
  });

  it('CLICK P1: a continue-as-new chain (maxHistoryEvents 200, hourly updates over two days)', async () => {
    await h.skipToNext(1, '08:00', chicago);
    const { handle } = await h.open('synchronet-click', 'standard', 'P1', { maxHistoryEvents: 200 });
    const { runId: firstRunId } = await handle.describe();
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    for (let i = 0; i < 48; i++) {
      await h.sleep(hour - 5 * minute);
      await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: `Update ${i + 1}` }] });
    }
    await h.state(handle);
    const runs = await runChain(handle, firstRunId);
    expect(runs.length).toBeGreaterThanOrEqual(3);
    for (const [index, runId] of runs.entries()) {
      const events = await writeHistory(`CLICK P1 continue-as-new chain, run ${index + 1} of ${runs.length}`, `click-p1-chain-run-${index + 1}`, handle, runId);
      console.log(`click-p1-chain-run-${index + 1}: ${events} events`);
    }
  });
});
