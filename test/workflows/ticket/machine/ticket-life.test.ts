import { clockNames, schedulePreview } from '../../../../workflows/policy';
import { clockKinds, reactionTo } from '../../../../workflows/ticket/clock-kinds';
import { TicketRefusal } from '../../../../workflows/ticket/ticket.machine';
import { at, clockOf, customer, day, eventTypes, hour, iso, machineSnapshot, MONDAY_9, minute, notifications, openTicket } from './machine-fixtures';

describe('priority change re-targets every clock', () => {
  it('from each clock’s own start, stopping the clocks the new cell lacks', () => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.changePriority('P2', MONDAY_9 + hour);
    const status = Object.fromEntries(m.data.clocks.map((c) => [c.clock, [c.status, iso(c.dueAt)]]));
    expect(status).toEqual({
      acknowledge: ['met', null],
      update: ['running', '2031-01-06T13:10:00.000Z'],
      resolve: ['running', '2031-01-07T09:00:00.000Z'],
      'hardware-replacement': ['stopped', null],
      'rca.draft': ['stopped', null],
      'rca.final': ['stopped', null],
    });
    expect(clockOf(m, 'resolve').target?.commitment).toBe('best-effort');
    expect(m.data.rcaRequired).toBe(false);
    expect(eventTypes(m).at(-1)).toBe('priority-changed');
  });

  it('a deadline the new target puts in the past is one breach now; a cadence restarts from now', () => {
    const m = openTicket({ priority: 'P2' });
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.changePriority('P1', MONDAY_9 + 2 * hour);
    const update = clockOf(m, 'update');
    expect(update.breaches).toEqual([{ dueAt: at('2031-01-06T10:10:00Z'), at: at('2031-01-06T11:00:00Z'), occurrence: 1 }]);
    expect([update.status, iso(update.dueAt)]).toEqual(['running', '2031-01-06T12:00:00.000Z']);
    expect(notifications(m).map((n) => n.kind)).toEqual(['breach', 'escalation']);
    // The clocks P1 adds wait for their own start events.
    expect(['hardware-replacement', 'rca.draft', 'rca.final'].map((c) => clockOf(m, c as 'rca.draft').status)).toEqual([
      'pending',
      'pending',
      'pending',
    ]);
    expect(m.data.rcaRequired).toBe(true);
  });

  it('an acknowledge clock the new cell adds to a new ticket counts from the opening', () => {
    const snapshot = machineSnapshot((d) => delete d.targets.always.P2.acknowledge);
    const m = openTicket({ priority: 'P2', snapshot });
    m.changePriority('P1', MONDAY_9 + 45 * minute);
    expect(clockOf(m, 'acknowledge').breaches).toEqual([{ dueAt: at('2031-01-06T09:30:00Z'), at: at('2031-01-06T09:45:00Z'), occurrence: 1 }]);
  });

  it('an update cadence the new cell adds starts now when in progress, not while awaiting the customer', () => {
    const working = openTicket({ plan: 'office', priority: 'P2' });
    working.respond('acknowledgement', MONDAY_9 + 10 * minute);
    working.changePriority('P1', MONDAY_9 + hour);
    expect(iso(clockOf(working, 'update').dueAt)).toBe('2031-01-06T12:00:00.000Z');
    const waiting = openTicket({ plan: 'office', priority: 'P2' });
    waiting.requestInfo(MONDAY_9 + 10 * minute);
    waiting.changePriority('P1', MONDAY_9 + hour);
    expect(clockOf(waiting, 'update').status).toBe('pending');
  });

  it('a paused clock stays paused with its new target and resumes with the wait kept out', () => {
    const m = openTicket();
    m.requestInfo(MONDAY_9 + hour);
    m.changePriority('P2', MONDAY_9 + 2 * hour);
    expect([clockOf(m, 'resolve').status, clockOf(m, 'resolve').dueAt]).toEqual(['paused', null]);
    m.customerReply(MONDAY_9 + 3 * hour);
    expect(iso(clockOf(m, 'resolve').dueAt)).toBe('2031-01-07T11:00:00.000Z');
  });

  it('is refused for an unknown priority (policy) or the same one (state)', () => {
    const m = openTicket();
    expect(() => m.checkChangePriority('P9')).toThrow(expect.objectContaining({ kind: 'policy' }));
    expect(() => m.checkChangePriority('P1')).toThrow('it is already P1');
  });
});

