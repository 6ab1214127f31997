import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Pool } from 'pg';
import { createNotifyActivities } from '../../activities/notify';
import { notificationConfig } from '../../infra/config/environment';
import type { Notification } from '../../workflows/ticket/activities.contract';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * Signed webhooks to a real HTTP receiver (node:http on 127.0.0.1) that checks every signature as
 * a customer's endpoint would, with the delivery log in the PostgreSQL that `npm test` started.
 */

const secret = 'whsec-test-0123456789abcdef';

interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The receiver's own check of X-Slaflow-Signature and X-Slaflow-Timestamp. */
  signatureValid: boolean;
  timestampSkewSeconds: number;
}

interface Receiver {
  url(path: string): string;
  requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** What a receiver does: HMAC-SHA256 of "<timestamp>.<raw body>" with the shared secret, compared in constant time. */
function verify(headers: IncomingHttpHeaders, body: string): { valid: boolean; skew: number } {
  const timestamp = String(headers['x-slaflow-timestamp'] ?? '');
  const signature = String(headers['x-slaflow-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
  const valid = /^\d+$/.test(timestamp) && signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  return { valid, skew: Math.abs(Math.floor(Date.now() / 1000) - Number(timestamp)) };
}

/** Hands each validly signed request to `respond` (by arrival index); a `respond` that writes nothing never answers. */
async function startReceiver(respond: (index: number, response: ServerResponse) => void): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const { valid, skew } = verify(request.headers, body);
      const index = requests.push({
        path: request.url ?? '',
        headers: request.headers,
        body,
        signatureValid: valid,
        timestampSkewSeconds: skew,
      });
      if (!valid) {
        response.writeHead(401).end('bad signature');
        return;
      }
      respond(index - 1, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('notify: webhooks', () => {
  const stack = requireStackEnv();
  let pool: Pool;
  let env: MockActivityEnvironment;
  const receivers: Receiver[] = [];

  beforeAll(() => {
    pool = new Pool({ connectionString: stack.databaseUrl });
    env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  });

  afterAll(async () => {
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await pool?.end();
  });

  async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const started = await startReceiver(respond);
    receivers.push(started);
    return started;
  }

  function notification(url: string): Notification {
    return {
      notificationId: `warning:${randomUUID()}`,
      ticketId: `ticket-${randomUUID()}`,
      organisation: 'acme',
      kind: 'warning',
      clock: 'resolve',
      at: '2026-02-11T15:00:00.000Z',
      subject: 'Ticket 7: 75% of the resolve target used',
      body: 'Resolve is due at 2026-02-11 15:00 UTC.',
      recipients: [{ kind: 'webhook', name: 'pager', url }],
    };
  }

  async function row(notificationId: string) {
    const result = await pool.query('SELECT * FROM notification_deliveries WHERE notification_id = $1', [notificationId]);
    expect(result.rows).toHaveLength(1);
    return result.rows[0];
  }

  it('posts the signed notification, fails on a 503 and delivers on the retry', async () => {
    const hook = await receiver((index, response) => {
      if (index === 0) response.writeHead(503).end('busy');
      else response.writeHead(204).end();
    });
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret });
    const sent = notification(hook.url('/hooks/sla?team=ops'));
    const recipient = `webhook:${hook.url('/hooks/sla?team=ops')}`;

    const failure = await env.run(notify, sent).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'NotificationDeliveryFailed', nonRetryable: false });
    expect((failure as Error).message).toContain(`${recipient} (webhook answered HTTP 503: busy)`);
    expect(await row(sent.notificationId)).toMatchObject({
      recipient,
      status: 'failed',
      attempts: 1,
      last_error: 'webhook answered HTTP 503: busy',
      delivered_at: null,
    });

    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 1 });
    expect(await row(sent.notificationId)).toMatchObject({ status: 'delivered', attempts: 2, delivered_at: expect.any(Date) });

