import { performance } from 'node:perf_hooks';
import { clockOf, day, hour, iso, TicketHarness, wallClock } from '../helpers/ticket-harness';

const zone = 'Europe/Berlin';
const { wallPlus, offsetFrom } = wallClock(zone);

// The Java test server skips simulated time: a ticket sleeps through ten simulated days, its
// deadlines fire on the way, and the test takes a fraction of that in wall time. The wall time of
// the sleep is printed, not asserted (no timed assertions in tests).
describe('time skipping on the Java test server', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('Tiered EU Gold S3 sleeps ten simulated days in one sleep: both deadlines breach at exactly their instants, across the autumn DST change', async () => {
    // Monday 21 October 2030, 10:00 CEST (08:00Z). Berlin falls back on Sunday 27 October.
    await h.skipTo('2030-10-21T10:00', zone);
    const { handle, input, openedAt } = await h.open('tiered-eu', 'gold', 'S3');
    const o = offsetFrom(openedAt, '2030-10-21T10:00');
    let state = await h.state(handle);
    // First response 8 business hours: Monday 10:00-17:00, Tuesday 09:00-10:00 CEST (08:00Z).
    const acknowledgeDue = iso(Date.parse('2030-10-22T08:00:00.000Z') + o);
    expect(wallPlus('2030-10-22T10:00', o)).toBe(acknowledgeDue);
    expect(clockOf(state, 'acknowledge')).toMatchObject({ status: 'running', target: '8 business hours', dueAt: acknowledgeDue });
    // Resolution 7 business days: Tue 22, Wed 23, Thu 24, Fri 25, Mon 28, Tue 29, Wed 30 October at
    // 10:00 local, which after the fall-back is CET (09:00Z): 9 days and 1 hour after the opening.
    const resolveDue = iso(Date.parse('2030-10-30T09:00:00.000Z') + o);
    expect(wallPlus('2030-10-30T10:00', o)).toBe(resolveDue);
    expect(Date.parse(resolveDue) - openedAt).toBe(9 * day + hour);
    expect(clockOf(state, 'resolve')).toMatchObject({ status: 'running', target: '7 business days', dueAt: resolveDue });

    const before = await h.now();
    const started = performance.now();
    await h.sleep(10 * day);
    const sleepMs = performance.now() - started;
    const after = await h.now();
    console.log(
      `time skipping: ${((after - before) / day).toFixed(3)} simulated days (${iso(before)} to ${iso(after)}) ` +
        `in one sleep of ${sleepMs.toFixed(0)} ms wall time`,
    );
    expect(after - before).toBeGreaterThanOrEqual(10 * day);

    state = await h.state(handle);
    const acknowledge = clockOf(state, 'acknowledge');
    expect(acknowledge.status).toBe('breached');
    expect(acknowledge.breaches.map((b) => ({ dueAt: b.dueAt, at: b.at }))).toEqual([{ dueAt: acknowledgeDue, at: acknowledgeDue }]);
    const resolve = clockOf(state, 'resolve');
    expect(resolve.status).toBe('breached');
    // Recorded at the deadline itself, not when the sleep ended.
    expect(resolve.breaches.map((b) => ({ dueAt: b.dueAt, at: b.at }))).toEqual([{ dueAt: resolveDue, at: resolveDue }]);
    expect(resolve.breachCount).toBe(1);
    expect(h.eventsOf(input.ticketId, 'resolve.breached').map((event) => event.at)).toEqual([resolveDue]);
    expect(h.notificationsOf(input.ticketId, 'breach').map((n) => [n.clock, n.at])).toEqual([
      ['acknowledge', acknowledgeDue],
      ['resolve', resolveDue],
    ]);
    expect(state.slaBreached).toBe(true);
  });
});