describe('customer silence', () => {
  const waiting = () => {
    const m = openTicket({ priority: 'P2' });
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.requestInfo(MONDAY_9 + hour);
    return m;
  };

  it('reminds the customer every 2 days, twice at most, and closes after 5 days of silence', () => {
    const m = waiting();
    expect([iso(m.data.silence!.nextReminderAt), iso(m.data.silence!.closesAt)]).toEqual(['2031-01-08T10:00:00.000Z', '2031-01-11T10:00:00.000Z']);
    m.advance(MONDAY_9 + 5 * day + hour);
    expect(notifications(m, 'reminder').map((n) => [n.at, n.recipients])).toEqual([
      ['2031-01-08T10:00:00.000Z', [customer]],
      ['2031-01-10T10:00:00.000Z', [customer]],
    ]);
    expect(notifications(m, 'reminder')[0].body).toContain('the information we asked for');
    expect([m.data.status, m.data.closure?.by, iso(m.data.reopenUntil)]).toEqual(['closed', 'policy', '2031-01-18T10:00:00.000Z']);
    expect(notifications(m, 'closure')[0].body).toContain('Reply to reopen it until 2031-01-18T10:00:00.000Z');
    expect(eventTypes(m).slice(-3)).toEqual(['customer.reminded', 'customer.reminded', 'auto-closed']);
  });

  it('a reply ends the wait: no reminder, no close, the clocks run again', () => {
    const m = waiting();
    m.customerReply(MONDAY_9 + day);
    expect([m.data.status, m.data.silence]).toEqual(['in-progress', null]);
    expect(m.nextDueAt()?.what).toBe('update 75% warning');
  });

  it('a further request while waiting counts as one and keeps the inactivity close from the first', () => {
    const m = waiting();
    m.requestInfo(MONDAY_9 + day);
    expect([m.data.silence!.requests, iso(m.data.silence!.closesAt)]).toEqual([2, '2031-01-11T10:00:00.000Z']);
  });

  it('a resolution waits for the customer’s confirmation the same way', () => {
    const m = openTicket({ priority: 'P2' });
    m.resolve('fixed', 'Done.', MONDAY_9 + hour);
    m.advance(MONDAY_9 + 2 * day + hour);
    expect(notifications(m, 'reminder')[0].body).toContain('your confirmation that the problem is solved');
    m.advance(MONDAY_9 + 5 * day + hour);
    expect(m.data.closure?.by).toBe('policy');
  });
});

describe('close and reopen', () => {
  const closed = (change?: Parameters<typeof machineSnapshot>[0]) => {
    const m = openTicket({ priority: 'P2', snapshot: machineSnapshot(change) });
    m.resolve('fixed', 'Done.', MONDAY_9 + hour);
    m.confirm(MONDAY_9 + 2 * hour);
    return m;
  };

  it('a confirmation closes the ticket; the survey goes out when the policy asks for one', () => {
    expect([closed().data.closure?.by, notifications(closed())]).toEqual(['customer', []]);
    expect(
      notifications(
        closed((d) => (d.surveyOnClose = true)),
        'survey',
      ).map((n) => n.recipients),
    ).toEqual([[customer]]);
  });

  it('a reply inside the reopen window reopens the ticket', () => {
    const m = closed();
    m.customerReply(MONDAY_9 + 3 * day);
    expect([m.data.status, m.data.closure, m.data.reopenUntil]).toEqual(['in-progress', null, null]);
    expect(eventTypes(m).at(-1)).toBe('reopened');
  });

  it('after the window a reply is refused and the workflow may end', () => {
    const m = closed();
    expect(m.finished()).toBe(false);
    m.advance(MONDAY_9 + 8 * day);
    expect(eventTypes(m).at(-1)).toBe('reopen-window-ended');
    expect(() => m.checkCustomerReply()).toThrow(TicketRefusal);
    expect(() => m.checkReopen()).toThrow('its reopen window is over');
    expect(m.finished()).toBe(true);
  });

  it('refuses to close twice and to act on a closed ticket', () => {
    const m = closed();
    expect(() => m.checkClose()).toThrow('cannot close: the ticket is closed');
    expect(() => m.checkRespond('update')).toThrow(TicketRefusal);
  });
});

