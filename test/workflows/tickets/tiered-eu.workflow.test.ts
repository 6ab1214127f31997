import { changePriorityUpdate, customerReplyUpdate, requestInfoUpdate, resolveUpdate, respondUpdate } from '../../../workflows/ticket/contract';
import { day, hour, minute, TicketHarness, clockOf, wallClock } from '../../helpers/ticket-harness';

const zone = 'Europe/Berlin';

const { wallPlus, offsetFrom } = wallClock(zone);

// Tiered EU (tiered-eu.txt) on the time-skipping server: Mon–Fri 09:00–17:00 Europe/Berlin with
// German nationwide holidays; Gold: S1 8 business hours / 16 business hours, S2 8 h / 3 business
// days, S3 8 h / 7 business days (first response / resolution). Dates are fixed (March–April 2030,
// in order on one server clock), so every deadline is worked out by hand.
describe('Tiered EU tickets', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('Gold S3 raised to S1 after a wait on the customer: the resolve deadline is recomputed from the opening with the paused working time kept out', async () => {
    await h.skipTo('2030-03-04T10:00', zone); // Monday
    const { handle, input, openedAt } = await h.open('tiered-eu', 'gold', 'S3');
    const o = offsetFrom(openedAt, '2030-03-04T10:00');
    let state = await h.state(handle);
    // First response 8 business hours: Monday 10:00–17:00, Tuesday 09:00–10:00.
    expect(clockOf(state, 'acknowledge')).toMatchObject({ target: '8 business hours', dueAt: wallPlus('2030-03-05T10:00', o) });
    // Resolution 7 business days: the same wall-clock time on Wednesday 13 March.
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'running', target: '7 business days', dueAt: wallPlus('2030-03-13T10:00', o) });

    await h.skipTo('2030-03-04T11:00', zone);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Reproducing.' }] });
    expect(clockOf(state, 'acknowledge').status).toBe('met');

    await h.skipTo('2030-03-05T10:00', zone);
    state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Please send the export.' }] });
    const a = offsetFrom(state.awaitingCustomer!.since, '2030-03-05T10:00');
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'paused', dueAt: null });

    // Two days later the customer answers: Tuesday 10:00 → Thursday 10:00 is 16 working hours paused.
    await h.skipTo('2030-03-07T10:00', zone);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Attached.' }] });
    const r = offsetFrom(state.statusSince, '2030-03-07T10:00');
    // Wednesday 13 March 10:00 plus 16 working hours: Wed 7 h, Thu 8 h, Fri 09:00–10:00.
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'running', dueAt: wallPlus('2030-03-15T10:00', o + r - a) });

    await h.skipTo('2030-03-07T12:00', zone);
    state = await handle.executeUpdate(changePriorityUpdate, { args: [{ priority: 'S1', reason: 'Production is down now.' }] });
    expect(state.priority).toBe('S1');
    // 16 business hours of working time since Monday 10:00, Tuesday 10:00 → Thursday 10:00 kept out:
    // Mon 10–17 (7 h), Tue 09–10 (1 h), Thu 10–17 (7 h), Fri 09–10 (1 h) → Friday 8 March 10:00.
    expect(clockOf(state, 'resolve')).toMatchObject({
      status: 'running',
      target: '16 business hours',
      dueAt: wallPlus('2030-03-08T10:00', o + r - a),
    });
    expect(clockOf(state, 'resolve').breaches).toEqual([]);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'met', target: '8 business hours' });

    // Nobody resolves: 75% (12 working hours) on Thursday 14:00, the breach on Friday 10:00.
    await h.skipTo('2030-03-08T11:00', zone);
    state = await h.state(handle);
    const resolve = clockOf(state, 'resolve');
    expect(resolve.warnings.map((w) => w.at)).toEqual([wallPlus('2030-03-07T14:00', o + r - a)]);
    expect(resolve.breaches.map((b) => b.dueAt)).toEqual([wallPlus('2030-03-08T10:00', o + r - a)]);
    expect(resolve.status).toBe('breached');
    // Overdue in working time: Friday 10:00 → 11:00 (give or take the instants the server skipped to).
    expect(resolve.remainingMs).toBeNull();
    expect(Math.abs(resolve.overdueMs! - hour)).toBeLessThan(2 * minute);
    expect(state.slaBreached).toBe(true);
    expect(state.escalationLevel).toBe(1);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(1);
    expect(h.notificationsOf(input.ticketId, 'escalation')[0].recipients[0]).toMatchObject({ address: 'support-lead@tiered-eu.example' });
  });

  it('Gold S3 raised to S1 when the S1 deadline is already past: exactly one breach, at once, and no more later', async () => {
    await h.skipTo('2030-03-18T09:30', zone); // Monday
    const { handle, input, openedAt } = await h.open('tiered-eu', 'gold', 'S3');
    const o = offsetFrom(openedAt, '2030-03-18T09:30');
    await h.skipTo('2030-03-18T10:00', zone);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });

    await h.skipTo('2030-03-20T12:00', zone); // Wednesday
    let state = await handle.executeUpdate(changePriorityUpdate, { args: [{ priority: 'S1', reason: 'Escalated by the customer.' }] });
    // 16 business hours from Monday 09:30: Mon 7.5 h, Tue 8 h, Wed 09:00–09:30 → Wednesday 09:30, already past.
    const due = wallPlus('2030-03-20T09:30', o);
    let resolve = clockOf(state, 'resolve');
    expect(resolve.status).toBe('breached');
    expect(resolve.breaches).toHaveLength(1);
    expect(resolve.breaches[0].dueAt).toBe(due);
    // Recorded at the change, not back-dated to the deadline.
    offsetFrom(resolve.breaches[0].at, '2030-03-20T12:00');
    expect(state.slaBreached).toBe(true);

    await h.sleep(2 * day);
    state = await h.state(handle);
    resolve = clockOf(state, 'resolve');
    expect(resolve.breaches).toHaveLength(1);
    // Two days later, Friday 12:00: Wed 09:30–17:00, Thu 09:00–17:00, Fri 09:00–12:00 of working time overdue.
    expect(Math.abs(resolve.overdueMs! - 18.5 * hour)).toBeLessThan(2 * minute);
    expect(state.breaches).toHaveLength(1);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(1);
    expect(h.eventsOf(input.ticketId, 'resolve.breached')).toHaveLength(1);
  });

  it('Gold S2 waiting on the customer over Easter: Good Friday and Easter Monday count neither in the wait nor in the deadline', async () => {
    await h.skipTo('2030-04-18T10:00', zone); // Maundy Thursday; Good Friday 19 and Easter Monday 22 April are holidays
    const { handle, openedAt } = await h.open('tiered-eu', 'gold', 'S2');
    const o = offsetFrom(openedAt, '2030-04-18T10:00');
    let state = await h.state(handle);
    // 8 business hours: Thursday 10:00–17:00, then (after the holidays) Tuesday 09:00–10:00.
    expect(clockOf(state, 'acknowledge')).toMatchObject({ dueAt: wallPlus('2030-04-23T10:00', o) });
    // 3 business days: Tuesday 23, Wednesday 24, Thursday 25 April at 10:00.
    expect(clockOf(state, 'resolve')).toMatchObject({ target: '3 business days', dueAt: wallPlus('2030-04-25T10:00', o) });

    await h.skipTo('2030-04-18T10:30', zone);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Checking.' }] });
    await h.skipTo('2030-04-18T12:00', zone);
    state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which node?' }] });
    const a = offsetFrom(state.awaitingCustomer!.since, '2030-04-18T12:00');
    await h.skipTo('2030-04-23T12:00', zone);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Node 3.' }] });
    const r = offsetFrom(state.statusSince, '2030-04-23T12:00');
    // Paused working time: Thursday 12:00–17:00 (5 h) and Tuesday 09:00–12:00 (3 h) = 8 h; the
    // deadline moves from Thursday 25 10:00 by 8 working hours: Thu 7 h, Fri 09:00–10:00.
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'running', dueAt: wallPlus('2030-04-26T10:00', o + r - a) });

    await h.skipTo('2030-04-26T09:00', zone);
    state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Node 3 rebuilt.' }] });
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'met', breaches: [] });
    // 75% of the 24 working hours (18 h: Thu 7, Tue 8, Wed 09:00–12:00), moved by the 8 h paused.
    expect(clockOf(state, 'resolve').warnings.map((w) => w.at)).toEqual([wallPlus('2030-04-25T12:00', o + r - a)]);
    expect(state.slaBreached).toBe(false);
  });
});
