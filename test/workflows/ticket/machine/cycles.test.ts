import { ticketCycles } from '../../../../workflows/ticket/ticket.view';
import { hour, minute, MONDAY_9, openTicket } from './machine-fixtures';

const t = (hhmm: string) => MONDAY_9 + (Number(hhmm.slice(0, 2)) - 9) * hour + Number(hhmm.slice(3)) * minute;
const iso = (hhmm: string) => new Date(t(hhmm)).toISOString();

/** The records' view of a ticket's cycles, the fields a report reads. */
const cycles = (m: ReturnType<typeof openTicket>, now: number) =>
  ticketCycles(m, now).map((c) => ({
    key: `${c.clock}#${c.cycle}`,
    outcome: c.outcome,
    startedAt: c.startedAt,
    dueAt: c.dueAt,
    stoppedAt: c.stoppedAt,
    breachedAt: c.breachedAt,
    businessMs: c.businessMs,
    pausedMs: c.pausedMs,
    lateBusinessMs: c.lateBusinessMs,
  }));

describe('SLA cycles (the records each event writes)', () => {
  // Plan `always` P1: acknowledge 30 min, updates every hour, resolve 8 h, on a 24x7 calendar.
  it('keeps every cadence interval with its own verdict, a missed one open until the desk answers, paused time out', () => {
    const m = openTicket();
    m.respond('acknowledgement', t('09:10'));
    // Two intervals missed (10:10, 11:10) while nobody wrote; the update at 11:40 meets the third.
    m.advance(t('11:30'));
    m.respond('update', t('11:40'));
    // Waiting on the customer 12:00–12:30 pauses the fourth interval and the resolve clock.
    m.requestInfo(t('12:00'));
    m.customerReply(t('12:30'));
    m.resolve('fixed', 'Done.', t('13:00'));
    expect(cycles(m, t('13:00'))).toEqual([
      {
        key: 'acknowledge#1',
        outcome: 'met',
        startedAt: iso('09:00'),
        dueAt: iso('09:30'),
        stoppedAt: iso('09:10'),
        breachedAt: null,
        businessMs: 10 * minute,
        pausedMs: 0,
        lateBusinessMs: 0,
      },
      {
        key: 'update#1',
        outcome: 'breached',
        startedAt: iso('09:10'),
        dueAt: iso('10:10'),
        stoppedAt: iso('11:40'),
        breachedAt: iso('10:10'),
        businessMs: 150 * minute,
        pausedMs: 0,
        lateBusinessMs: 90 * minute,
      },
      {
        key: 'update#2',
        outcome: 'breached',
        startedAt: iso('10:10'),
        dueAt: iso('11:10'),
        stoppedAt: iso('11:40'),
        breachedAt: iso('11:10'),
        businessMs: 90 * minute,
        pausedMs: 0,
        lateBusinessMs: 30 * minute,
      },
      {
        key: 'update#3',
        outcome: 'met',
        startedAt: iso('11:10'),
        dueAt: iso('12:10'),
        stoppedAt: iso('11:40'),
        breachedAt: null,
        businessMs: 30 * minute,
        pausedMs: 0,
        lateBusinessMs: 0,
      },
      {
        key: 'update#4',
        outcome: 'cancelled',
        startedAt: iso('11:40'),
        dueAt: iso('13:10'),
        stoppedAt: iso('13:00'),
        breachedAt: null,
        businessMs: 50 * minute,
        pausedMs: 30 * minute,
        lateBusinessMs: 0,
      },
      {
        key: 'resolve#1',
        outcome: 'met',
        startedAt: iso('09:00'),
        dueAt: iso('17:30'),
        stoppedAt: iso('13:00'),
        breachedAt: null,
        businessMs: 210 * minute,
        pausedMs: 30 * minute,
        lateBusinessMs: 0,
      },
      // P1 owes an RCA: draft in 2 days, final in 5, from the resolution.
      {
        key: 'rca.draft#1',
        outcome: 'running',
        startedAt: iso('13:00'),
        dueAt: '2031-01-08T13:00:00.000Z',
        stoppedAt: null,
        breachedAt: null,
        businessMs: 0,
        pausedMs: 0,
        lateBusinessMs: 0,
      },
      {
        key: 'rca.final#1',
        outcome: 'running',
        startedAt: iso('13:00'),
        dueAt: '2031-01-11T13:00:00.000Z',
        stoppedAt: null,
        breachedAt: null,
        businessMs: 0,
        pausedMs: 0,
        lateBusinessMs: 0,
      },
    ]);
  });

  it('a cycle in progress reads as running or paused, measured to the event; a priority change moves its due and keeps its start', () => {
    const m = openTicket();
    expect(cycles(m, t('09:20')).find((c) => c.key === 'acknowledge#1')).toMatchObject({
      outcome: 'running',
      dueAt: iso('09:30'),
      businessMs: 20 * minute,
    });
    m.changePriority('P2', t('09:20'));
    // P2 acknowledges in 2 hours from the same start.
    expect(cycles(m, t('09:20')).find((c) => c.key === 'acknowledge#1')).toMatchObject({
      outcome: 'running',
      startedAt: iso('09:00'),
      dueAt: iso('11:00'),
    });
    m.respond('acknowledgement', t('09:30'));
    m.requestInfo(t('10:00'));
    expect(cycles(m, t('10:30')).find((c) => c.key === 'update#1')).toMatchObject({
      outcome: 'paused',
      pausedMs: 30 * minute,
      businessMs: 30 * minute,
    });
  });

  it('a non-recurring clock breached stays one breached cycle, late until it is met', () => {
    const m = openTicket();
    m.advance(t('09:45'));
    m.respond('acknowledgement', t('09:50'));
    expect(cycles(m, t('09:50')).find((c) => c.key === 'acknowledge#1')).toEqual({
      key: 'acknowledge#1',
      outcome: 'breached',
      startedAt: iso('09:00'),
      dueAt: iso('09:30'),
      stoppedAt: iso('09:50'),
      breachedAt: iso('09:30'),
      businessMs: 50 * minute,
      pausedMs: 0,
      lateBusinessMs: 20 * minute,
    });
  });
});
