import { TicketRefusal } from '../../../../workflows/ticket/ticket.machine';
import { allFeatures, at, clockOf, day, desk, eventTypes, hour, iso, level1, MONDAY_9, minute, notifications, openTicket } from './machine-fixtures';

// Plan `always`, P1: acknowledge 30 min, update every hour, resolve 8 h, hardware 4 h, RCA draft 2 days and final 5 days.

describe('acknowledge', () => {
  it('starts at the opening', () => {
    const m = openTicket();
    const ack = clockOf(m, 'acknowledge');
    expect([ack.status, iso(ack.startedAt), iso(ack.dueAt)]).toEqual(['running', '2031-01-06T09:00:00.000Z', '2031-01-06T09:30:00.000Z']);
  });

  it('counts from the opening when the workflow first runs later, breaching at its own instant', () => {
    const m = openTicket({ now: MONDAY_9 + hour });
    expect(clockOf(m, 'acknowledge').breaches).toEqual([{ dueAt: MONDAY_9 + 30 * minute, at: MONDAY_9 + 30 * minute, occurrence: 1 }]);
  });

  it.each([
    ['an acknowledgement', (m: ReturnType<typeof openTicket>, t: number) => m.respond('acknowledgement', t)],
    ['a progress update', (m: ReturnType<typeof openTicket>, t: number) => m.respond('update', t)],
    ['an information request', (m: ReturnType<typeof openTicket>, t: number) => m.requestInfo(t)],
    ['a split', (m: ReturnType<typeof openTicket>, t: number) => void m.split({ incidents: [{ subject: 'one', priority: 'P2' }] }, t)],
  ])('is met by the first agent response, %s', (_name, act) => {
    const m = openTicket();
    act(m, MONDAY_9 + 10 * minute);
    const ack = clockOf(m, 'acknowledge');
    expect([ack.status, iso(ack.stoppedAt), ack.dueAt]).toEqual(['met', '2031-01-06T09:10:00.000Z', null]);
    expect(eventTypes(m)).toContain('acknowledged');
  });

  it('is met by a resolution of a new ticket', () => {
    const m = openTicket();
    m.resolve('fixed', 'Done.', MONDAY_9 + 5 * minute);
    expect(clockOf(m, 'acknowledge').status).toBe('met');
    expect(eventTypes(m).slice(-2)).toEqual(['acknowledged', 'resolved']);
  });

  it('warns the desk at 75% of its target', () => {
    const m = openTicket();
    m.advance(MONDAY_9 + 22 * minute);
    expect(clockOf(m, 'acknowledge').warned).toEqual([]);
    m.advance(MONDAY_9 + 23 * minute);
    expect(clockOf(m, 'acknowledge').warnings).toEqual([{ threshold: 0.75, at: at('2031-01-06T09:22:30Z'), occurrence: 1 }]);
    const [warning] = notifications(m, 'warning');
    expect(warning.clock).toBe('acknowledge');
    expect(warning.recipients).toEqual([desk]);
    expect(warning.body).toContain('due at 2031-01-06T09:30:00.000Z');
  });

  it('breaches once at its deadline, notifies the desk and escalates one level', () => {
    const m = openTicket();
    m.advance(MONDAY_9 + 2 * hour);
    const ack = clockOf(m, 'acknowledge');
    expect(ack.status).toBe('breached');
    expect(ack.breachCount).toBe(1);
    expect(m.data.slaBreached).toBe(true);
    expect(m.data.escalationLevel).toBe(1);
    expect(eventTypes(m)).toEqual(['opened', 'acknowledge.warning', 'acknowledge.breached', 'escalated']);
    expect(notifications(m).map((n) => n.kind)).toEqual(['warning', 'breach', 'escalation']);
    expect(notifications(m, 'escalation')[0].recipients).toEqual([level1, desk]);
  });

  it('keeps its breach when the acknowledgement finally comes', () => {
    const m = openTicket();
    m.advance(MONDAY_9 + hour);
    m.respond('acknowledgement', MONDAY_9 + hour);
    const ack = clockOf(m, 'acknowledge');
    expect([ack.status, iso(ack.stoppedAt)]).toEqual(['breached', '2031-01-06T10:00:00.000Z']);
  });

  it('counts business hours on a business-hours plan: Friday 16:30 + 1 h is Monday 09:30', () => {
    const friday = at('2031-01-10T16:30:00Z');
    const m = openTicket({ plan: 'office', openedAt: friday });
    expect(iso(clockOf(m, 'acknowledge').dueAt)).toBe('2031-01-13T09:30:00.000Z');
  });

  it('stops without a verdict when a new ticket is closed', () => {
    const m = openTicket();
    m.closeByAgent('duplicate', MONDAY_9 + 5 * minute);
    expect(clockOf(m, 'acknowledge').status).toBe('stopped');
  });
});

