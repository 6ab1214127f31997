import { PolicyValidationError, validatePolicyDocument } from '../../../../policies/validate-policy';
import { schedulePreview, type PolicyDocument } from '../../../../workflows/policy';
import { clockKinds } from '../../../../workflows/ticket/clock-kinds';
import { currentDetails, ticketState } from '../../../../workflows/ticket/ticket.view';
import {
  allFeatures,
  at,
  clockOf,
  desk,
  eventTypes,
  hour,
  iso,
  level1,
  machinePolicy,
  machineSnapshot,
  MONDAY_9,
  minute,
  notifications,
  openTicket,
  type OpenOptions,
} from './machine-fixtures';

// The desk's answer to each customer message: 2 calendar hours on plan `always` P1, 8 on P2 (best
// effort), 4 business hours on plan `office` P1.
const withNextReply = (change: (d: PolicyDocument) => void = () => undefined) =>
  machineSnapshot((d) => {
    d.targets.always.P1['next-reply'] = { amount: 2, unit: 'calendar-hours', commitment: 'committed' };
    d.targets.always.P2['next-reply'] = { amount: 8, unit: 'calendar-hours', commitment: 'best-effort' };
    d.targets.office.P1['next-reply'] = { amount: 4, unit: 'business-hours', commitment: 'committed' };
    change(d);
  });

const snapshot = withNextReply();
const open = (options: OpenOptions = {}) => openTicket({ snapshot, ...options });

/** Acknowledged at 09:10, so that customer messages from then on wait for an answer. */
const acknowledged = (options: OpenOptions = {}) => {
  const m = open(options);
  m.respond('acknowledgement', (options.openedAt ?? MONDAY_9) + 10 * minute);
  return m;
};