describe('escalation and notifications', () => {
  it('escalates by hand one level at a time, and no further than the policy’s levels', () => {
    const m = openTicket();
    m.escalate(MONDAY_9 + minute, 'VIP customer');
    expect(notifications(m, 'escalation')[0].body).toBe(
      'The ticket was escalated to level 1 (Duty manager): VIP customer.\n\nTicket T-1 (Machine test policy, plan always, priority P1, status new).',
    );
    expect(() => m.checkEscalate()).toThrow('already at the highest escalation level, Duty manager');
  });

  it('a warning is stale once its clock was met, and is withdrawn instead of retried', () => {
    const m = openTicket();
    m.advance(MONDAY_9 + 25 * minute);
    const [warning] = notifications(m, 'warning');
    expect(m.isStale(warning)).toBe(false);
    m.park(warning, 'relay down', 5, MONDAY_9 + 26 * minute);
    m.respond('acknowledgement', MONDAY_9 + 27 * minute);
    expect(m.isStale(warning)).toBe(true);
    expect(m.unpark(undefined, MONDAY_9 + 28 * minute)).toEqual([]);
    expect(eventTypes(m).at(-1)).toBe('notification.withdrawn');
  });

  it('a notification parked because its delivery log was down is retried by the machine after 30 s', () => {
    const m = openTicket();
    m.advance(MONDAY_9 + 25 * minute);
    const [warning] = notifications(m, 'warning');
    m.park(warning, 'log down', 5, MONDAY_9 + 25 * minute, { logUnavailable: true, round: 0 });
    expect(m.nextDueAt()).toEqual({ at: MONDAY_9 + 25 * minute + 30_000, what: `automatic retry of ${warning.notificationId}` });
    m.advance(MONDAY_9 + 26 * minute);
    expect(m.outbox.at(-1)).toEqual({ kind: 'notify', notification: warning, round: 1 });
  });
});

describe('the clock table', () => {
  it('describes every clock name', () => {
    expect(Object.keys(clockKinds).sort()).toEqual([...clockNames].sort());
  });

  it('is what the schedule preview reads: deadlines for the clocks that start at the opening', () => {
    const preview = schedulePreview(machineSnapshot(), 'always', 'P1', MONDAY_9);
    expect(preview.clocks.map((c) => [c.clock, c.dueAt])).toEqual([
      ['acknowledge', '2031-01-06T09:30:00.000Z'],
      ['update', null],
      ['resolve', '2031-01-06T17:00:00.000Z'],
      ['rca.draft', null],
      ['rca.final', null],
      ['hardware-replacement', null],
    ]);
  });

  it('a clock kind a history predates is left out of its ticket (TicketFeatures.clocksLeftOut)', () => {
    const m = openTicket({ features: { clocksLeftOut: ['hardware-replacement'] } });
    expect(m.data.clocks.map((c) => c.clock)).toEqual(['acknowledge', 'update', 'resolve', 'rca.draft', 'rca.final']);
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.changePriority('P2', MONDAY_9 + hour);
    m.changePriority('P1', MONDAY_9 + 2 * hour);
    expect(m.data.clocks.map((c) => c.clock)).not.toContain('hardware-replacement');
  });

  it('rules may depend on the ticket: an RCA starts at the resolution only when one is owed', () => {
    expect(reactionTo('rca.draft', 'resolved', { status: 'in-progress', rcaRequired: true })).toBe('start-once');
    expect(reactionTo('rca.draft', 'resolved', { status: 'in-progress', rcaRequired: false })).toBeNull();
    expect(reactionTo('acknowledge', 'customer-replied', { status: 'new', rcaRequired: false })).toBeNull();
  });
});
