import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, startMailCatcher, type E2eApp, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Deadlines pass while no worker runs. Temporal keeps the timers; when a worker comes back each
 * breach is recorded at its deadline instant (the workflow's clock, not the restart's), its
 * notification goes out once, and an action sent while the worker was away is applied, not lost.
 */
describe('a worker restart while tickets wait on deadlines (dev server, PostgreSQL, SMTP)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-restart-${suffix}`;
  const organisation = `restart-${suffix}`;
  const desk = `desk-${suffix}@support.test`;
  let relay: MailCatcher;
  let app: E2eApp;

  beforeAll(async () => {
    relay = await startMailCatcher();
    app = await startE2eApp({ smtpUrl: relay.url });
    // 24x7, acknowledge within 6 s (P1) or 9 s (P2): deadlines that pass while the worker is down.
    const policy = e2ePolicy({
      id: policyId,
      name: 'E2E restart: seconds-long targets',
      targets: { P1: { acknowledge: seconds(6) }, P2: { acknowledge: seconds(9) } },
      desk: [desk],
    });
    expect((await app.http('POST', '/policies', { body: policy, as: 'ops' })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
  });

  it('records every breach at its deadline once a new worker starts, delivers each notification once, and applies an action sent meanwhile', async () => {
    const open = async (priority: string, subject: string) => {
      const answer = await app.http('POST', '/tickets', { body: { policy: policyId, plan: 'standard', priority, organisation, subject } });
      expect(answer.status).toBe(201);
      return { ticketId: answer.body.ticketId as string, dueAt: answer.body.clocks[0].dueAt as string };
    };
    const tickets = [await open('P1', 'Mail queue stuck'), await open('P2', 'VPN flaps'), await open('P1', 'Disk full')];
    const quiet = { ticketId: (await open('P2', 'Acknowledged in time')).ticketId };
    expect((await app.http('POST', `/tickets/${quiet.ticketId}/responses`, { body: { kind: 'acknowledgement', body: 'On it.' } })).status).toBe(200);

    await app.stopWorker();
    const stoppedAt = Date.now();
    const lastDeadline = Math.max(...tickets.map((ticket) => Date.parse(ticket.dueAt)));
    expect(lastDeadline).toBeGreaterThan(stoppedAt);

    // Every deadline passes with no worker: nothing can record or send anything.
    await sleep(lastDeadline - Date.now() + 2_000);
    const ids = tickets.map((ticket) => ticket.ticketId);
    const duringOutage = await app.pool.query<{ count: string }>(
      `SELECT count(*) FROM ticket_events WHERE ticket_id = ANY($1) AND type = 'acknowledge.breached'`,
      [ids],
    );
    expect(Number(duringOutage.rows[0].count)).toBe(0);
    expect(relay.messages).toEqual([]);

    // An agent answers the quiet ticket while the worker is away: the API call waits for a worker.
    const lateUpdate = app.http('POST', `/tickets/${quiet.ticketId}/responses`, { body: { kind: 'update', body: 'Still on it.' } });
    await sleep(500);

    const restartedAt = Date.now();
    await app.startWorker();

    for (const { ticketId, dueAt } of tickets) {
      const state = await eventually(
        () => app.http('GET', `/tickets/${ticketId}`),
        (answer) => answer.body.breaches?.length === 1,
        { timeoutMs: 20_000 },
      );
      // Recorded at the deadline instant, seconds before the worker came back.
      expect(state.body.breaches).toEqual([expect.objectContaining({ clock: 'acknowledge', dueAt, at: dueAt, commitment: 'committed' })]);
      expect(Date.parse(state.body.breaches[0].at)).toBeLessThan(restartedAt);
      expect(state.body).toMatchObject({ slaBreached: true, parkedNotifications: [] });
      expect(state.body.clocks[0]).toMatchObject({ clock: 'acknowledge', status: 'breached' });
    }

    const mails = await eventually(
      async () => relay.messages.filter((mail) => ids.includes(mail.header('X-Slaflow-Ticket-Id') ?? '')),
      (found) => found.length === tickets.length,
      { timeoutMs: 20_000 },
    );
    expect(mails.map((mail) => mail.header('X-Slaflow-Ticket-Id')).sort()).toEqual([...ids].sort());
    for (const mail of mails) {
      expect(mail.to).toEqual([desk]);
      expect(mail.header('X-Slaflow-Notification-Id')).toMatch(/\/\d+-breach-acknowledge$/);
    }

    // The audit trail has the breach at its deadline; the projection says breached.
    for (const { ticketId, dueAt } of tickets) {
      const events = await eventually(
        () => app.http('GET', `/tickets/${ticketId}/events`),
        (answer) => answer.body.items?.length === 2,
      );
      expect(events.body.items.map((event: { type: string; at: string }) => [event.type, event.at])).toEqual([
        ['opened', expect.any(String)],
        ['acknowledge.breached', dueAt],
      ]);
    }
    const listed = await eventually(
      () => app.http('GET', `/tickets?policy=${policyId}&breached=true`),
      (answer) => answer.body.items?.length === tickets.length,
    );
    expect(listed.body.items.map((ticket: { ticketId: string }) => ticket.ticketId).sort()).toEqual([...ids].sort());

    // The action sent during the outage was applied once the worker was back; the acknowledged ticket never breached.
    const update = await lateUpdate;
    expect(update.status).toBe(200);
    expect(update.body).toMatchObject({ status: 'in-progress', slaBreached: false, breaches: [] });
    const quietEvents = await eventually(
      () => app.http('GET', `/tickets/${quiet.ticketId}/events`),
      (answer) => answer.body.items?.length === 3,
    );
    expect(quietEvents.body.items.map((event: { type: string }) => event.type)).toEqual(['opened', 'acknowledged', 'updated']);

    // Delivered once each: nothing more arrives after the log says delivered.
    const log = await app.pool.query<{ ticket_id: string; status: string; attempts: number }>(
      'SELECT ticket_id, status, attempts FROM notification_deliveries WHERE ticket_id = ANY($1)',
      [ids],
    );
    expect(log.rows.map((row) => [row.status, row.attempts])).toEqual(ids.map(() => ['delivered', 1]));
    await sleep(500);
    expect(relay.messages).toHaveLength(tickets.length);
  }, 90_000);

  it('an acknowledgement that reaches the workflow only after its deadline passed (worker down) still counts the breach, at the deadline', async () => {
    const opened = await app.http('POST', '/tickets', {
      body: { policy: policyId, plan: 'standard', priority: 'P1', organisation, subject: 'Late answer' },
    });
    const ticketId: string = opened.body.ticketId;
    const dueAt: string = opened.body.clocks[0].dueAt;
    await app.stopWorker();
    await sleep(Date.parse(dueAt) - Date.now() + 1_000);
    // Sent after the deadline; the workflow sees it only when a worker is back.
    const late = app.http('POST', `/tickets/${ticketId}/responses`, { body: { kind: 'acknowledgement', body: 'Sorry for the wait.' } });
    await sleep(500);
    await app.startWorker();
    const answer = await late;
    expect(answer.status).toBe(200);
    expect(answer.body.status).toBe('in-progress');
    expect(answer.body.breaches).toEqual([expect.objectContaining({ clock: 'acknowledge', dueAt, at: dueAt })]);
    expect(answer.body.clocks[0]).toMatchObject({ clock: 'acknowledge', status: 'breached' });
    const events = await eventually(
      () => app.http('GET', `/tickets/${ticketId}/events`),
      (found) => found.body.items?.length === 3,
    );
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual(['opened', 'acknowledge.breached', 'acknowledged']);
  }, 60_000);
});