describe('next-reply', () => {
  it('exists only where the policy gives it a target, pending until a customer message', () => {
    expect(openTicket().data.clocks.map((c) => c.clock)).not.toContain('next-reply');
    expect(openTicket({ snapshot, plan: 'office', priority: 'P2' }).data.clocks.map((c) => c.clock)).not.toContain('next-reply');
    expect(clockOf(open(), 'next-reply').status).toBe('pending');
  });

  it('does not start at a message before the first response: the acknowledge clock covers that wait', () => {
    const m = open();
    m.customerReply(MONDAY_9 + 5 * minute);
    expect(clockOf(m, 'next-reply').status).toBe('pending');
  });

  it('starts at a customer message after the first response', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    const clock = clockOf(m, 'next-reply');
    expect([clock.status, clock.occurrence, iso(clock.startedAt), iso(clock.dueAt)]).toEqual([
      'running',
      1,
      '2031-01-06T10:00:00.000Z',
      '2031-01-06T12:00:00.000Z',
    ]);
  });

  it('keeps the earlier deadline when a second message comes before the answer', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    m.customerReply(MONDAY_9 + 90 * minute);
    const clock = clockOf(m, 'next-reply');
    expect([clock.occurrence, iso(clock.dueAt)]).toEqual([1, '2031-01-06T12:00:00.000Z']);
  });

  it('is met by the next agent update; the next message starts a new cycle', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    m.respond('update', MONDAY_9 + 2 * hour);
    expect([clockOf(m, 'next-reply').status, iso(clockOf(m, 'next-reply').stoppedAt)]).toEqual(['met', '2031-01-06T11:00:00.000Z']);
    m.customerReply(MONDAY_9 + 4 * hour);
    const clock = clockOf(m, 'next-reply');
    expect([clock.status, clock.occurrence, iso(clock.dueAt), clock.stoppedAt]).toEqual(['running', 2, '2031-01-06T15:00:00.000Z', null]);
  });

  it('warns at 75% and breaches once per cycle, notifying the desk and escalating', () => {
    // Without the update cadence, whose own breaches would escalate first.
    const m = acknowledged({ snapshot: withNextReply((d) => delete d.targets.always.P1.update) });
    m.customerReply(MONDAY_9 + hour);
    m.advance(MONDAY_9 + 5 * hour);
    const clock = clockOf(m, 'next-reply');
    expect([clock.status, clock.breachCount, clock.warningCount]).toEqual(['breached', 1, 1]);
    expect(clock.warnings[0].at).toBe(at('2031-01-06T11:30:00Z'));
    expect(notifications(m).map((n) => [n.kind, n.clock])).toEqual([
      ['warning', 'next-reply'],
      ['breach', 'next-reply'],
      ['escalation', undefined],
    ]);
    expect(notifications(m, 'breach')[0].recipients).toEqual([desk]);
    expect(notifications(m, 'escalation')[0].recipients).toEqual([level1, desk]);
    expect(m.data.slaBreached).toBe(true);
  });

  it('a breached cycle stays one breach until the desk answers; the answer ends it, a new message starts the next', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    m.advance(MONDAY_9 + 4 * hour);
    m.customerReply(MONDAY_9 + 4 * hour);
    m.advance(MONDAY_9 + 8 * hour);
    expect([clockOf(m, 'next-reply').status, clockOf(m, 'next-reply').breachCount]).toEqual(['breached', 1]);
    m.respond('update', MONDAY_9 + 8 * hour);
    expect([clockOf(m, 'next-reply').status, iso(clockOf(m, 'next-reply').stoppedAt)]).toEqual(['breached', '2031-01-06T17:00:00.000Z']);
    m.customerReply(MONDAY_9 + 9 * hour);
    m.advance(MONDAY_9 + 12 * hour);
    const clock = clockOf(m, 'next-reply');
    expect([clock.occurrence, clock.breachCount, clock.breaches.map((b) => [iso(b.dueAt), b.occurrence])]).toEqual([
      2,
      2,
      [
        ['2031-01-06T12:00:00.000Z', 1],
        ['2031-01-06T20:00:00.000Z', 2],
      ],
    ]);
  });

  it('starts at the message that ends a wait on the customer, and at the one that reopens a resolved ticket', () => {
    const waiting = acknowledged();
    waiting.requestInfo(MONDAY_9 + hour);
    waiting.customerReply(MONDAY_9 + 3 * hour);
    expect(iso(clockOf(waiting, 'next-reply').dueAt)).toBe('2031-01-06T14:00:00.000Z');
    const resolved = acknowledged();
    resolved.resolve('fixed', 'Done.', MONDAY_9 + hour);
    resolved.customerReply(MONDAY_9 + 3 * hour);
    expect([resolved.data.status, iso(clockOf(resolved, 'next-reply').dueAt)]).toEqual(['in-progress', '2031-01-06T14:00:00.000Z']);
  });

  it('does not pause while the ticket awaits the customer: only an acknowledgement or update answers it', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    m.requestInfo(MONDAY_9 + 90 * minute);
    expect([clockOf(m, 'next-reply').status, iso(clockOf(m, 'next-reply').dueAt)]).toEqual(['running', '2031-01-06T12:00:00.000Z']);
  });

  it('stops without a verdict at the resolution and at the close, an open breached cycle included', () => {
    const resolved = acknowledged();
    resolved.customerReply(MONDAY_9 + hour);
    resolved.resolve('fixed', 'Done.', MONDAY_9 + 2 * hour);
    expect([clockOf(resolved, 'next-reply').status, clockOf(resolved, 'next-reply').dueAt]).toEqual(['stopped', null]);
    const closed = acknowledged();
    closed.customerReply(MONDAY_9 + hour);
    closed.closeByAgent('duplicate', MONDAY_9 + 2 * hour);
    expect(clockOf(closed, 'next-reply').status).toBe('stopped');
    const breached = acknowledged();
    breached.customerReply(MONDAY_9 + hour);
    breached.advance(MONDAY_9 + 4 * hour);
    breached.resolve('fixed', 'Late.', MONDAY_9 + 4 * hour);
    expect([clockOf(breached, 'next-reply').status, iso(clockOf(breached, 'next-reply').stoppedAt)]).toEqual([
      'breached',
      '2031-01-06T13:00:00.000Z',
    ]);
    // Reopened, the next message is a new cycle, not the breached one.
    breached.customerReply(MONDAY_9 + 5 * hour);
    expect([clockOf(breached, 'next-reply').status, clockOf(breached, 'next-reply').occurrence]).toEqual(['running', 2]);
  });

  it('a priority change re-targets a running cycle from its start; a cell without it stops it', () => {
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    m.changePriority('P2', MONDAY_9 + 90 * minute);
    expect([iso(clockOf(m, 'next-reply').dueAt), clockOf(m, 'next-reply').target?.commitment]).toEqual(['2031-01-06T18:00:00.000Z', 'best-effort']);
    const office = acknowledged({ plan: 'office' });
    office.customerReply(MONDAY_9 + hour);
    office.changePriority('P2', MONDAY_9 + 90 * minute);
    expect(clockOf(office, 'next-reply').status).toBe('stopped');
  });

  it('counts business hours: a message on Friday at 16:00 is due on Monday at 12:00', () => {
    const friday = at('2031-01-10T15:00:00Z');
    const m = acknowledged({ plan: 'office', openedAt: friday });
    m.customerReply(at('2031-01-10T16:00:00Z'));
    expect(iso(clockOf(m, 'next-reply').dueAt)).toBe('2031-01-13T12:00:00.000Z');
  });

  it('is left out of a history recorded before it existed (its patch not taken)', () => {
    expect(clockKinds['next-reply'].patch).toBe('next-reply-clock');
    const m = openTicket({ snapshot, features: { ...allFeatures, clocksLeftOut: ['next-reply'] } });
    expect(m.data.clocks.map((c) => c.clock)).not.toContain('next-reply');
  });

  it('shows in the schedule preview without a deadline, in the state and in the Web UI details', () => {
    const preview = schedulePreview(snapshot, 'always', 'P1', MONDAY_9);
    expect(preview.clocks.find((c) => c.clock === 'next-reply')).toEqual({
      clock: 'next-reply',
      target: '2 calendar hours',
      commitment: 'committed',
      dueAt: null,
    });
    const m = acknowledged();
    m.customerReply(MONDAY_9 + hour);
    const state = ticketState(m, MONDAY_9 + hour);
    expect(state.clocks.find((c) => c.clock === 'next-reply')).toMatchObject({
      status: 'running',
      dueAt: '2031-01-06T12:00:00.000Z',
      remainingMs: 2 * hour,
    });
    expect(currentDetails(state)).toContain('| next-reply | 2 calendar hours | running | 2031-01-06T12:00:00.000Z |');
    expect(eventTypes(m).at(-1)).toBe('customer.replied');
  });
});

describe('next-reply in a policy document', () => {
  it('is accepted in a cell in any unit', () => {
    const document = machinePolicy((d) => {
      d.targets.office.P1['next-reply'] = { amount: 1, unit: 'next-business-day', commitment: 'committed' };
      d.targets.office.P2['next-reply'] = { amount: 3, unit: 'business-days', commitment: 'best-effort' };
    });
    expect(validatePolicyDocument(document).targets.office.P1['next-reply']).toEqual({
      amount: 1,
      unit: 'next-business-day',
      commitment: 'committed',
    });
  });

  it('a bad next-reply cell is named by its path', () => {
    const document = machinePolicy((d) => {
      d.targets.always.P1['next-reply'] = { amount: 2, unit: 'fortnights', commitment: 'committed' } as never;
    });
    let issues: Array<{ path: string }> = [];
    try {
      validatePolicyDocument(document);
    } catch (error) {
      if (error instanceof PolicyValidationError) issues = error.issues;
    }
    expect(issues.map((i) => i.path)).toEqual(['targets.always.P1.next-reply.unit']);
  });
});
