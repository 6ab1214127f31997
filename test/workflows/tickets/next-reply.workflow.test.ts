import { presetDocument, resolvePolicySnapshot } from '../../../policies';
import { customerReplyUpdate, respondUpdate } from '../../../workflows/ticket/contract';
import { NextDeadlineKey } from '../../../workflows/ticket/search-attributes';
import { clockOf, hour, minute, TicketHarness, wallClock } from '../../helpers/ticket-harness';

const zone = 'Europe/Rome';
const { wallPlus, offsetFrom } = wallClock(zone);

// The next-reply clock on the time-skipping server: Syneto's preset with a custom cell giving Pro P2
// a next reply within 4 business hours (Mon–Fri 09:00–17:00 Europe/Rome). Pro P2 runs no update
// cadence, so once acknowledged the next reply is the ticket's only deadline. Fixed dates (March
// 2031, before the change to summer time), so every deadline is worked out by hand.
describe('next-reply on a business-hours calendar', () => {
  const h = new TicketHarness();
  beforeAll(() => h.setUp());
  afterEach(() => h.endTickets());
  afterAll(() => h.tearDown());

  it('a Friday-evening message is due Monday in business hours; a second message keeps it; an update meets it; a missed one breaches once and notifies', async () => {
    await h.skipTo('2031-03-07T14:00', zone); // Friday
    const document = presetDocument('syneto');
    document.targets.pro.P2['next-reply'] = { amount: 4, unit: 'business-hours', commitment: 'committed' };
    const snapshot = resolvePolicySnapshot(document, { at: await h.now() });
    const { handle, input } = await h.open('syneto', 'pro', 'P2', { snapshot });
    let state = await h.state(handle);
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'pending', target: '4 business hours', dueAt: null });

    await h.sleep(10 * minute);
    await handle.executeUpdate(respondUpdate, { args: [{ kind: 'acknowledgement', body: 'Looking into it.' }] });
    await h.sleep(2 * hour + 20 * minute);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'It happened again at 16:25.' }] });
    // Friday 16:30: 30 minutes left on Friday, 3 h 30 on Monday 10 March → 12:30.
    const replied = offsetFrom(clockOf(state, 'next-reply').startedAt!, '2031-03-07T16:30');
    const firstDue = wallPlus('2031-03-10T12:30', replied);
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'running', dueAt: firstDue });
    expect((await handle.describe()).typedSearchAttributes.get(NextDeadlineKey)?.toISOString()).toBe(firstDue);

    await h.sleep(90 * minute);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Any news?' }] });
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'running', dueAt: firstDue });

    await h.skipTo('2031-03-10T10:00', zone);
    state = await handle.executeUpdate(respondUpdate, { args: [{ kind: 'update', body: 'Found it: a firmware bug.' }] });
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'met', breachCount: 0 });
    expect((await handle.describe()).typedSearchAttributes.get(NextDeadlineKey)).toBeUndefined();

    await h.skipTo('2031-03-10T11:00', zone);
    state = await handle.executeUpdate(customerReplyUpdate, { args: [{ body: 'Which version fixes it?' }] });
    const asked = offsetFrom(clockOf(state, 'next-reply').startedAt!, '2031-03-10T11:00');
    const secondDue = wallPlus('2031-03-10T15:00', asked);
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'running', dueAt: secondDue });

    await h.skipTo('2031-03-10T18:00', zone);
    state = await h.state(handle);
    expect(clockOf(state, 'next-reply')).toMatchObject({ status: 'breached', breachCount: 1, warningCount: 1 });
    expect(clockOf(state, 'next-reply').breaches).toEqual([{ clock: 'next-reply', dueAt: secondDue, at: secondDue, commitment: 'committed' }]);
    const breaches = h.notificationsOf(input.ticketId, 'breach');
    expect(breaches.map((n) => [n.clock, n.at])).toEqual([['next-reply', secondDue]]);
    expect(h.notificationsOf(input.ticketId, 'warning').map((n) => [n.clock, n.at])).toEqual([['next-reply', wallPlus('2031-03-10T14:00', asked)]]);
    expect(h.notificationsOf(input.ticketId, 'escalation')).toHaveLength(1);
    expect(state.slaBreached).toBe(true);
  });
});
