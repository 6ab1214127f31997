import { WorkflowNotFoundError } from '@temporalio/client';
import { resolvePolicySnapshot } from '../../../policies/resolve-snapshot';
import { validatePolicyDocument } from '../../../policies/validate-policy';
import type { PolicySnapshot } from '../../../workflows/policy';
import { confirmUpdate, customerReplyUpdate, resolveUpdate, respondUpdate, type TicketState } from '../../../workflows/ticket/contract';
import { presetSnapshot } from '../../helpers/policy-snapshots';
import { clockOf, hour, iso, local, TicketHarness, wallClock } from '../../helpers/ticket-harness';

const zone = 'Europe/Berlin';

const { wallPlus, offsetFrom } = wallClock(zone);

/**
 * Tiered EU (Mon–Fri 09:00–17:00 Europe/Berlin; Gold S1: first response 8, resolution 16 business
 * hours) with a reopen window of 5 business days added, written as CLICK's preset writes its own
 * (`"reopenWindow": { "amount": 30, "unit": "calendar-days" }`): the preset itself has none, and a
 * reopen needs both a resolve clock and a window. Validated and resolved like any policy.
 */
function tieredEuWithReopenWindow(at: number): PolicySnapshot {
  const preset = presetSnapshot('tiered-eu', at);
  const document = validatePolicyDocument({ ...preset.document, reopenWindow: { amount: 5, unit: 'business-days' } });
  return resolvePolicySnapshot({ ...document, version: preset.document.version }, { at });
}

// Dates are fixed (September 2030: no German holiday, no DST change), in order on one server clock,
// so every deadline is worked out by hand.
describe('reopening a closed ticket', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('a reply inside the reopen window reopens the ticket with the resolve clock resumed: the working time used before the resolution is kept, the time resolved and closed is not counted', async () => {
    const opened = await h.skipTo('2030-09-02T09:00', zone); // Monday
    const snapshot = tieredEuWithReopenWindow(opened);
    expect(snapshot.document.reopenWindow).toEqual({ amount: 5, unit: 'business-days' });
    const { handle, input } = await h.open('tiered-eu', 'gold', 'S1', { snapshot, openedAt: iso(opened) });
    let state = await h.state(handle);
    // 16 business hours from Monday 09:00: Monday and Tuesday, to Tuesday's close.
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'running', target: '16 business hours', dueAt: local('2030-09-03T17:00', zone) });

    await h.skipTo('2030-09-02T10:00', zone);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    await h.skipTo('2030-09-02T14:00', zone);
    state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Index rebuilt.' }] });
    // Five working hours used (Monday 09:00–14:00), eleven left.
    const r = offsetFrom(state.resolution!.at, '2030-09-02T14:00');
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'met', stoppedAt: state.resolution!.at, breaches: [], warnings: [] });

    // Tuesday 10:00 the customer confirms: closed; the window runs 5 business days, to Tuesday 10 September 10:00.
    await h.skipTo('2030-09-03T10:00', zone);
    state = await handle.executeUpdate(confirmUpdate, { args: [{}] });
    const c = offsetFrom(state.closure!.at, '2030-09-03T10:00');
    expect(state.status).toBe('closed');
    expect(state.reopenUntil).toBe(wallPlus('2030-09-10T10:00', c));

    // Thursday 11:00 the problem is back.
    await h.skipTo('2030-09-05T11:00', zone);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'It fails again since this morning.' }] });
    const p = offsetFrom(state.statusSince, '2030-09-05T11:00');
    expect(state.status).toBe('in-progress');
    expect(state.closure).toBeNull();
    expect(state.resolution).toBeNull();
    expect(state.reopenUntil).toBeNull();
    // The resolve clock resumes from its original start with 11 working hours (less the few
    // milliseconds the resolution landed late) left: Thursday 11:00–17:00 is 6 h, Friday
    // 09:00–14:00 the other 5 h. Monday 14:00 → Thursday 11:00 (resolved, then closed) is kept out.
    let resolve = clockOf(state, 'resolve');
    expect(resolve).toMatchObject({ status: 'running', startedAt: iso(opened), stoppedAt: null, dueAt: wallPlus('2030-09-06T14:00', p - r) });
    expect(resolve.remainingMs).toBe(11 * hour - r);
    // The acknowledgement stays met: reopening does not ask for a new first response.
    expect(clockOf(state, 'acknowledge').status).toBe('met');

    // Nobody resolves it again: 75% of the 16 hours (12 h: 5 before, then Thursday 6 h and Friday
    // 09:00–10:00) warns on Friday 10:00, and the deadline breaches on Friday 14:00.
    await h.skipTo('2030-09-06T15:00', zone);
    state = await h.state(handle);
    resolve = clockOf(state, 'resolve');
    expect(resolve.warnings.map((w) => w.at)).toEqual([wallPlus('2030-09-06T10:00', p - r)]);
    expect(resolve.breaches).toEqual([
      expect.objectContaining({ dueAt: wallPlus('2030-09-06T14:00', p - r), at: wallPlus('2030-09-06T14:00', p - r), commitment: 'committed' }),
    ]);
    expect(resolve.status).toBe('breached');
    expect(state.slaBreached).toBe(true);
    expect(h.notificationsOf(input.ticketId, 'breach').map((n) => [n.clock, n.at])).toEqual([['resolve', wallPlus('2030-09-06T14:00', p - r)]]);
    expect(h.eventsOf(input.ticketId, 'reopened')).toHaveLength(1);
  });

  it('a reply after the reopen window: the workflow has completed when the window ended, and the reply is refused', async () => {
    const opened = await h.skipTo('2030-09-16T09:00', zone); // Monday
    const { handle, input } = await h.open('tiered-eu', 'gold', 'S1', { snapshot: tieredEuWithReopenWindow(opened), openedAt: iso(opened) });
    await h.skipTo('2030-09-16T09:30', zone);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    await h.skipTo('2030-09-16T10:00', zone);
    await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Index rebuilt.' }] });
    await h.skipTo('2030-09-16T11:00', zone);
    let state = await handle.executeUpdate(confirmUpdate, { args: [{}] });
    const c = offsetFrom(state.closure!.at, '2030-09-16T11:00');
    // Five business days: Tuesday 17 … Monday 23 September, 11:00.
    const until = wallPlus('2030-09-23T11:00', c);
    expect(state.reopenUntil).toBe(until);

    await h.skipTo('2030-09-23T10:59', zone);
    state = await h.state(handle);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(state).toMatchObject({ status: 'closed', reopenUntil: until });

    await h.skipTo('2030-09-23T11:01', zone);
    await h.state(handle);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    // Completed already: the result is there at once (no time skipped to wait for it).
    const final: TicketState = await handle.result();
    expect(final).toMatchObject({ status: 'closed', reopenUntil: null, slaBreached: false });
    expect(h.eventsOf(input.ticketId, 'reopen-window-ended').map((e) => e.at)).toEqual([until]);

    // The reply cannot reach the ticket any more: Temporal refuses an update to a completed
    // workflow with WorkflowNotFoundError, which the API answers by opening a new, linked ticket
    // (tested end to end).
    await expect(handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Same problem again.' }] })).rejects.toBeInstanceOf(
      WorkflowNotFoundError,
    );
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(h.eventsOf(input.ticketId, 'reopened')).toHaveLength(0);
  });
});
