import { ApplicationFailure } from '@temporalio/common';
import { notificationLogUnavailable } from '../../../workflows/ticket/activities.contract';
import { respondUpdate } from '../../../workflows/ticket/contract';
import { NotificationFailuresKey } from '../../../workflows/ticket/search-attributes';
import { autoRetryDelayMs } from '../../../workflows/ticket/ticket.machine';
import { notificationAttempts } from '../../../workflows/ticket/ticket.workflow';
import { iso, minute, TicketHarness } from '../../helpers/ticket-harness';

const zone = 'America/Chicago';
const logDown = (): ApplicationFailure =>
  ApplicationFailure.retryable('the delivery log (PostgreSQL) could not be written: connect ECONNREFUSED', notificationLogUnavailable);
const relayDown = (): ApplicationFailure => ApplicationFailure.retryable('connect ECONNREFUSED 127.0.0.1:2525', 'NotificationDeliveryFailed');

// A SynchroNet CLICK P1 (24x7: acknowledge within 30 calendar minutes, warning at 75%, escalation on
// every breach) whose notifications meet a database outage, a relay outage, and a met clock.
describe('notifications that survive outages', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  beforeEach(() => (h.failedAttempts = 0));
  afterEach(async () => {
    h.notificationFault = undefined;
    await h.endTickets();
  });
  afterAll(() => h.tearDown());

  it('parked because the delivery log was down: retried by the workflow itself with backoff, delivered once, no operator', async () => {
    await h.skipToNext(3, '02:00', zone);
    // PostgreSQL is "down" for the first two rounds: the five attempts of the send and of the first
    // automatic retry fail; the second automatic retry finds it back.
    h.notificationFault = (n, attempt) => (n.kind === 'warning' && attempt <= 2 * notificationAttempts ? logDown() : undefined);
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');
    const warningAt = openedAt + 22.5 * minute;

    await h.sleep(23.25 * minute);
    let state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(1);
    const parked = state.parkedNotifications[0];
    expect(parked.kind).toBe('warning');
    expect(parked.error).toContain('delivery log');
    expect(Date.parse(parked.autoRetryAt!) - Date.parse(parked.parkedAt)).toBe(autoRetryDelayMs(1));
    expect((await handle.describe()).typedSearchAttributes.get(NotificationFailuresKey)).toBe(1);

    // First automatic retry (30 s later) fails five times again and parks for a minute.
    await h.sleep(minute);
    state = await h.state(handle);
    expect(state.parkedNotifications).toHaveLength(1);
    expect(Date.parse(state.parkedNotifications[0].autoRetryAt!) - Date.parse(state.parkedNotifications[0].parkedAt)).toBe(autoRetryDelayMs(2));

    await h.sleep(2 * minute);
    state = await h.state(handle);
    expect(state.parkedNotifications).toEqual([]);
    expect(h.notificationsOf(input.ticketId, 'warning').map((n) => n.at)).toEqual([iso(warningAt)]);
    expect(h.failedAttempts).toBe(2 * notificationAttempts);
    expect(state.notificationFailures).toBe(2);
    const retried = h.eventsOf(input.ticketId, 'notification.retried');
    expect(retried.map((e) => e.detail)).toEqual([
      { notificationId: parked.notificationId, automatic: true },
      { notificationId: parked.notificationId, automatic: true },
    ]);
    expect((await handle.describe()).typedSearchAttributes.get(NotificationFailuresKey)).toBe(0);
  });

  it('a warning still being retried when its clock is met is withdrawn, not sent late', async () => {
    await h.skipToNext(4, '02:00', zone);
    h.notificationFault = (n) => (n.kind === 'warning' ? relayDown() : undefined);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P1');
    // 22.5 minutes: the warning's first attempt fails and it waits 2 s for its second.
    await h.sleep(22.5 * minute + 1_000);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    await h.sleep(5 * minute);
    const state = await h.state(handle);
    expect(state.parkedNotifications).toEqual([]);
    expect(h.failedAttempts).toBeLessThan(notificationAttempts);
    const withdrawn = h.eventsOf(input.ticketId, 'notification.withdrawn');
    expect(withdrawn).toHaveLength(1);
    expect(withdrawn[0].detail).toMatchObject({ notificationId: expect.stringContaining('-warning-acknowledge') });
    expect(h.notificationsOf(input.ticketId)).toEqual([]);
  });

  it('the escalation a breach raises goes out after that breach, even when the breach needs retries', async () => {
    await h.skipToNext(5, '02:00', zone);
    // The breach's first two attempts fail; the escalation would succeed at once.
    h.notificationFault = (n, attempt) => (n.kind === 'breach' && attempt <= 2 ? relayDown() : undefined);
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(32 * minute);
    const state = await h.state(handle);
    expect(state.parkedNotifications).toEqual([]);
    expect(h.notificationsOf(input.ticketId).map((n) => n.kind)).toEqual(['warning', 'breach', 'escalation']);
    expect(h.notificationsOf(input.ticketId, 'breach')[0].at).toBe(iso(openedAt + 30 * minute));
  });
});
