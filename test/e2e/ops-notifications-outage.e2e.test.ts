import { randomBytes } from 'node:crypto';
import { freePort } from '../../infra/process/children';
import { eventually, startE2eApp, startMailCatcher, type E2eApp, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';

/**
 * Notifications whose delivery log is out of reach, and many parked notifications retried at once,
 * end to end. The worker's PostgreSQL is "down" (its pool points at a closed port) while the API's
 * is up, so operations can look on while the notify activity cannot write its log: the breach
 * notification parks without a single logged attempt, is listed from its workflow, and is sent by
 * the workflow itself once the worker reaches its database again. Then a relay outage parks the
 * breaches of three tickets, and ops retry them by organisation and then all at once.
 */
describe('ops: notifications parked while the delivery log is down, and retried in bulk (dev server, PostgreSQL, SMTP)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-outage-${suffix}`;
  const desk = [`desk-${suffix}@support.test`, `duty-${suffix}@support.test`];
  let relay: MailCatcher;
  let app: E2eApp;
  let deadDatabase: string;

  beforeAll(async () => {
    relay = await startMailCatcher();
    // Nothing listens on this port: every connection of the worker's pool is refused.
    deadDatabase = `postgres://slaflow:slaflow@127.0.0.1:${await freePort()}/slaflow`;
    app = await startE2eApp({ smtpUrl: relay.url, deliveryTimeoutMs: 2_000, workerDatabaseUrl: deadDatabase });
    // Acknowledge within 3 s, no warning: each ticket's one notification is its breach.
    const policy = e2ePolicy({ id: policyId, name: 'E2E outage: seconds-long targets', targets: { P1: { acknowledge: seconds(3) } }, desk });
    expect((await app.http('POST', '/policies', { body: policy, as: 'ops' })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
  });

  const open = async (organisation: string): Promise<string> => {
    const opened = await app.http('POST', '/tickets', {
      body: { policy: policyId, plan: 'standard', priority: 'P1', organisation, subject: 'Array offline' },
    });
    expect(opened.status).toBe(201);
    return opened.body.ticketId as string;
  };
  const mailsOf = (ticketId: string) => relay.messages.filter((mail) => mail.header('X-Slaflow-Ticket-Id') === ticketId);

  it('a breach notification parked before any attempt was logged is listed from its workflow and sent by the workflow itself once the database is back', async () => {
    const organisation = `log-down-${suffix}`;
    const ticketId = await open(organisation);

    // Breach at +3 s; five attempts, each refused by the database, park it at about +33 s.
    const parked = await eventually(
      () => app.http('GET', `/ops/notifications?status=failed&ticketId=${ticketId}`, { as: 'ops' }),
      (answer) => answer.body.items?.length === 2,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    const notificationId = parked.body.items[0].notificationId as string;
    expect(notificationId).toMatch(new RegExp(`^${ticketId}/\\d+-breach-acknowledge$`));
    for (const address of desk) {
      expect(parked.body.items).toContainEqual(
        expect.objectContaining({
          notificationId,
          ticketId,
          organisation,
          kind: 'breach',
          recipient: `email:${address}`,
          status: 'failed',
          attempts: 5,
          lastError: expect.stringContaining('delivery log (PostgreSQL) could not be written'),
          source: 'workflow',
          parked: true,
          firstAttemptAt: null,
          autoRetryAt: expect.any(String),
        }),
      );
    }
    expect(relay.messages).toEqual([]);
    // Nothing of it reached the log.
    const logged = await app.pool.query('SELECT count(*)::int AS n FROM notification_deliveries WHERE notification_id = $1', [notificationId]);
    expect(logged.rows[0].n).toBe(0);

    // The database is back for the worker. No operator acts: the workflow's own retry sends it.
    await app.stopWorker();
    await app.startWorker({ smtpUrl: relay.url, deliveryTimeoutMs: 2_000 });
    await eventually(
      async () => mailsOf(ticketId).length,
      (count) => count === desk.length,
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const delivered = await eventually(
      () => app.http('GET', `/ops/notifications?ticketId=${ticketId}`, { as: 'ops' }),
      (answer) => answer.body.items?.length === 2 && answer.body.items.every((row: { status: string }) => row.status === 'delivered'),
    );
    for (const row of delivered.body.items) expect(row).toMatchObject({ source: 'log', parked: false, attempts: 1 });
    const events = await eventually(
      () => app.http('GET', `/tickets/${ticketId}/events`),
      (answer) => Array.isArray(answer.body.items) && answer.body.items.length >= 4,
      // The audit writes wait out their own backoff (up to a minute) after the database is back, and
      // land in any order: the automatic retry's is written inside its own task once the database is
      // back, while the breach's, refused there during the outage, waits for its activity's next attempt.
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual([
      'opened',
      'acknowledge.breached',
      'notification.parked',
      'notification.retried',
    ]);
    expect(events.body.items[3].detail).toEqual({ notificationId, automatic: true });
    // Once each, and no more after a while.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      mailsOf(ticketId)
        .map((mail) => mail.to)
        .sort(),
    ).toEqual(desk.map((address) => [address]).sort());
  }, 150_000);

  it('POST /ops/notifications/retry sends again the parked notifications of an organisation, then all of them, each once', async () => {
    await relay.down();
    const acme = `bulk-acme-${suffix}`;
    const other = `bulk-other-${suffix}`;
    const acmeTickets = [await open(acme), await open(acme)];
    const otherTicket = await open(other);
    const all = [...acmeTickets, otherTicket];

    // Every breach parks after its five attempts, and visibility lists the three workflows.
    for (const ticketId of all) {
      await eventually(
        () => app.http('GET', `/tickets/${ticketId}`),
        (answer) => answer.body.parkedNotifications?.length === 1,
        { timeoutMs: 60_000, intervalMs: 500 },
      );
    }

    const unsaid = await app.http('POST', '/ops/notifications/retry', { body: {}, as: 'ops' });
    expect(unsaid.status).toBe(400);
    expect(unsaid.body.message).toContain('ticketId, organisation, or all: true');
    expect((await app.http('POST', '/ops/notifications/retry', { body: { all: false }, as: 'ops' })).status).toBe(400);
    expect((await app.http('POST', '/ops/notifications/retry', { body: { all: true }, as: 'agent' })).status).toBe(403);

    await relay.up();
    const byOrganisation = await eventually(
      () => app.http('POST', '/ops/notifications/retry', { body: { organisation: acme }, as: 'ops' }),
      (answer) => answer.status === 202 && answer.body.signalled === 2,
    );
    expect(byOrganisation.body.tickets.map((t: { ticketId: string }) => t.ticketId).sort()).toEqual([...acmeTickets].sort());
    for (const ticketId of acmeTickets) {
      await eventually(
        async () => mailsOf(ticketId).length,
        (count) => count === desk.length,
        { timeoutMs: 20_000 },
      );
    }
    expect(mailsOf(otherTicket)).toEqual([]);

    const everything = await app.http('POST', '/ops/notifications/retry', { body: { all: true }, as: 'ops' });
    expect(everything.status).toBe(202);
    expect(everything.body.tickets.map((t: { ticketId: string }) => t.ticketId)).toContain(otherTicket);
    await eventually(
      async () => mailsOf(otherTicket).length,
      (count) => count === desk.length,
      { timeoutMs: 20_000 },
    );

    for (const ticketId of all) {
      const cleared = await eventually(
        () => app.http('GET', `/tickets/${ticketId}`),
        (answer) => answer.body.parkedNotifications.length === 0,
      );
      expect(cleared.body.notificationFailures).toBe(1);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    for (const ticketId of all)
      expect(
        mailsOf(ticketId)
          .map((mail) => mail.to)
          .sort(),
      ).toEqual(desk.map((address) => [address]).sort());
  }, 150_000);
});
