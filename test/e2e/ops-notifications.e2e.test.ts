import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, startMailCatcher, type E2eApp, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';

/**
 * An SMTP outage, then an operator's retry, end to end: the relay (smtp-server in process) is down
 * when a ticket's acknowledge deadline passes, so the breach notification fails its five attempts
 * (backoff 2, 4, 8, 16 s) and is parked; ops find it in GET /ops/notifications, the relay comes
 * back, ops retry it through the API, and each recipient gets the mail exactly once.
 */
describe('ops: a parked notification retried after an SMTP outage (dev server, PostgreSQL, SMTP)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-ops-${suffix}`;
  const organisation = `ops-org-${suffix}`;
  const desk = [`desk-${suffix}@support.test`, `duty-${suffix}@support.test`];
  let relay: MailCatcher;
  let app: E2eApp;

  beforeAll(async () => {
    relay = await startMailCatcher({ up: false });
    app = await startE2eApp({ smtpUrl: relay.url, deliveryTimeoutMs: 2_000 });
    // 24x7, acknowledge within 0.05 calendar minutes (3 s): a deadline that passes during the test.
    // No warning before the breach: the one notification of this ticket is its breach.
    const policy = e2ePolicy({ id: policyId, name: 'E2E ops: seconds-long targets', targets: { P1: { acknowledge: seconds(3) } }, desk });
    const stored = await app.http('POST', '/policies', { body: policy, as: 'ops' });
    expect(stored.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
  });

  it('parks the breach notification while the relay is down, lists it, and delivers it once per recipient on retry', async () => {
    const opened = await app.http('POST', '/tickets', {
      body: { policy: policyId, plan: 'standard', priority: 'P1', organisation, subject: 'Array offline' },
    });
    expect(opened.status).toBe(201);
    const ticketId: string = opened.body.ticketId;
    expect(opened.body.clocks).toEqual([expect.objectContaining({ clock: 'acknowledge', target: '0.05 calendar minutes', status: 'running' })]);
    const dueAt: string = opened.body.clocks[0].dueAt;
    expect(Date.parse(dueAt) - Date.parse(opened.body.openedAt)).toBe(3_000);

    // Breach at +3 s, then attempts at about +3, +5, +9, +17 and +33 s: parked after the fifth.
    const parked = await eventually(
      () => app.http('GET', `/tickets/${ticketId}`),
      (answer) => answer.body.parkedNotifications?.length === 1,
      { timeoutMs: 60_000, intervalMs: 500 },
    );
    expect(parked.body.parkedNotifications).toEqual([
      expect.objectContaining({ kind: 'breach', attempts: 5, error: expect.stringContaining('ECONNREFUSED') }),
    ]);
    expect(parked.body.breaches).toEqual([expect.objectContaining({ clock: 'acknowledge', dueAt, at: dueAt })]);
    const notificationId: string = parked.body.parkedNotifications[0].notificationId;
    expect(notificationId).toMatch(new RegExp(`^${ticketId}/\\d+-breach-acknowledge$`));
    expect(relay.messages).toEqual([]);

    const failed = await app.http('GET', `/ops/notifications?status=failed&ticketId=${ticketId}`, { as: 'ops' });
    expect(failed.status).toBe(200);
    expect(failed.body).toEqual({ items: expect.any(Array), nextCursor: null });
    expect(failed.body.items).toHaveLength(2);
    // A page at a time: the same two rows, one by one, in the same order.
    const firstPage = await app.http('GET', `/ops/notifications?status=failed&ticketId=${ticketId}&limit=1`, { as: 'ops' });
    expect(firstPage.body).toEqual({ items: [failed.body.items[0]], nextCursor: expect.any(String) });
    const secondPage = await app.http('GET', `/ops/notifications?status=failed&ticketId=${ticketId}&limit=1&cursor=${firstPage.body.nextCursor}`, {
      as: 'ops',
    });
    expect(secondPage.body).toEqual({ items: [failed.body.items[1]], nextCursor: null });
    for (const address of desk) {
      expect(failed.body.items).toContainEqual(
        expect.objectContaining({
          notificationId,
          ticketId,
          organisation,
          kind: 'breach',
          clock: 'acknowledge',
          recipient: `email:${address}`,
          status: 'failed',
          attempts: 5,
          lastError: expect.stringContaining('ECONNREFUSED'),
          at: dueAt,
          deliveredAt: null,
        }),
      );
    }
    for (const row of failed.body.items) {
      expect(Date.parse(row.lastAttemptAt) - Date.parse(row.firstAttemptAt)).toBeGreaterThanOrEqual(25_000);
    }
    // The list of failures is everybody's failures: this ticket's rows are among them.
    const allFailed = await app.http('GET', '/ops/notifications?status=failed', { as: 'ops' });
    expect(allFailed.body.items.filter((row: { ticketId: string }) => row.ticketId === ticketId)).toHaveLength(2);
    expect(allFailed.body.items.every((row: { status: string }) => row.status === 'failed')).toBe(true);

    await relay.up();
    const retried = await app.http('POST', `/ops/notifications/${encodeURIComponent(notificationId)}/retry`, { as: 'ops' });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({
      notificationId,
      ticketId,
      workflowId: `ticket-${ticketId}`,
      signal: 'retryNotification',
      recipients: desk
        .map((address) => ({ recipient: `email:${address}`, status: 'failed', attempts: 5 }))
        .sort((a, b) => a.recipient.localeCompare(b.recipient)),
    });

    const delivered = await eventually(
      () => app.http('GET', `/ops/notifications?ticketId=${ticketId}&status=delivered`, { as: 'ops' }),
      (answer) => answer.body.items?.length === 2,
      { timeoutMs: 15_000 },
    );
    expect(delivered.body.items.map((row: { recipient: string }) => row.recipient).sort()).toEqual(desk.map((address) => `email:${address}`).sort());
    for (const row of delivered.body.items) {
      expect(row).toMatchObject({ status: 'delivered', attempts: 6, lastError: expect.stringContaining('ECONNREFUSED') });
      expect(Date.parse(row.deliveredAt)).toBeGreaterThanOrEqual(Date.parse(row.lastAttemptAt));
    }
    const cleared = await eventually(
      () => app.http('GET', `/tickets/${ticketId}`),
      (answer) => answer.body.parkedNotifications.length === 0,
    );
    expect(cleared.body.notificationFailures).toBe(1);
    expect((await app.http('GET', `/ops/notifications?status=failed&ticketId=${ticketId}`, { as: 'ops' })).body).toEqual({
      items: [],
      nextCursor: null,
    });

    // Exactly one message per recipient, the one announced (a repeat would carry the same Message-ID).
    expect(relay.messages.map((mail) => mail.to).sort()).toEqual(desk.map((address) => [address]).sort());
    for (const mail of relay.messages) {
      expect(mail.header('X-Slaflow-Notification-Id')).toBe(notificationId);
      expect(mail.header('X-Slaflow-Ticket-Id')).toBe(ticketId);
      expect(mail.header('Subject')).toContain('acknowledge deadline missed');
    }

    // The audit trail says what happened, in order.
    const events = await eventually(
      () => app.http('GET', `/tickets/${ticketId}/events`),
      (answer) => answer.body.items?.some((event: { type: string }) => event.type === 'notification.retried'),
    );
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual([
      'opened',
      'acknowledge.breached',
      'notification.parked',
      'notification.retried',
    ]);

    // A second retry of a notification no longer parked signals again and sends nothing new.
    const again = await app.http('POST', `/ops/notifications/${encodeURIComponent(notificationId)}/retry`, { as: 'ops' });
    expect(again.status).toBe(202);
    expect(again.body.recipients.every((recipient: { status: string }) => recipient.status === 'delivered')).toBe(true);

    // Once the ticket's workflow has ended, a retry is refused naming that.
    expect((await app.http('POST', `/tickets/${ticketId}/responses`, { body: { kind: 'acknowledgement', body: 'Sorry, on it.' } })).status).toBe(200);
    expect((await app.http('POST', `/tickets/${ticketId}/closure`, { body: { reason: 'Duplicate of another case' } })).status).toBe(200);
    await eventually(
      async () => (await app.temporal.workflow.getHandle(`ticket-${ticketId}`).describe()).status.name,
      (status) => status === 'COMPLETED',
    );
    const ended = await app.http('POST', `/ops/notifications/${encodeURIComponent(notificationId)}/retry`, { as: 'ops' });
    expect(ended.status).toBe(409);
    expect(ended.body.message).toBe(`the workflow ticket-${ticketId} of ticket ${ticketId} has ended (COMPLETED): nothing of it is parked any more`);
    expect(ended.body.details).toEqual({ ticketId, workflowId: `ticket-${ticketId}`, workflowStatus: 'COMPLETED' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(relay.messages).toHaveLength(2);
  }, 100_000);

  it('answers 400 naming an unknown status, 404 for an unknown notification, 403 for a non-ops key', async () => {
    const badStatus = await app.http('GET', '/ops/notifications?status=parked', { as: 'ops' });
    expect(badStatus.status).toBe(400);
    expect(badStatus.body.message).toContain("status 'parked' is not one of failed, delivered");
    expect(badStatus.body.details).toEqual([{ field: 'status', problems: ["status 'parked' is not one of failed, delivered"] }]);

    const unknownId = `no-such-ticket/1-breach-acknowledge`;
    const unknown = await app.http('POST', `/ops/notifications/${encodeURIComponent(unknownId)}/retry`, { as: 'ops' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ statusCode: 404, error: 'Not Found', message: `unknown notification ${unknownId}` });

    const asAgent = await app.http('GET', '/ops/notifications?status=failed', { as: 'agent' });
    expect(asAgent.status).toBe(403);
    expect((await app.http('POST', `/ops/notifications/${encodeURIComponent(unknownId)}/retry`, { as: { customer: organisation } })).status).toBe(
      403,
    );
    expect((await app.http('GET', '/ops/notifications', { as: 'none' })).status).toBe(401);

    const openapi = await app.http('GET', '/openapi.json', { as: 'none' });
    expect(openapi.body.paths['/ops/notifications'].get.responses).toEqual(
      expect.objectContaining({ 200: expect.anything(), 400: expect.anything(), 401: expect.anything(), 403: expect.anything() }),
    );
    expect(openapi.body.paths['/ops/notifications/{id}/retry'].post.responses).toEqual(
      expect.objectContaining({
        202: expect.anything(),
        404: expect.anything(),
        409: expect.anything(),
        401: expect.anything(),
        403: expect.anything(),
      }),
    );
  });
});