describe('update cadence', () => {
  const acknowledged = (features = allFeatures) => {
    const m = openTicket({ features });
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    return m;
  };

  it('waits for the first response, then runs from it', () => {
    const m = openTicket();
    expect(clockOf(m, 'update').status).toBe('pending');
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    const update = clockOf(m, 'update');
    expect([update.status, update.occurrence, iso(update.dueAt)]).toEqual(['running', 1, '2031-01-06T10:10:00.000Z']);
  });

  it('starts a new interval at each progress update', () => {
    const m = acknowledged();
    m.respond('update', MONDAY_9 + 50 * minute);
    const update = clockOf(m, 'update');
    expect([update.occurrence, iso(update.dueAt), update.breaches]).toEqual([2, '2031-01-06T10:50:00.000Z', []]);
  });

  it('recurs: a missed interval is one breach and the next deadline is the missed one plus the interval', () => {
    const m = acknowledged();
    m.advance(MONDAY_9 + 2 * hour + 20 * minute);
    const update = clockOf(m, 'update');
    expect(update.breaches.map((b) => iso(b.dueAt))).toEqual(['2031-01-06T10:10:00.000Z', '2031-01-06T11:10:00.000Z']);
    expect([update.status, update.occurrence, iso(update.dueAt)]).toEqual(['running', 3, '2031-01-06T12:10:00.000Z']);
    // A warning per interval, each before its own deadline.
    expect(update.warnings.map((w) => [iso(w.at), w.occurrence])).toEqual([
      ['2031-01-06T09:55:00.000Z', 1],
      ['2031-01-06T10:55:00.000Z', 2],
    ]);
  });

  it('pauses while the ticket awaits the customer and resumes with the time it had left', () => {
    const m = acknowledged();
    m.requestInfo(MONDAY_9 + 40 * minute);
    expect([clockOf(m, 'update').status, clockOf(m, 'update').dueAt]).toEqual(['paused', null]);
    m.advance(MONDAY_9 + 3 * hour);
    expect(clockOf(m, 'update').breaches).toEqual([]);
    m.customerReply(MONDAY_9 + 2 * hour + 40 * minute);
    expect([clockOf(m, 'update').status, iso(clockOf(m, 'update').dueAt)]).toEqual(['running', '2031-01-06T12:10:00.000Z']);
  });

  it('stops without a verdict at the resolution', () => {
    const m = acknowledged();
    m.advance(MONDAY_9 + 80 * minute);
    m.resolve('fixed', 'Done.', MONDAY_9 + 80 * minute);
    const update = clockOf(m, 'update');
    expect([update.status, update.breachCount, update.dueAt]).toEqual(['stopped', 1, null]);
  });

  it('starts again from the reopen', () => {
    const m = acknowledged();
    m.resolve('fixed', 'Done.', MONDAY_9 + hour);
    m.customerReply(MONDAY_9 + 3 * hour);
    const update = clockOf(m, 'update');
    expect([update.status, iso(update.startedAt), iso(update.dueAt)]).toEqual(['running', '2031-01-06T12:00:00.000Z', '2031-01-06T13:00:00.000Z']);
  });

  it('stops at the close even after breaches: each interval had its verdict', () => {
    const m = acknowledged();
    m.advance(MONDAY_9 + 90 * minute);
    m.closeByAgent('customer left', MONDAY_9 + 90 * minute);
    expect(clockOf(m, 'update').status).toBe('stopped');
  });

  it('keeps the 20 most recent breaches in the state with their total (bounded clock history)', () => {
    const m = acknowledged();
    m.advance(MONDAY_9 + 25 * hour + 20 * minute);
    const update = clockOf(m, 'update');
    expect([update.breaches.length, update.breachCount, update.warnings.length, update.warningCount]).toEqual([20, 25, 20, 25]);
    expect(iso(update.breaches[0].dueAt)).toBe('2031-01-06T15:10:00.000Z');
  });

  it('keeps every breach for histories recorded before the bound', () => {
    const m = acknowledged({ durableNotifications: true });
    m.advance(MONDAY_9 + 25 * hour + 20 * minute);
    expect(clockOf(m, 'update').breaches).toHaveLength(25);
  });
});

