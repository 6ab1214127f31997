import { customerReplyUpdate, requestInfoUpdate, respondUpdate, type TicketState } from '../../../workflows/ticket/contract';
import { day, hour, iso, local, minute, TicketHarness } from '../../helpers/ticket-harness';

const zone = 'Europe/Bucharest';

const clockOf = (state: TicketState, name: string) => state.clocks.find((c) => c.clock === name)!;

/** A local wall-clock instant shifted by the milliseconds an action landed late (business time keeps them). */
const wallPlus = (wall: string, offset: number): string => iso(Date.parse(local(wall, zone)) + offset);

/** The instant the workflow recorded for an action, and how far past the asked wall-clock time it landed. */
function landed(at: string | number, wall: string): { at: number; offset: number } {
  const ms = typeof at === 'number' ? at : Date.parse(at);
  const offset = ms - Date.parse(local(wall, zone));
  expect(offset).toBeGreaterThanOrEqual(0);
  expect(offset).toBeLessThan(minute);
  return { at: ms, offset };
}

// Syncro Soft (syncro-soft.txt) on the time-skipping server. Calendar: Mon–Fri 09:00–17:00
// Europe/Bucharest with Romanian public holidays; only the acknowledge clock has targets ("4 hours",
// "1 day" = 8 business hours, ...). Dates are fixed (March–April 2030, no Romanian holiday inside any
// window; tests run in date order on one server clock) so that every deadline below is worked out by hand from the text.
describe('Syncro Soft tickets', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('closes 5 business days after the second request; the automatic reminder 3 business days after the first is that second request', async () => {
    // Monday 4 March 2030, 10:00 Bucharest: a Normal ticket (acknowledge: "3 days" = 24 business hours).
    await h.skipTo('2030-03-04T10:00', zone);
    const { handle, input, openedAt } = await h.open('syncro-soft', 'support-pack', 'normal');
    const opened = landed(openedAt, '2030-03-04T10:00');
    let state = await h.state(handle);
    // 24 business hours from Monday 10:00: Mon 7 h, Tue 8 h, Wed 8 h, Thu 09:00–10:00 → Thursday 10:00.
    expect(clockOf(state, 'acknowledge')).toMatchObject({
      status: 'running',
      target: '24 business hours',
      dueAt: wallPlus('2030-03-07T10:00', opened.offset),
    });
    expect(state.clocks.map((c) => c.clock)).toEqual(['acknowledge']);

    await h.sleep(hour);
    state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Please send the license details and the error.' }] });
    // The request is the first response: the acknowledge clock is met at that instant.
    const asked = landed(state.awaitingCustomer!.since, '2030-03-04T11:00');
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'met', stoppedAt: iso(asked.at) });
    expect(state.status).toBe('awaiting-customer');
    // One request so far: no close yet; the reminder goes out Thursday 7 March, same wall-clock time.
    expect(state.awaitingCustomer).toMatchObject({ requests: 1, reminders: 0, closesAt: null, nextReminderAt: iso(asked.at + 3 * day) });

    await h.sleep(3 * day - minute);
    state = await h.state(handle);
    expect(state.awaitingCustomer).toMatchObject({ requests: 1, reminders: 0 });
    expect(h.notificationsOf(input.ticketId, 'reminder')).toHaveLength(0);

    await h.sleep(2 * minute);
    state = await h.state(handle);
    // The reminder is the second request: the close is 5 business days after it, Thursday 14 March.
    expect(state.awaitingCustomer).toMatchObject({ requests: 2, reminders: 1, nextReminderAt: null, closesAt: iso(asked.at + 10 * day) });
    const reminders = h.notificationsOf(input.ticketId, 'reminder');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ at: iso(asked.at + 3 * day), recipients: [expect.objectContaining({ address: 'it@acme.example' })] });

    await h.sleep(7 * day - 2 * minute);
    expect((await h.state(handle)).status).toBe('awaiting-customer');
    await h.sleep(2 * minute);
    state = await h.state(handle);
    expect(state.status).toBe('closed');
    expect(state.closure).toMatchObject({ by: 'policy', at: iso(Date.parse(local('2030-03-14T11:00', zone)) + asked.offset) });
    expect(h.notificationsOf(input.ticketId, 'closure')).toHaveLength(1);
    // Only one reminder ever ("maxReminders": the close follows the second request), and no survey.
    expect(h.notificationsOf(input.ticketId, 'reminder')).toHaveLength(1);
    expect(h.notificationsOf(input.ticketId, 'survey')).toHaveLength(0);
    expect(h.eventsOf(input.ticketId, 'auto-closed')).toHaveLength(1);
    expect(state.slaBreached).toBe(false);
  });

  it('support pack, Critical, opened Friday 15:00: acknowledge due Monday 11:00 across the weekend; missed, it breaches, notifies and escalates', async () => {
    await h.skipTo('2030-03-15T15:00', zone); // Friday
    const { handle, input, openedAt } = await h.open('syncro-soft', 'support-pack', 'critical');
    const opened = landed(openedAt, '2030-03-15T15:00');
    let state = await h.state(handle);
    // "4 hours": Friday 15:00–17:00 is 2 h, Monday 09:00–11:00 the other 2 h.
    const due = wallPlus('2030-03-18T11:00', opened.offset);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'running', target: '4 business hours', commitment: 'committed', dueAt: due });

    // Monday 10:30: the 75% warning (3 business hours: Friday 2 h + Monday 09:00–10:00) has gone out.
    await h.skipTo('2030-03-18T10:30', zone);
    state = await h.state(handle);
    expect(clockOf(state, 'acknowledge').warnings.map((w) => w.at)).toEqual([wallPlus('2030-03-18T10:00', opened.offset)]);
    expect(h.notificationsOf(input.ticketId, 'warning')).toHaveLength(1);
    expect(state.slaBreached).toBe(false);

    await h.skipTo('2030-03-18T11:30', zone);
    state = await h.state(handle);
    const acknowledge = clockOf(state, 'acknowledge');
    expect(acknowledge.status).toBe('breached');
    expect(acknowledge.breaches).toEqual([expect.objectContaining({ dueAt: due, at: due, commitment: 'committed' })]);
    expect(state.slaBreached).toBe(true);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(1);
    expect(h.notificationsOf(input.ticketId, 'breach')[0].recipients).toEqual([expect.objectContaining({ address: 'support@syncro-soft.example' })]);
    // A committed breach moves one level up: the Technical Support staff.
    expect(state.escalationLevel).toBe(1);
    expect(state.escalationName).toBe('Technical Support staff');

    // The late acknowledgement does not undo the breach.
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Sorry, on it now.' }] });
    expect(clockOf(state, 'acknowledge').status).toBe('breached');
    expect(state.status).toBe('in-progress');
    expect(h.eventsOf(input.ticketId, 'acknowledge.breached')).toHaveLength(1);
  });

  it('trial, Critical, opened Friday 15:00 before the DST change: same deadline Monday 11:00, best-effort: a breach is recorded, nobody is notified, SlaBreached stays false', async () => {
    // Friday 29 March 2030; Romania moves to summer time on Sunday 31 March (UTC+2 → UTC+3).
    await h.skipTo('2030-03-29T15:00', zone);
    const { handle, input, openedAt } = await h.open('syncro-soft', 'trial', 'critical');
    const opened = landed(openedAt, '2030-03-29T15:00');
    let state = await h.state(handle);
    expect(local('2030-04-01T11:00', zone)).toBe('2030-04-01T08:00:00.000Z');
    const due = wallPlus('2030-04-01T11:00', opened.offset);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'running', target: '4 business hours', commitment: 'best-effort', dueAt: due });

    await h.skipTo('2030-04-01T12:00', zone);
    state = await h.state(handle);
    const acknowledge = clockOf(state, 'acknowledge');
    expect(acknowledge.status).toBe('breached');
    expect(acknowledge.breaches).toEqual([expect.objectContaining({ dueAt: due, at: due, commitment: 'best-effort' })]);
    expect(acknowledge.warnings.map((w) => w.at)).toEqual([wallPlus('2030-04-01T10:00', opened.offset)]);
    expect(state.breaches).toHaveLength(1);
    expect(state.slaBreached).toBe(false);
    expect(state.escalationLevel).toBe(0);
    expect(h.notificationsOf(input.ticketId)).toHaveLength(0);
    expect(h.eventsOf(input.ticketId, 'acknowledge.breached')).toHaveLength(1);
  });
  it('a customer reply after the reminder cancels the close: the ticket goes back to in progress and stays open', async () => {
    // Monday 8 April 2030, 09:30 Bucharest.
    await h.skipTo('2030-04-08T09:30', zone);
    const { handle, input } = await h.open('syncro-soft', 'support-pack', 'high');
    await h.sleep(30 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'We are looking into it.' }] });
    let state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Which version of the product?' }] });
    const asked = landed(state.awaitingCustomer!.since, '2030-04-08T10:00');
    expect(state.awaitingCustomer!.nextReminderAt).toBe(iso(asked.at + 3 * day)); // Thursday 11 April

    // Past the reminder (Thursday): the close is due Thursday 18 April.
    await h.sleep(4 * day);
    state = await h.state(handle);
    expect(state.awaitingCustomer).toMatchObject({ requests: 2, reminders: 1, closesAt: iso(asked.at + 10 * day) });

    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Version 27.1, sorry for the delay.' }] });
    expect(state.status).toBe('in-progress');
    expect(state.awaitingCustomer).toBeNull();

    // Well past the close that was due: nothing closes, nothing more is sent to the customer.
    await h.sleep(8 * day);
    state = await h.state(handle);
    expect(state.status).toBe('in-progress');
    expect(state.closure).toBeNull();
    expect(h.notificationsOf(input.ticketId, 'closure')).toHaveLength(0);
    expect(h.notificationsOf(input.ticketId, 'reminder')).toHaveLength(1);
    expect(h.eventsOf(input.ticketId, 'auto-closed')).toHaveLength(0);
    expect(h.eventsOf(input.ticketId, 'customer.replied')).toHaveLength(1);
  });
});
