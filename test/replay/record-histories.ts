import { mkdirSync } from 'node:fs';
import { DateTime } from 'luxon';
import type { WorkflowHandle } from '@temporalio/client';
import { presetDocument, resolvePolicySnapshot } from '../../policies';
import {
  changePriorityUpdate,
  closeUpdate,
  confirmUpdate,
  customerReplyUpdate,
  diagnosisUpdate,
  partsDeliveredUpdate,
  rcaUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
  retryNotificationSignal,
  splitUpdate,
  type TicketState,
} from '../../workflows/ticket/contract';
import { ApplicationFailure } from '@temporalio/common';
import { notificationLogUnavailable } from '../../workflows/ticket/activities.contract';
import { notificationAttempts } from '../../workflows/ticket/ticket.workflow';
import { day, hour, minute, TicketHarness } from '../helpers/ticket-harness';
import { historiesDir, writeHistory } from './history-files';

/**
 * `npm run record-histories`: runs the scenarios below on the time-skipping server and writes each
 * workflow run's history to test/histories/ (committed), which `replay-histories.test.ts` replays
 * against the current workflow code. Run through Jest because ts-jest is how this repository runs
 * TypeScript without a build; it is not part of the suite (the file does not end in .test.ts).
 * Recorded files are never overwritten (`writeHistory` refuses): the files of an earlier generation
 * stay, because they prove that tickets started on older code still replay. To record again after
 * changing the workflow, bump `generation`; the new files sit beside the old ones.
 *
 * Generation 1 (unprefixed files) predates the workflow's patches; generation 2 (`g2-`) runs every
 * path behind them and adds the scenarios named in the workflow issue; generation 3 (`g3-`) runs the
 * `durable-notifications` paths: recorded with `npm run record-histories -- -t notification`, the
 * scenarios whose names say "notification". The `next-reply` clock's scenario was added to generation 3
 * later, recorded alone with `npm run record-histories -- -t next-reply`. Generation 4 (`g4-`) runs the
 * `lean-workflow-tasks` paths (audit writes of the clocks in their own task, as local activities, and
 * one refused there and handed to an activity): `npm run record-histories -- -t 'g4'`, the scenarios
 * whose names say "g4". Generation 5 (`g5-`) runs the same scenarios on the `one-local-activity`
 * paths (a deadline's writes and first deliveries in one local activity): `-t 'g5'`.
 */
