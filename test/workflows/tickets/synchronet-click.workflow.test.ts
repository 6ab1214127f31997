import { WorkflowUpdateFailedError } from '@temporalio/client';
import {
  confirmUpdate,
  customerReplyUpdate,
  rcaUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
  stateConflictFailureType,
} from '../../../workflows/ticket/contract';
import { clockOf, day, hour, iso, local, minute, TicketHarness, wallClock } from '../../helpers/ticket-harness';

const zone = 'America/Chicago';

const { wallPlus, offsetFrom } = wallClock(zone);

// SynchroNet CLICK (synchronet-click.txt) on the time-skipping server: every number below is the
// policy's own, read from its text and docs/design.md's decisions, worked out by hand.
describe('SynchroNet CLICK tickets', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('P1: acknowledged in time, then hourly updates missed three times are three breaches, each an hour after the last', async () => {
    const wallStart = Date.now();
    const opened = await h.skipToNext(6, '02:00', zone); // Saturday 02:00: P1 is 24x7
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P1');

    await h.sleep(20 * minute);
    const acked = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it, calling you back.' }] });
    // Actions land a moment after the test asks (real milliseconds pass): the clocks count from
    // the instant the workflow recorded, which the answer reports.
    const ackAt = Date.parse(acked.clocks.find((c) => c.clock === 'acknowledge')!.stoppedAt!);
    expect(ackAt - opened).toBeGreaterThanOrEqual(20 * minute);
    expect(ackAt - opened).toBeLessThan(30 * minute);
    // "Progress Updates (via ticket) … Hourly": the first is due an hour after acknowledgement.
    expect(acked.clocks.find((c) => c.clock === 'update')!.dueAt).toBe(iso(ackAt + hour));
    await h.sleep(30 * minute);
    const updated = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'Still investigating.' }] });
    const lastUpdate = Date.parse(updated.clocks.find((c) => c.clock === 'update')!.startedAt!);
    // Nobody updates for 3 h 10 min: deadlines at +1 h, +2 h, +3 h after the last update are missed.
    await h.sleep(3 * hour + 10 * minute);

    const state = await h.state(handle);
    const acknowledge = state.clocks.find((c) => c.clock === 'acknowledge')!;
    expect(acknowledge).toMatchObject({ status: 'met', target: '30 calendar minutes', stoppedAt: iso(ackAt) });
    const update = state.clocks.find((c) => c.clock === 'update')!;
    expect(update.breaches.map((b) => b.dueAt)).toEqual([iso(lastUpdate + hour), iso(lastUpdate + 2 * hour), iso(lastUpdate + 3 * hour)]);
    expect(update.breaches.map((b) => b.at)).toEqual(update.breaches.map((b) => b.dueAt));
    expect(update).toMatchObject({ status: 'running', dueAt: iso(lastUpdate + 4 * hour) });
    expect(state.slaBreached).toBe(true);
    // Each breach tells the desk; the first two also raise the escalation level (two levels).
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(3);
    expect(state.escalationLevel).toBe(2);
    expect(h.notificationsOf(input.ticketId, 'escalation').map((n) => n.recipients[0])).toEqual([
      expect.objectContaining({ address: 'support-lead@synchronet.example' }),
      expect.objectContaining({ address: 'support-head@synchronet.example' }),
    ]);
    // 75% warnings come before each hourly deadline (45 minutes into each interval).
    expect(update.warnings.map((w) => w.at).slice(0, 2)).toEqual([iso(lastUpdate + 45 * minute), iso(lastUpdate + hour + 45 * minute)]);
    expect(h.eventsOf(input.ticketId, 'update.breached')).toHaveLength(3);
    console.log(`CLICK P1: ${((Date.now() - wallStart) / 1000).toFixed(1)} s wall for ~4 simulated hours`);
  });

  it('P2: RCA draft due 3 business days and final 5 business days after resolution, warned (rca-due) at 75%; the closed ticket stays open until the final RCA is in and its 30-day reopen window is over', async () => {
    // Two P2 tickets resolved together on Thursday 4 April 2030 10:00 Chicago (CDT all along): A
    // delivers its final RCA late but inside the reopen window, B only after the window.
    await h.skipTo('2030-04-04T09:00', zone);
    const a = await h.open('synchronet-click', 'standard', 'P2');
    const b = await h.open('synchronet-click', 'standard', 'P2');
    await h.skipTo('2030-04-04T09:10', zone);
    for (const t of [a, b]) await t.handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Calling back.' }] });
    await h.skipTo('2030-04-04T10:00', zone);
    const r: Record<string, number> = {};
    for (const t of [a, b]) {
      const state = await t.handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Restarted the connector.' }] });
      r[t.input.ticketId] = offsetFrom(state.resolution!.at, '2030-04-04T10:00');
      expect(state.rca).toMatchObject({ required: true, draftAt: null, finalAt: null });
      // Draft: Friday 5, Monday 8, Tuesday 9 April at 10:00; final: Wednesday 10, Thursday 11 April at 10:00.
      expect(clockOf(state, 'rca.draft')).toMatchObject({
        status: 'running',
        target: '3 business days',
        dueAt: wallPlus('2030-04-09T10:00', r[t.input.ticketId]),
      });
      expect(clockOf(state, 'rca.final')).toMatchObject({
        status: 'running',
        target: '5 business days',
        dueAt: wallPlus('2030-04-11T10:00', r[t.input.ticketId]),
      });
    }

    // Saturday: both customers confirm. Closed, but the RCA obligations and the reopen window keep
    // the workflows running.
    await h.skipTo('2030-04-06T10:00', zone);
    const closedAt: Record<string, number> = {};
    for (const t of [a, b]) {
      const state = await t.handle.executeUpdate(confirmUpdate, { args: [{}] });
      expect(state.status).toBe('closed');
      expect(state.closure).toMatchObject({ by: 'customer' });
      closedAt[t.input.ticketId] = Date.parse(state.closure!.at);
      offsetFrom(closedAt[t.input.ticketId], '2030-04-06T10:00');
      expect(state.reopenUntil).toBe(iso(closedAt[t.input.ticketId] + 30 * day)); // 30 calendar days, no DST change inside
      expect(clockOf(state, 'rca.draft').status).toBe('running');
      expect(clockOf(state, 'rca.final').status).toBe('running');
      expect((await t.handle.describe()).status.name).toBe('RUNNING');
    }

    // 75% of the draft's 27 working hours (20 h 15 min: Thu 10–17, Fri 08–17, Mon 08:00–12:15):
    // an rca-due warning to the desk on Monday 12:15.
    await h.skipTo('2030-04-08T13:00', zone);
    for (const t of [a, b]) {
      const o = r[t.input.ticketId];
      const state = await h.state(t.handle);
      expect(clockOf(state, 'rca.draft').warnings.map((w) => w.at)).toEqual([wallPlus('2030-04-08T12:15', o)]);
      expect(h.notificationsOf(t.input.ticketId, 'rca-due')).toEqual([
        expect.objectContaining({
          clock: 'rca.draft',
          at: wallPlus('2030-04-08T12:15', o),
          recipients: [expect.objectContaining({ address: 'support@synchronet.example' })],
        }),
      ]);
    }

    // Tuesday 09:00: the drafts come in time.
    await h.skipTo('2030-04-09T09:00', zone);
    for (const t of [a, b]) {
      const state = await t.handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Draft RCA' }] });
      expect(clockOf(state, 'rca.draft')).toMatchObject({ status: 'met', breaches: [] });
      expect(clockOf(state, 'rca.final').status).toBe('running');
    }

    // The finals are late: 75% of 45 working hours (33 h 45 min) on Tuesday 16:45, the breach on
    // Thursday 10:00, each told to the desk; the breach raises the escalation to the team lead.
    await h.skipTo('2030-04-11T11:00', zone);
    for (const t of [a, b]) {
      const o = r[t.input.ticketId];
      const state = await h.state(t.handle);
      const final = clockOf(state, 'rca.final');
      expect(final.warnings.map((w) => w.at)).toEqual([wallPlus('2030-04-09T16:45', o)]);
      expect(final.breaches).toEqual([
        expect.objectContaining({ dueAt: wallPlus('2030-04-11T10:00', o), at: wallPlus('2030-04-11T10:00', o), commitment: 'committed' }),
      ]);
      expect(final.status).toBe('breached');
      expect(h.notificationsOf(t.input.ticketId, 'rca-due').map((n) => [n.clock, n.at])).toEqual([
        ['rca.draft', wallPlus('2030-04-08T12:15', o)],
        ['rca.final', wallPlus('2030-04-09T16:45', o)],
      ]);
      expect(h.notificationsOf(t.input.ticketId, 'breach')).toEqual([
        expect.objectContaining({
          clock: 'rca.final',
          at: wallPlus('2030-04-11T10:00', o),
          recipients: [expect.objectContaining({ address: 'support@synchronet.example' })],
        }),
      ]);
      expect(state.slaBreached).toBe(true);
      expect(state.escalationLevel).toBe(1);
      expect(state.status).toBe('closed');
      expect((await t.handle.describe()).status.name).toBe('RUNNING');
    }

    // A's final arrives now: the obligation is met (late), but the reopen window is still open.
    let state = await a.handle.executeUpdate(rcaUpdate, { args: [{ stage: 'final', body: 'Final RCA' }] });
    offsetFrom(state.rca.finalAt!, '2030-04-11T11:00');
    expect(clockOf(state, 'rca.final')).toMatchObject({ status: 'breached', stoppedAt: state.rca.finalAt });
    await h.state(a.handle); // the audit write goes out through an activity after the update answered
    expect(h.eventsOf(a.input.ticketId, 'rca.final-delivered')).toHaveLength(1);
    expect((await a.handle.describe()).status.name).toBe('RUNNING');

    // Just before the window ends (Monday 6 May 10:00) both still run; just after, A has completed
    // and B, whose final RCA is still owed, has not.
    await h.skipTo('2030-05-06T09:59', zone);
    for (const t of [a, b]) {
      await h.state(t.handle);
      expect((await t.handle.describe()).status.name).toBe('RUNNING');
    }
    await h.skipTo('2030-05-06T10:01', zone);
    state = await h.state(a.handle);
    expect((await a.handle.describe()).status.name).toBe('COMPLETED');
    expect(h.eventsOf(a.input.ticketId, 'reopen-window-ended').map((e) => e.at)).toEqual([iso(closedAt[a.input.ticketId] + 30 * day)]);
    expect(state.reopenUntil).toBeNull();
    expect(state.rca.finalAt).not.toBeNull();

    state = await h.state(b.handle);
    expect((await b.handle.describe()).status.name).toBe('RUNNING');
    expect(h.eventsOf(b.input.ticketId, 'reopen-window-ended')).toHaveLength(1);
    expect(state.rca).toMatchObject({ required: true, finalAt: null });
    // No second breach for the same deadline while it waits.
    expect(clockOf(state, 'rca.final').breaches).toHaveLength(1);
    expect(h.notificationsOf(b.input.ticketId, 'breach')).toHaveLength(1);
    // B's workflow still runs, but its window is over: a customer's reply no longer reopens it.
    const refusal = await b.handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'It is back.' }] }).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((refusal as WorkflowUpdateFailedError).cause).toMatchObject({
      type: stateConflictFailureType,
      message: expect.stringContaining('reopen window is over'),
    });
    expect((await h.state(b.handle)).status).toBe('closed');
    await b.handle.executeUpdate(rcaUpdate, { args: [{ stage: 'final', body: 'Final RCA, at last' }] });
    state = await h.state(b.handle);
    expect((await b.handle.describe()).status.name).toBe('COMPLETED');
    expect(clockOf(state, 'rca.final').stoppedAt).toBe(state.rca.finalAt);
  });

  it('idle ticket: closes 6 days after the request for information; a reply inside the 30-day reopen window reopens it with the update cadence restarted (CLICK has no resolve clock)', async () => {
    await h.skipTo('2030-05-13T10:00', zone); // Monday
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P3');
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    let state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which browser?' }] });
    const asked = Date.parse(state.awaitingCustomer!.since);
    offsetFrom(asked, '2030-05-13T10:00');
    expect(state.status).toBe('awaiting-customer');
    expect(state.awaitingCustomer!.closesAt).toBe(iso(asked + 6 * day));
    expect(clockOf(state, 'update').status).toBe('paused');
    // The policy names no resolution time: no resolve clock at all, only acknowledge and updates.
    expect(state.clocks.map((c) => c.clock).sort()).toEqual(['acknowledge', 'update']);

    await h.sleep(6 * day + minute);
    state = await h.state(handle);
    expect(state.status).toBe('closed');
    expect(state.closure).toMatchObject({ by: 'policy', at: iso(asked + 6 * day) });
    expect(state.reopenUntil).toBe(iso(asked + 36 * day));
    expect(clockOf(state, 'update')).toMatchObject({ status: 'stopped', dueAt: null });
    expect(h.notificationsOf(input.ticketId, 'closure')).toHaveLength(1);
    expect((await handle.describe()).status.name).toBe('RUNNING');

    // Sunday 19 May 10:01: the customer answers, inside the window.
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Chrome 130, sorry for the delay' }] });
    const replied = Date.parse(state.statusSince);
    offsetFrom(replied, '2030-05-19T10:01');
    expect(state.status).toBe('in-progress');
    expect(state.closure).toBeNull();
    expect(state.reopenUntil).toBeNull();
    expect(state.clocks.map((c) => c.clock).sort()).toEqual(['acknowledge', 'update']);
    expect(clockOf(state, 'acknowledge').status).toBe('met');
    // The cadence restarts from the reply: a Sunday start counts from Monday's 08:00 opening, so the
    // next update is due three business days later, Thursday 23 May 08:00.
    expect(clockOf(state, 'update')).toMatchObject({
      status: 'running',
      startedAt: iso(replied),
      dueAt: local('2030-05-23T08:00', zone),
      breaches: [],
    });
    expect(state.slaBreached).toBe(false);
    await h.state(handle); // the audit write goes out through an activity after the update answered
    expect(h.eventsOf(input.ticketId, 'reopened')).toHaveLength(1);
  });
});