describe('resolve', () => {
  it('starts at the opening', () => {
    expect(iso(clockOf(openTicket(), 'resolve').dueAt)).toBe('2031-01-06T17:00:00.000Z');
  });

  it('pauses while awaiting the customer: the wait is added to its deadline', () => {
    const m = openTicket();
    m.requestInfo(MONDAY_9 + hour);
    expect(clockOf(m, 'resolve').status).toBe('paused');
    m.customerReply(MONDAY_9 + 3 * hour);
    expect([clockOf(m, 'resolve').status, iso(clockOf(m, 'resolve').dueAt)]).toEqual(['running', '2031-01-06T19:00:00.000Z']);
  });

  it('is met by the resolution', () => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.resolve('fixed', 'Done.', MONDAY_9 + 3 * hour);
    const resolve = clockOf(m, 'resolve');
    expect([resolve.status, iso(resolve.stoppedAt), resolve.dueAt]).toEqual(['met', '2031-01-06T12:00:00.000Z', null]);
  });

  it('resumes on reopen with the time it had used, the time since the resolution kept out', () => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.resolve('fixed', 'Done.', MONDAY_9 + 3 * hour);
    m.reopen(MONDAY_9 + day + 3 * hour, 'still broken');
    const resolve = clockOf(m, 'resolve');
    // 3 h used of 8: 5 h left from Tuesday 12:00.
    expect([resolve.status, resolve.stoppedAt, iso(resolve.dueAt)]).toEqual(['running', null, '2031-01-07T17:00:00.000Z']);
    expect(m.data.status).toBe('in-progress');
  });

  it('stays breached through a reopen', () => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.advance(MONDAY_9 + 9 * hour);
    m.resolve('fixed', 'Late.', MONDAY_9 + 9 * hour);
    m.reopen(MONDAY_9 + 10 * hour, 'still broken');
    expect([clockOf(m, 'resolve').status, clockOf(m, 'resolve').breachCount]).toEqual(['breached', 1]);
  });

  it('stays breached at the close, a running one stops', () => {
    const late = openTicket();
    late.advance(MONDAY_9 + 9 * hour);
    late.closeByAgent('gone', MONDAY_9 + 9 * hour);
    expect(clockOf(late, 'resolve').status).toBe('breached');
    const early = openTicket();
    early.closeByAgent('gone', MONDAY_9 + hour);
    expect(clockOf(early, 'resolve').status).toBe('stopped');
  });

  it('breaches a best-effort target without notifying or marking the ticket breached', () => {
    const m = openTicket({ priority: 'P2' });
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    for (let t = 3; t <= 25; t += 3) m.respond('update', MONDAY_9 + t * hour);
    m.advance(MONDAY_9 + 25 * hour);
    expect(clockOf(m, 'resolve').status).toBe('breached');
    expect(eventTypes(m)).toContain('resolve.breached');
    expect([m.data.slaBreached, notifications(m, 'breach')]).toEqual([false, []]);
  });

  it('is tracked without a deadline for an untimed best-effort cell', () => {
    const m = openTicket({ plan: 'office', priority: 'P2' });
    m.advance(MONDAY_9 + 30 * day);
    // Only the acknowledge clock (breached long ago) had a deadline: nothing more falls due by itself.
    expect([clockOf(m, 'resolve').status, clockOf(m, 'resolve').dueAt, m.nextDueAt()]).toEqual(['running', null, null]);
  });
});