const generation = 'g5';
const chicago = 'America/Chicago';
const bucharest = 'Europe/Bucharest';
const rome = 'Europe/Rome';

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
    h.notificationFault = undefined;
    h.eventFault = undefined;
    await h.endTickets();
  });
  afterAll(() => h.tearDown());

  const record = async (scenario: string, file: string, handle: WorkflowHandle) => {
    await h.state(handle);
    const { runId } = await handle.describe();
    const name = `${generation}-${file}`;
    const events = await writeHistory(scenario, name, handle, runId);
    console.log(`${name}: ${events} events`);
    return events;
  };

  it('CLICK P1: hourly updates missed three times, then resolved with its RCA (g4, g5)', async () => {
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
      args: [
        {
          incidents: [
            { subject: 'Licence server down', priority: 'high' },
            { subject: 'Report export slow', priority: 'low' },
          ],
        },
      ],
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

  it('CLICK P1: a notification parked while its delivery log is down, retried by the workflow itself (g4, g5)', async () => {
    await h.skipToNext(3, '02:00', chicago);
    h.notificationFault = (n, attempt) =>
      n.kind === 'warning' && attempt <= 2 * notificationAttempts
        ? ApplicationFailure.retryable('the delivery log (PostgreSQL) could not be written', notificationLogUnavailable)
        : undefined;
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(27 * minute);
    const state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(0);
    expect(state.notificationFailures).toBe(2);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    await record('CLICK P1 with a notification parked while its log was down, retried automatically', 'click-p1-notification-log-down', handle);
  });

  it('CLICK P1: a notification warning withdrawn in flight when its clock is met; the escalation after its breach (g4, g5)', async () => {
    await h.skipToNext(4, '02:00', chicago);
    h.notificationFault = (n, attempt) =>
      n.kind === 'warning' || (n.kind === 'breach' && attempt <= 2)
        ? ApplicationFailure.retryable('connect ECONNREFUSED', 'DeliveryFailed')
        : undefined;
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(22.5 * minute + 1_000);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    // The update cadence's first interval is missed: its breach needs retries, its escalation waits.
    await h.sleep(62 * minute);
    const state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(1);
    expect(state.escalationLevel).toBe(1);
    await record('CLICK P1 with a warning withdrawn and an escalation sent after its breach', 'click-p1-notification-order', handle);
  });

  it('CLICK P1: the audit write of a breach refused inside its task, handed to an activity (g4, g5)', async () => {
    await h.skipToNext(5, '02:00', chicago);
    h.eventFault = (event, attempt) =>
      event.type === 'acknowledge.breached' && attempt <= 4 ? new Error('connect ECONNREFUSED 127.0.0.1:5432') : undefined;
    const { handle } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(31 * minute);
    const state = await h.state(handle);
    expect(state.breaches).toHaveLength(1);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Sorry, on it.' }] });
    await record(
      'CLICK P1 whose breach write the database refused in its task, then took from an activity',
      'click-p1-audit-write-handed-over',
      handle,
    );
  });

  it('Syneto Pro P2 with a next-reply target: a Friday message answered on Monday, the next one missed', async () => {
    await h.skipToNext(5, '14:00', rome);
    const document = presetDocument('syneto');
    document.targets.pro.P2['next-reply'] = { amount: 4, unit: 'business-hours', commitment: 'committed' };
    const snapshot = resolvePolicySnapshot(document, { at: await h.now() });
    const { handle } = await h.open('syneto', 'pro', 'P2', { snapshot });
    await h.sleep(10 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking into it.' }] });
    await h.sleep(2 * hour + 20 * minute);
    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'It happened again.' }] });
    await h.sleep(90 * minute);
    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Any news?' }] });
    await h.sleep(2 * day + 15 * hour);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'Found it: a firmware bug.' }] });
    await h.sleep(hour);
    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Which version fixes it?' }] });
    await h.sleep(7 * hour);
    const state = await h.state(handle);
    expect(clock(state, 'next-reply')).toMatchObject({ status: 'breached', breachCount: 1 });
    await record('Syneto Pro P2 with a custom next-reply target: met on Monday, then breached once', 'syneto-next-reply', handle);
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
      const name = `${generation}-click-p1-chain-run-${index + 1}`;
      const events = await writeHistory(`CLICK P1 continue-as-new chain, run ${index + 1} of ${runs.length}`, name, handle, runId);
      console.log(`${name}: ${events} events`);
    }
  });

  it('Syncro Soft: closed 5 business days after the second request (the automatic reminder)', async () => {
    await h.skipToNext(1, '10:00', bucharest);
    const { handle } = await h.open('syncro-soft', 'support-pack', 'normal');
    await h.sleep(hour);
    await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Please send the license details.' }] });
    // Ten working days, give or take the Romanian holidays that fall on the recording's dates.
    let state = await h.state(handle);
    for (let days = 0; days < 20 && state.status !== 'closed'; days++) {
      await h.sleep(day);
      state = await h.state(handle);
    }
    expect(state.status).toBe('closed');
    expect(state.closure?.by).toBe('policy');
    await record('Syncro Soft normal closed after the second unanswered request', 'syncro-soft-second-request-close', handle);
  });

  it('Syncro Soft: a customer reply after the reminder cancels the close', async () => {
    await h.skipToNext(1, '10:00', bucharest);
    const { handle } = await h.open('syncro-soft', 'support-pack', 'high');
    await h.sleep(hour);
    await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which version?' }] });
    await h.sleep(3 * day + hour);
    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: '27.1, sorry for the delay.' }] });
    await h.sleep(10 * day);
    const state = await h.state(handle);
    expect(state.status).toBe('in-progress');
    expect(state.awaitingCustomer).toBeNull();
    await record('Syncro Soft high: reply after the reminder cancels the close', 'syncro-soft-reply-cancels-close', handle);
  });

  it('Syncro Soft: Critical opened Friday before the DST change, acknowledge missed on Monday', async () => {
    // The last Friday of March: Romania moves its clocks on the Sunday between.
    const now = DateTime.fromMillis(await h.now(), { zone: bucharest });
    let friday = DateTime.fromObject({ year: now.year + 1, month: 3, day: 31 }, { zone: bucharest });
    while (friday.weekday !== 5) friday = friday.minus({ days: 1 });
    await h.skipTo(`${friday.toISODate()}T15:00`, bucharest);
    const { handle } = await h.open('syncro-soft', 'support-pack', 'critical');
    await h.sleep(3 * day + 2 * hour);
    const state = await h.state(handle);
    expect(state.clocks.find((c) => c.clock === 'acknowledge')!.status).toBe('breached');
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Sorry, on it now.' }] });
    await record('Syncro Soft critical over a weekend with a DST change, acknowledge breached', 'syncro-soft-dst-weekend-breach', handle);
  });

  it('CLICK P2: resolved, RCA draft and final delivered, closed; the workflow ends after the reopen window', async () => {
    await h.skipToNext(2, '09:00', chicago);
    const { handle } = await h.open('synchronet-click', 'standard', 'P2');
    await h.sleep(20 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    await h.sleep(50 * minute);
    await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Router replaced.' }] });
    await h.sleep(2 * day);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Draft' }] });
    await h.sleep(2 * day);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'final', body: 'Final' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ reason: 'RCA accepted.' }] });
    await h.sleep(31 * day);
    await h.state(handle);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    await record('CLICK P2 resolved, RCA draft and final, closed, reopen window over', 'click-p2-rca-draft-final', handle);
  });

  it('CLICK: closed after 6 days of silence, then reopened by a reply inside the window', async () => {
    await h.skipToNext(3, '10:00', chicago);
    const { handle } = await h.open('synchronet-click', 'standard', 'P3');
    await h.sleep(hour);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Logs, please.' }] });
    await h.sleep(6 * day + hour);
    expect((await h.state(handle)).status).toBe('closed');
    await h.sleep(2 * day);
    const state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Back from holiday: logs attached.' }] });
    expect(state.status).toBe('in-progress');
    await record('CLICK P3 closed by silence, reopened inside the window', 'click-p3-reopened', handle);
  });

  it('Syneto Mission Critical P1: hardware replacement in 4 calendar hours, survey on close, RCA delivered', async () => {
    await h.skipToNext(6, '02:00', rome);
    const { handle } = await h.open('syneto', 'mission-critical', 'P1');
    await h.sleep(20 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Engineer on the line.' }] });
    await h.sleep(40 * minute);
    await handle.executeUpdate(diagnosisUpdate, { args: [{ replacementRequired: true }] });
    await h.sleep(3 * hour + 30 * minute);
    await handle.executeUpdate(partsDeliveredUpdate, { args: [{}] });
    await h.sleep(2 * hour);
    await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Controller replaced.' }] });
    await handle.executeUpdate(confirmUpdate, { args: [{}] });
    await h.sleep(day);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Root cause: controller firmware.' }] });
    await h.state(handle);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    await record('Syneto Mission Critical P1 hardware replacement, survey, RCA', 'syneto-mc-hardware', handle);
  });

  it('Syneto Pro: a quiet ticket renews its holiday horizon (continue-as-new without growth)', async () => {
    await h.skipToNext(1, '10:00', rome);
    const at = await h.now();
    const snapshot = resolvePolicySnapshot(presetDocument('syneto'), { at, horizonYears: 2 });
    const { handle } = await h.open('syneto', 'pro', 'P3', { snapshot });
    const { runId: firstRunId } = await handle.describe();
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Next maintenance window.' }] });
    await h.sleep(400 * day);
    await h.state(handle);
    const runs = await runChain(handle, firstRunId);
    expect(runs).toHaveLength(2);
    const name = `${generation}-syneto-horizon-renewal-run-1`;
    console.log(`${name}: ${await writeHistory('Syneto Pro P3 quiet for a year: holiday horizon renewed', name, handle, runs[0])} events`);
  });
});