    // Served: a third run posts nothing.
    await env.run(notify, sent);
    expect(hook.requests).toHaveLength(2);
    for (const request of hook.requests) {
      expect(request.path).toBe('/hooks/sla?team=ops');
      expect(request.signatureValid).toBe(true);
      expect(request.timestampSkewSeconds).toBeLessThanOrEqual(5);
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['x-slaflow-notification-id']).toBe(sent.notificationId);
      // The notification without its recipient list.
      expect(JSON.parse(request.body)).toEqual({
        notificationId: sent.notificationId,
        ticketId: sent.ticketId,
        organisation: 'acme',
        kind: 'warning',
        clock: 'resolve',
        at: sent.at,
        subject: sent.subject,
        body: sent.body,
      });
    }
  });

  it('counts an endpoint that does not answer in time as failed', async () => {
    const hook = await receiver(() => undefined);
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret, deliveryTimeoutMs: 300 });
    const sent = notification(hook.url('/slow'));

    const started = Date.now();
    await expect(env.run(notify, sent)).rejects.toThrow(/did not answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(hook.requests).toHaveLength(1);
    expect(await row(sent.notificationId)).toMatchObject({
      status: 'failed',
      attempts: 1,
      last_error: 'webhook did not answer within 300 ms',
    });
  });

  it('waits for silent endpoints side by side: three timeouts cost about one', async () => {
    const hook = await receiver(() => undefined);
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret, deliveryTimeoutMs: 1_000 });
    const sent = {
      ...notification(hook.url('/a')),
      recipients: ['/a', '/b', '/c'].map((path) => ({ kind: 'webhook' as const, url: hook.url(path) })),
    };

    const started = Date.now();
    await expect(env.run(notify, sent)).rejects.toThrow(/3 of 3 recipients not served/);
    const elapsed = Date.now() - started;

    expect(elapsed).toBeGreaterThanOrEqual(1_000);
    expect(elapsed).toBeLessThan(2_500);
    expect(hook.requests.map((request) => request.path).sort()).toEqual(['/a', '/b', '/c']);
  });

  it('does not follow a redirect: the signed body goes only where the policy says', async () => {
    const elsewhere = await receiver((_index, response) => response.writeHead(204).end());
    const hook = await receiver((_index, response) => response.writeHead(307, { location: elsewhere.url('/stolen') }).end());
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret });
    const sent = notification(hook.url('/moved'));

    await expect(env.run(notify, sent)).rejects.toThrow(/HTTP 307/);
    expect(elsewhere.requests).toHaveLength(0);
    expect(await row(sent.notificationId)).toMatchObject({ status: 'failed', last_error: 'webhook answered HTTP 307' });
  });

  it('names the network error when nothing listens', async () => {
    const closed = await startReceiver(() => undefined);
    const url = closed.url('/gone');
    await closed.close();
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret });
    const sent = notification(url);

    await expect(env.run(notify, sent)).rejects.toThrow(/ECONNREFUSED/);
    expect(await row(sent.notificationId)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('ECONNREFUSED') });
  });

  it('sends nothing unsigned: without SLAFLOW_WEBHOOK_SECRET the delivery fails and says why', async () => {
    const hook = await receiver((_index, response) => response.writeHead(204).end());
    const { notify } = createNotifyActivities({ pool });
    const sent = notification(hook.url('/unsigned'));

    await expect(env.run(notify, sent)).rejects.toThrow(/SLAFLOW_WEBHOOK_SECRET/);
    expect(hook.requests).toHaveLength(0);
    expect(await row(sent.notificationId)).toMatchObject({ status: 'failed', last_error: expect.stringContaining('SLAFLOW_WEBHOOK_SECRET') });
  });

  it('stops a request when the activity is cancelled, logging the attempt', async () => {
    const hook = await receiver(() => undefined);
    const { notify } = createNotifyActivities({ pool, webhookSecret: secret, deliveryTimeoutMs: 60_000 });
    const sent = notification(hook.url('/hangs'));
    const cancellable = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

    const running = cancellable.run(notify, sent);
    while (hook.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 20));
    cancellable.cancel();

    await expect(running).rejects.toThrow(CancelledFailure);
    expect(await row(sent.notificationId)).toMatchObject({ status: 'failed', attempts: 1 });
  });

  it('reads and validates the webhook settings', () => {
    expect(notificationConfig({ SLAFLOW_WEBHOOK_SECRET: secret, SLAFLOW_DELIVERY_TIMEOUT_MS: '2500' })).toMatchObject({
      webhookSecret: secret,
      deliveryTimeoutMs: 2500,
    });
    expect(() => notificationConfig({ SLAFLOW_WEBHOOK_SECRET: 'short' })).toThrow(/SLAFLOW_WEBHOOK_SECRET must be at least 16/);
    expect(() => notificationConfig({ SLAFLOW_DELIVERY_TIMEOUT_MS: '10s' })).toThrow(/SLAFLOW_DELIVERY_TIMEOUT_MS/);
    expect(() => notificationConfig({ SLAFLOW_DELIVERY_TIMEOUT_MS: '0' })).toThrow(/SLAFLOW_DELIVERY_TIMEOUT_MS/);
  });
});
