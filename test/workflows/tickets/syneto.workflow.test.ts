import {
  confirmUpdate,
  diagnosisUpdate,
  partsDeliveredUpdate,
  rcaUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
} from '../../../workflows/ticket/contract';
import { day, hour, iso, local, minute, TicketHarness, clockOf, wallClock } from '../../helpers/ticket-harness';

const zone = 'Europe/Rome';

const { wallPlus, offsetFrom } = wallClock(zone);

// Syneto (syneto.txt) on the time-skipping server. Basic and Pro: Mon–Fri 09:00–17:00 Europe/Rome;
// Mission Critical: 24x7 and calendar hours. The only clocks the preset runs are acknowledge,
// hardware replacement (after a diagnosis that needs one) and, for Mission Critical P1/P2, an RCA
// tracked without a deadline. Dates are fixed (March 2030),
// in order on one server clock, so every deadline is worked out by hand.
describe('Syneto tickets', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('an unanswered request closes the ticket 5 calendar days later, after two reminders, with the satisfaction survey', async () => {
    await h.skipTo('2030-03-04T10:00', zone); // Monday
    const { handle, input, openedAt } = await h.open('syneto', 'pro', 'P3');
    const opened = offsetFrom(openedAt, '2030-03-04T10:00');
    let state = await h.state(handle);
    // Pro P3 "Within 8 Hours": Monday 10:00–17:00 is 7 h, Tuesday 09:00–10:00 the 8th.
    expect(clockOf(state, 'acknowledge')).toMatchObject({ target: '8 business hours', dueAt: wallPlus('2030-03-05T10:00', opened) });

    await h.sleep(30 * minute);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Checking the appliance logs.' }] });
    expect(clockOf(state, 'acknowledge').status).toBe('met');
    await h.sleep(30 * minute);
    state = await handle.executeUpdate(requestInfoUpdate, { args: [{ body: 'Please send the support bundle.' }] });
    const asked = Date.parse(state.awaitingCustomer!.since);
    offsetFrom(asked, '2030-03-04T11:00');
    // Closes 5 calendar days after the request (Saturday 9 March 11:00); reminders every 2 days.
    expect(state.awaitingCustomer).toMatchObject({ nextReminderAt: iso(asked + 2 * day), closesAt: iso(asked + 5 * day) });

    await h.sleep(4 * day + hour);
    state = await h.state(handle);
    expect(state.status).toBe('awaiting-customer');
    // Two reminders, on Wednesday and Friday; a third would fall after the close, so none is planned.
    expect(h.notificationsOf(input.ticketId, 'reminder').map((n) => n.at)).toEqual([iso(asked + 2 * day), iso(asked + 4 * day)]);
    expect(state.awaitingCustomer).toMatchObject({ reminders: 2, nextReminderAt: null, closesAt: iso(asked + 5 * day) });

    await h.sleep(day);
    state = await h.state(handle);
    expect(state.status).toBe('closed');
    expect(state.closure).toMatchObject({ by: 'policy', at: iso(asked + 5 * day) });
    expect(h.notificationsOf(input.ticketId, 'reminder')).toHaveLength(2);
    expect(h.notificationsOf(input.ticketId, 'closure')).toHaveLength(1);
    const survey = h.notificationsOf(input.ticketId, 'survey');
    expect(survey).toHaveLength(1);
    expect(survey[0]).toMatchObject({ at: iso(asked + 5 * day), recipients: [expect.objectContaining({ address: 'it@acme.example' })] });
    // No reopen window in the policy, no RCA for Pro: the workflow has ended.
    expect((await handle.describe()).status.name).toBe('COMPLETED');
  });

  it('Pro P2 opened Friday 15:00: acknowledge due Monday 11:00; a replacement diagnosed Monday is due next business day 17:00 and breaches when parts come Wednesday', async () => {
    await h.skipTo('2030-03-15T15:00', zone); // Friday
    const { handle, input, openedAt } = await h.open('syneto', 'pro', 'P2');
    const opened = offsetFrom(openedAt, '2030-03-15T15:00');
    let state = await h.state(handle);
    // "Within 4 Hours" (Pro): Friday 15:00–17:00, then Monday 09:00–11:00.
    expect(clockOf(state, 'acknowledge')).toMatchObject({
      status: 'running',
      target: '4 business hours',
      dueAt: wallPlus('2030-03-18T11:00', opened),
    });

    await h.skipTo('2030-03-18T10:45', zone);
    state = await h.state(handle);
    // 75% (3 business hours) was reached Monday 10:00.
    expect(clockOf(state, 'acknowledge').warnings.map((w) => w.at)).toEqual([wallPlus('2030-03-18T10:00', opened)]);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'A disk reports errors.' }] });
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'met', breaches: [] });
    expect(clockOf(state, 'hardware-replacement').status).toBe('pending');

    state = await handle.executeUpdate(diagnosisUpdate, { args: [{ replacementRequired: true }] });
    // "Next Business Day (9AM-5PM)": the close of Tuesday 19 March.
    expect(clockOf(state, 'hardware-replacement')).toMatchObject({
      status: 'running',
      target: 'next business day',
      dueAt: local('2030-03-19T17:00', zone),
    });

    await h.skipTo('2030-03-20T10:00', zone);
    state = await handle.executeUpdate(partsDeliveredUpdate, { args: [{}] });
    const hardware = clockOf(state, 'hardware-replacement');
    expect(hardware.breaches).toEqual([expect.objectContaining({ dueAt: local('2030-03-19T17:00', zone), commitment: 'committed' })]);
    expect(hardware.status).toBe('breached');
    expect(state.hardware).toMatchObject({ replacementRequired: true });
    offsetFrom(state.hardware!.deliveredAt!, '2030-03-20T10:00');
    expect(state.slaBreached).toBe(true);
    expect(state.escalationLevel).toBe(1);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(1);
    expect(h.notificationsOf(input.ticketId, 'escalation')[0].recipients[0]).toMatchObject({ address: 'senior-engineers@syneto.example' });
  });

  it('Mission Critical P1 at night: acknowledged within 30 minutes, parts delivered inside 4 calendar hours, RCA tracked after resolution; the workflow ends once it is delivered', async () => {
    await h.skipTo('2030-03-23T02:00', zone); // Saturday night: Mission Critical is 24x7
    const { handle, input, openedAt } = await h.open('syneto', 'mission-critical', 'P1');
    let state = await h.state(handle);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ target: '30 calendar minutes', dueAt: iso(openedAt + 30 * minute) });

    await h.sleep(20 * minute);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Engineer on the line.' }] });
    expect(clockOf(state, 'acknowledge').status).toBe('met');
    await h.sleep(40 * minute);
    state = await handle.executeUpdate(diagnosisUpdate, { args: [{ replacementRequired: true }] });
    const diagnosed = Date.parse(state.hardware!.diagnosedAt);
    expect(clockOf(state, 'hardware-replacement')).toMatchObject({ status: 'running', target: '4 calendar hours', dueAt: iso(diagnosed + 4 * hour) });

    await h.sleep(3 * hour + 30 * minute);
    state = await h.state(handle);
    expect(clockOf(state, 'hardware-replacement').warnings.map((w) => w.at)).toEqual([iso(diagnosed + 3 * hour)]);
    state = await handle.executeUpdate(partsDeliveredUpdate, { args: [{}] });
    expect(clockOf(state, 'hardware-replacement')).toMatchObject({ status: 'met', breaches: [] });

    await h.sleep(2 * hour);
    state = await handle.executeUpdate(resolveUpdate, { args: [{ code: 'fixed', summary: 'Controller replaced.' }] });
    // "RCA … Mission Critical": tracked, with no due date in the text.
    expect(state.rca.required).toBe(true);
    expect(clockOf(state, 'rca.draft')).toMatchObject({ status: 'running', target: null, dueAt: null });
    state = await handle.executeUpdate(confirmUpdate, { args: [{}] });
    expect(state.status).toBe('closed');
    await h.state(handle); // the survey goes out through an activity after the update answered
    expect(h.notificationsOf(input.ticketId, 'survey')).toHaveLength(1);

    // Days later the workflow still waits for the RCA, without any breach (there is no deadline).
    await h.sleep(3 * day);
    state = await h.state(handle);
    expect((await handle.describe()).status.name).toBe('RUNNING');
    expect(state.breaches).toEqual([]);
    await handle.executeUpdate(rcaUpdate, { args: [{ stage: 'draft', body: 'Root cause: controller firmware.' }] });
    // (Not handle.result(): on the time-skipping server it lets the clock run far ahead.)
    const final = await h.state(handle);
    expect((await handle.describe()).status.name).toBe('COMPLETED');
    expect(clockOf(final, 'rca.draft').status).toBe('met');
    expect(final.slaBreached).toBe(false);
    expect(h.notificationsOf(input.ticketId, 'breach')).toHaveLength(0);
  });

  it('Mission Critical P2 on a Sunday: parts that arrive after 4 calendar hours are one hardware breach at the deadline', async () => {
    await h.skipTo('2030-03-31T10:00', zone); // Sunday, the day Italy moved to summer time: calendar hours are elapsed time
    const { handle, input, openedAt } = await h.open('syneto', 'mission-critical', 'P2');
    let state = await h.state(handle);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ target: '2 calendar hours', dueAt: iso(openedAt + 2 * hour) });
    await h.sleep(hour);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking at it.' }] });
    await h.sleep(hour);
    state = await handle.executeUpdate(diagnosisUpdate, { args: [{ replacementRequired: true }] });
    const diagnosed = Date.parse(state.hardware!.diagnosedAt);

    await h.sleep(5 * hour);
    state = await h.state(handle);
    expect(clockOf(state, 'hardware-replacement')).toMatchObject({ status: 'breached' });
    expect(clockOf(state, 'hardware-replacement').breaches.map((b) => b.dueAt)).toEqual([iso(diagnosed + 4 * hour)]);
    state = await handle.executeUpdate(partsDeliveredUpdate, { args: [{}] });
    expect(clockOf(state, 'hardware-replacement').status).toBe('breached');
    expect(clockOf(state, 'acknowledge').status).toBe('met');
    expect(state.slaBreached).toBe(true);
    expect(h.notificationsOf(input.ticketId, 'breach').map((n) => n.clock)).toEqual(['hardware-replacement']);
  });
});
