import {
  customerReplyUpdate,
  rcaUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
} from '../../../workflows/ticket/contract';
import { day, hour, iso, local, minute, TicketHarness } from '../../helpers/ticket-harness';

const zone = 'America/Chicago';

// SynchroNet CLICK (synchronet-click.txt) on the time-skipping server: every number below is the
// policy's own, read from its text and DESIGN.md's decisions, worked out by hand.
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

  it('P2: RCA draft due 3 business days and final 5 business days after resolution; the workflow ends once both are delivered', async () => {
    // Resolved on a Thursday 10:00 Chicago: draft due Tuesday 10:00, final Thursday 10:00.
    await h.skipToNext(4, '09:00', zone);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P2');
    await h.sleep(10 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Calling back.' }] });
    await h.sleep(50 * minute);
    const state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Restarted the connector.' }] });
    const resolvedAt = Date.parse(state.resolution!.at);
    const draft = state.clocks.find((c) => c.clock === 'rca.draft')!;
    const final = state.clocks.find((c) => c.clock === 'rca.final')!;
    const thursday = Date.parse(local(iso(resolvedAt).slice(0, 10) + 'T10:00', zone));
    expect(resolvedAt - thursday).toBeGreaterThanOrEqual(0);
    expect(resolvedAt - thursday).toBeLessThan(minute);
    const tuesday = new Date(resolvedAt + 5 * day).toISOString(); // Thu → Tue is 5 calendar days, 3 business days
    const nextThursday = new Date(resolvedAt + 7 * day).toISOString();
    expect(draft).toMatchObject({ status: 'running', target: '3 business days', dueAt: tuesday });
    expect(final).toMatchObject({ status: 'running', target: '5 business days', dueAt: nextThursday });

    // The customer confirms; the ticket closes but stays open for the RCA obligations.
    await h.sleep(2 * day);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Draft RCA' }] });
    await h.sleep(6 * day); // the final is late: one breach on Thursday 10:00
    let later = await h.state(handle);
    expect(later.clocks.find((c) => c.clock === 'rca.draft')).toMatchObject({ status: 'met' });
    expect(later.clocks.find((c) => c.clock === 'rca.final')!.breaches.map((b) => b.dueAt)).toEqual([nextThursday]);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'final', body: 'Final RCA' }] });
    later = await h.state(handle);
    expect(later.rca).toMatchObject({ required: true });
    expect(later.rca.finalAt).not.toBeNull();
    expect(h.eventsOf(input.ticketId, 'rca.final-delivered')).toHaveLength(1);
  });

  it('idle ticket: closes 6 days after the request for information; a reply inside the reopen window reopens it with the resolve clock resumed', async () => {
    await h.skipToNext(1, '10:00', zone);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P3');
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking.' }] });
    let state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which browser?' }] });
    const asked = Date.parse(state.awaitingCustomer!.since);
    expect(state.status).toBe('awaiting-customer');
    expect(state.awaitingCustomer!.closesAt).toBe(iso(asked + 6 * day));
    expect(state.clocks.find((c) => c.clock === 'update')!.status).toBe('paused');

    await h.sleep(6 * day + minute);
    state = await h.state(handle);
    expect(state.status).toBe('closed');
    expect(state.closure).toMatchObject({ by: 'policy', at: iso(asked + 6 * day) });
    expect(h.notificationsOf(input.ticketId, 'closure')).toHaveLength(1);

    await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Chrome 130, sorry for the delay' }] });
    state = await h.state(handle);
    expect(state.status).toBe('in-progress');
    expect(h.eventsOf(input.ticketId, 'reopened')).toHaveLength(1);
  });
});
