import type { WorkflowHandle } from '@temporalio/client';
import { resolveUpdate, respondUpdate, splitUpdate, type TicketState } from '../../../workflows/ticket/contract';
import { TicketHarness, clockOf, wallClock } from '../../helpers/ticket-harness';

const zone = 'America/New_York';

const { wallPlus, offsetFrom } = wallClock(zone);

// Alectrona (alectrona.txt) on the time-skipping server: Mon–Fri 09:00–17:30 America/New_York.
// "New case" response is the acknowledge target (Urgent 1, High 2, Medium 4, Low 8 business hours),
// "in progress case" response the update cadence (4, 12, 24, 32 business hours). Dates are fixed
// (March 2030, after the US DST change of 10 March, in order on one server clock).
describe('Alectrona tickets', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('Urgent: acknowledged within the hour on Friday; the 4-business-hour update cadence runs over the weekend, and two missed updates are two breaches', async () => {
    await h.skipTo('2030-03-15T16:00', zone); // Friday
    const { handle, input, openedAt } = await h.open('alectrona', 'standard', 'urgent');
    const o = offsetFrom(openedAt, '2030-03-15T16:00');
    let state = await h.state(handle);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ target: '1 business hour', dueAt: wallPlus('2030-03-15T17:00', o) });
    expect(clockOf(state, 'update')).toMatchObject({ status: 'pending', dueAt: null });

    await h.skipTo('2030-03-15T16:30', zone);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'We are on it.' }] });
    const k = offsetFrom(clockOf(state, 'acknowledge').stoppedAt!, '2030-03-15T16:30');
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'met', breaches: [] });
    // 4 business hours from Friday 16:30: Friday 16:30–17:30 (1 h), Monday 09:00–12:00 (3 h).
    expect(clockOf(state, 'update')).toMatchObject({ status: 'running', target: '4 business hours', dueAt: wallPlus('2030-03-18T12:00', k) });

    await h.skipTo('2030-03-18T10:30', zone); // Monday, before the 75% mark (11:00)
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'Patch under test.' }] });
    const u = offsetFrom(clockOf(state, 'update').startedAt!, '2030-03-18T10:30');
    expect(clockOf(state, 'update').dueAt).toBe(wallPlus('2030-03-18T14:30', u));

    // No update since: Monday 14:30 is missed; the next interval runs from that deadline, Monday
    // 14:30–17:30 (3 h) and Tuesday 09:00–10:00, so Tuesday 10:00 is missed too; next Tuesday 14:00.
    await h.skipTo('2030-03-19T12:00', zone);
    state = await h.state(handle);
    const update = clockOf(state, 'update');
    expect(update.breaches.map((b) => b.dueAt)).toEqual([wallPlus('2030-03-18T14:30', u), wallPlus('2030-03-19T10:00', u)]);
    expect(update.breaches.map((b) => b.at)).toEqual(update.breaches.map((b) => b.dueAt));
    expect(update).toMatchObject({ status: 'running', dueAt: wallPlus('2030-03-19T14:00', u) });
    // 75% (3 business hours) into each interval: Monday 13:30, and Tuesday 09:00 (14:30 + 3 h crosses the night).
    expect(update.warnings.map((w) => w.at)).toEqual([wallPlus('2030-03-18T13:30', u), wallPlus('2030-03-19T09:00', u)]);
    expect(state.slaBreached).toBe(true);
    expect(state.escalationLevel).toBe(2);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(2);

    state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'workaround', summary: 'Workaround applied.' }] });
    expect(clockOf(state, 'update')).toMatchObject({ status: 'stopped', dueAt: null });
    expect(state.status).toBe('resolved');
  });

  it('a case split into two sub-incidents: each has its own priority and SLA; the parent refuses a manual resolve and resolves itself when both have', async () => {
    await h.skipTo('2030-03-25T10:00', zone); // Monday
    const { handle, input } = await h.open('alectrona', 'standard', 'medium');
    await h.skipTo('2030-03-25T10:30', zone);
    let parent = await handle.executeUpdate(splitUpdate, {
      args: [
        {
          incidents: [
            { subject: 'Replica lags behind', priority: 'high' },
            { subject: 'Report shows a typo', priority: 'low' },
          ],
        },
      ],
    });
    // The split is the desk's first response on the case.
    expect(parent.status).toBe('in-progress');
    expect(clockOf(parent, 'acknowledge').status).toBe('met');
    expect(parent.subIncidents.map((s) => [s.ticketId, s.priority, s.status])).toEqual([
      [`${input.ticketId}-1`, 'high', 'open'],
      [`${input.ticketId}-2`, 'low', 'open'],
    ]);

    const first = h.handle(`${input.ticketId}-1`);
    const second = h.handle(`${input.ticketId}-2`);
    let high = await h.state(first);
    let low = await h.state(second);
    const s = offsetFrom(high.openedAt, '2030-03-25T10:30');
    expect(low.openedAt).toBe(high.openedAt);
    expect(high).toMatchObject({ priority: 'high', parentTicketId: input.ticketId, status: 'new' });
    // High: 2 business hours → 12:30. Low: 8 business hours → Monday 10:30–17:30 (7 h), Tuesday 09:00–10:00.
    expect(clockOf(high, 'acknowledge')).toMatchObject({ target: '2 business hours', dueAt: wallPlus('2030-03-25T12:30', s) });
    expect(clockOf(low, 'acknowledge')).toMatchObject({ target: '8 business hours', dueAt: wallPlus('2030-03-26T10:00', s) });

    await expect(handle.executeUpdate(resolveUpdate, { args: [{ code: 'solution', summary: 'All done.' }] })).rejects.toMatchObject({
      cause: expect.objectContaining({ message: expect.stringContaining('2 sub-incident(s) still open') }),
    });

    await h.skipTo('2030-03-25T11:00', zone);
    high = await first.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking at the replica.' }] });
    // High's own cadence: 12 business hours from 11:00 → Monday 6.5 h, Tuesday 09:00–14:30.
    expect(clockOf(high, 'update').dueAt).toBe(wallPlus('2030-03-26T14:30', offsetFrom(clockOf(high, 'acknowledge').stoppedAt!, '2030-03-25T11:00')));
    await h.skipTo('2030-03-25T15:00', zone);
    await first.executeUpdate(resolveUpdate, { args: [{ code: 'upgrade', summary: 'Upgraded the replica.' }] });
    await h.state(first);
    parent = await h.state(handle);
    expect(parent.status).toBe('in-progress');
    expect(parent.subIncidents.map((x) => x.status)).toEqual(['resolved', 'open']);

    // Nobody answers the Low incident: it breaches on its own, the parent does not.
    await h.skipTo('2030-03-26T11:00', zone);
    low = await h.state(second);
    expect(clockOf(low, 'acknowledge').breaches.map((b) => b.dueAt)).toEqual([wallPlus('2030-03-26T10:00', s)]);
    expect(low.slaBreached).toBe(true);
    parent = await h.state(handle);
    expect(parent.slaBreached).toBe(false);
    expect(parent.breaches).toEqual([]);

    await second.executeUpdate(resolveUpdate, { args: [{ code: 'third-party', summary: 'Fixed in the reporting library.' }] });
    await h.state(second);
    parent = await resolvedState(h, handle);
    expect(parent.status).toBe('resolved');
    expect(parent.resolution).toMatchObject({ code: 'sub-incidents-resolved' });
    expect(parent.subIncidents.map((x) => x.status)).toEqual(['resolved', 'resolved']);
    expect(clockOf(parent, 'update')).toMatchObject({ status: 'stopped', breaches: [] });
    expect(h.eventsOf(input.ticketId, 'sub-incident-resolved')).toHaveLength(2);
  });
});

/** The parent hears of its children by signal: wait until it has acted on the last one. */
async function resolvedState(h: TicketHarness, handle: WorkflowHandle): Promise<TicketState> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const state = await h.state(handle);
    if (state.status === 'resolved') return state;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return h.state(handle);
}
