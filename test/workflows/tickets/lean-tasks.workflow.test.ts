import type { WorkflowHandle } from '@temporalio/client';
import { type temporal } from '@temporalio/proto';
import { ApplicationFailure } from '@temporalio/common';
import { respondUpdate } from '../../../workflows/ticket/contract';
import { notificationAttempts } from '../../../workflows/ticket/ticket.workflow';
import { iso, minute, TicketHarness } from '../../helpers/ticket-harness';

const zone = 'America/Chicago';
type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The history from the first timer that fired: what a deadline cost. */
async function afterFirstFiredTimer(handle: WorkflowHandle): Promise<HistoryEvent[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  const fired = events.findIndex((event) => event.timerFiredEventAttributes);
  expect(fired).toBeGreaterThan(-1);
  return events.slice(fired);
}

const scheduledActivities = (events: HistoryEvent[]): string[] =>
  events.flatMap((event) => (event.activityTaskScheduledEventAttributes ? [event.activityTaskScheduledEventAttributes.activityType!.name!] : []));
const localActivityMarkers = (events: HistoryEvent[]): HistoryEvent[] =>
  events.filter((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity');
const workflowTasks = (events: HistoryEvent[]): number => events.filter((event) => event.workflowTaskStartedEventAttributes).length;

// A SynchroNet CLICK P1 (24x7: acknowledge within 30 calendar minutes, a warning at 75%, an
// escalation on every breach) left unanswered: what its deadlines cost in workflow tasks.
describe('a deadline costs few workflow tasks (lean-workflow-tasks, one-local-activity)', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  beforeEach(() => (h.failedAttempts = 0));
  afterEach(async () => {
    h.eventFault = undefined;
    h.notificationFault = undefined;
    await h.endTickets();
  });
  afterAll(() => h.tearDown());

  it("writes what the clocks raise and sends its notifications inside the deadline's own workflow task", async () => {
    await h.skipToNext(2, '02:00', zone);
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(31 * minute);
    await h.state(handle);

    const events = await afterFirstFiredTimer(handle);
    // One local activity in each timer's task: the warning's event; then the breach's events (with
    // the escalation it raised) and the breach and escalation notifications, in that order. The
    // warning, which its clock may make stale, stays an activity that can be cancelled: its
    // completion is the one other task.
    const raised = h.eventsOf(input.ticketId).filter((e) => Date.parse(e.at) >= openedAt + 22.5 * minute);
    expect(raised.map((e) => e.type)).toEqual(['acknowledge.warning', 'acknowledge.breached', 'escalated']);
    expect(scheduledActivities(events)).toEqual(['notify']);
    expect(localActivityMarkers(events)).toHaveLength(2);
    const payload = (event: HistoryEvent, key: string) =>
      JSON.parse(Buffer.from(event.markerRecordedEventAttributes!.details![key].payloads![0].data!).toString('utf8'));
    expect(localActivityMarkers(events).map((event) => [payload(event, 'data').activity_type, payload(event, 'result')])).toEqual([
      ['recordClockEffects', { recorded: 1, delivered: 0 }],
      ['recordClockEffects', { recorded: 2, delivered: 2 }],
    ]);
    expect(workflowTasks(events)).toBe(3);
    expect(h.eventsOf(input.ticketId, 'acknowledge.breached').map((e) => e.at)).toEqual([iso(openedAt + 30 * minute)]);
    expect(h.notificationsOf(input.ticketId).map((n) => n.kind)).toEqual(['warning', 'breach', 'escalation']);
  });

  it("hands an audit write PostgreSQL refused inside the task to an activity that retries it: recorded once, at the deadline's instant", async () => {
    await h.skipToNext(3, '02:00', zone);
    // The database refuses the breach's write for longer than the local activity's three attempts.
    h.eventFault = (event, attempt) =>
      event.type === 'acknowledge.breached' && attempt <= 4 ? new Error('connect ECONNREFUSED 127.0.0.1:5432') : undefined;
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(31 * minute);
    await h.state(handle);

    const events = await afterFirstFiredTimer(handle);
    // The local activity answers how far it got (it does not fail): the breach's write and the one
    // after it go to recordTicketEvent; its notifications were still sent inside the task.
    expect(localActivityMarkers(events).filter((event) => event.markerRecordedEventAttributes?.failure)).toEqual([]);
    expect(scheduledActivities(events).filter((name) => name === 'recordTicketEvent')).toHaveLength(2);
    expect(scheduledActivities(events).filter((name) => name === 'notify')).toHaveLength(1);
    expect(h.eventsOf(input.ticketId, 'acknowledge.breached').map((e) => e.at)).toEqual([iso(openedAt + 30 * minute)]);
    expect(h.notificationsOf(input.ticketId).map((n) => n.kind)).toEqual(['warning', 'breach', 'escalation']);
  });

  it('makes the other attempts of a notification refused inside the task as an activity, on the usual schedule, and parks it after five', async () => {
    await h.skipToNext(6, '02:00', zone);
    h.notificationFault = (n) =>
      n.kind === 'breach' ? ApplicationFailure.retryable('connect ECONNREFUSED 127.0.0.1:2525', 'NotificationDeliveryFailed') : undefined;
    const { handle, input, openedAt } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(31 * minute);
    const state = await h.state(handle);
    expect(state.parkedNotifications.map((p) => [p.kind, p.attempts])).toEqual([['breach', notificationAttempts]]);
    // Attempts at the breach and 2, 6, 14 and 30 s after it, as an activity's alone would be.
    expect(Date.parse(state.parkedNotifications[0].parkedAt) - (openedAt + 30 * minute)).toBeGreaterThanOrEqual(30_000);
    expect(h.failedAttempts).toBe(notificationAttempts);
    const events = await afterFirstFiredTimer(handle);
    // The warning's activity, the one that made the breach's four other attempts, and the
    // escalation's, which waited its turn behind the breach (never sent before it).
    expect(scheduledActivities(events).filter((name) => name === 'notify')).toEqual(['notify', 'notify', 'notify']);
    expect(h.notificationsOf(input.ticketId, 'breach')).toEqual([]);
    expect(h.notificationsOf(input.ticketId).map((n) => n.kind)).toEqual(['warning', 'escalation']);
  });

  it("keeps an action's audit write an activity, so that its answer never waits for PostgreSQL", async () => {
    await h.skipToNext(4, '02:00', zone);
    const { handle, input } = await h.open('synchronet-click', 'standard', 'P1');
    await h.sleep(5 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'On it.' }] });
    await h.state(handle);
    const events = (await handle.fetchHistory()).events ?? [];
    expect(localActivityMarkers(events)).toEqual([]);
    expect(scheduledActivities(events).filter((name) => name === 'recordTicketEvent').length).toBe(h.eventsOf(input.ticketId).length);
  });
});