describe('hardware replacement', () => {
  const diagnosed = (replacementRequired: boolean) => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.diagnosis(replacementRequired, MONDAY_9 + hour);
    return m;
  };

  it('starts at a diagnosis that needs a replacement, not at one that does not', () => {
    expect(iso(clockOf(diagnosed(true), 'hardware-replacement').dueAt)).toBe('2031-01-06T14:00:00.000Z');
    expect(clockOf(diagnosed(false), 'hardware-replacement').status).toBe('pending');
  });

  it('is met when the parts are delivered', () => {
    const m = diagnosed(true);
    m.partsDelivered(MONDAY_9 + 3 * hour);
    expect(clockOf(m, 'hardware-replacement').status).toBe('met');
    expect(() => m.checkPartsDelivered()).toThrow(TicketRefusal);
  });

  it('breaches at its deadline and refuses a second diagnosis while under way', () => {
    const m = diagnosed(true);
    expect(() => m.checkDiagnosis()).toThrow('a replacement is already under way');
    m.advance(MONDAY_9 + 6 * hour);
    expect(clockOf(m, 'hardware-replacement').status).toBe('breached');
  });
});

describe('RCA draft and final', () => {
  const resolved = () => {
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.resolve('fixed', 'Done.', MONDAY_9 + 2 * hour);
    return m;
  };

  it('are owed for P1 only and start at the resolution', () => {
    expect(openTicket({ priority: 'P2' }).data.clocks.map((c) => c.clock)).toEqual(['acknowledge', 'update', 'resolve']);
    const m = openTicket();
    expect(clockOf(m, 'rca.draft').status).toBe('pending');
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.resolve('fixed', 'Done.', MONDAY_9 + 2 * hour);
    expect([iso(clockOf(m, 'rca.draft').dueAt), iso(clockOf(m, 'rca.final').dueAt)]).toEqual([
      '2031-01-08T11:00:00.000Z',
      '2031-01-11T11:00:00.000Z',
    ]);
  });

  it('a draft meets the draft clock, a final meets the final (and a draft never sent)', () => {
    const draft = resolved();
    draft.deliverRca('draft', MONDAY_9 + day);
    expect([clockOf(draft, 'rca.draft').status, clockOf(draft, 'rca.final').status]).toEqual(['met', 'running']);
    expect(() => draft.checkRca('draft')).toThrow('the draft was already delivered');
    const final = resolved();
    final.deliverRca('final', MONDAY_9 + day);
    expect([clockOf(final, 'rca.draft').status, clockOf(final, 'rca.final').status]).toEqual(['met', 'met']);
  });

  it('run past the close: the ticket is not finished until they are delivered', () => {
    const m = resolved();
    m.confirm(MONDAY_9 + 3 * hour);
    m.advance(MONDAY_9 + 8 * day + 4 * hour);
    expect(m.data.reopenWindowOver).toBe(true);
    expect(clockOf(m, 'rca.draft').status).toBe('breached');
    expect(m.finished()).toBe(false);
    m.deliverRca('final', MONDAY_9 + 8 * day + 4 * hour);
    expect(m.finished()).toBe(true);
  });

  it('warn with an rca-due notification', () => {
    const m = resolved();
    m.advance(MONDAY_9 + 2 * day);
    expect(notifications(m, 'rca-due').map((n) => n.clock)).toEqual(['rca.draft']);
  });
});
