import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createMailTransport, createNotifyActivities } from '../../activities/notify';
import type { Contact } from '../../workflows/policy';
import type { Notification } from '../../workflows/ticket/activities.contract';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * The delivery log as the idempotency record: what a relay that is down, a partial success and a
 * race between two runs of the same notification leave in `notification_deliveries`, against a
 * real SMTP server, a real HTTP receiver and the PostgreSQL that `npm test` started.
 */

const secret = 'whsec-log-test-0123456789';
const from = 'slaflow <slaflow@localhost>';

/** A port nothing listens on yet (the SMTP server comes up on it later in the test). */
async function unusedPort(): Promise<number> {
  const probe = createTcpServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

interface SmtpCapture {
  port: number;
  /** Recipients of each message received. */
  received: string[][];
  close(): Promise<void>;
}

/** A relay that keeps every message; `answerAfterMs` holds each one before accepting it. */
async function startSmtpCapture(port: number, answerAfterMs = 0): Promise<SmtpCapture> {
  const received: string[][] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        received.push(session.envelope.rcptTo.map((rcpt) => rcpt.address));
        setTimeout(() => callback(), answerAfterMs);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('notify: the delivery log', () => {
  const stack = requireStackEnv();
  let pool: Pool;
  let env: MockActivityEnvironment;
  const cleanups: Array<() => Promise<void> | void> = [];

  beforeAll(() => {
    pool = new Pool({ connectionString: stack.databaseUrl });
    env = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });
  });

  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await pool?.end();
  });

  function notification(recipients: Contact[], ticketId = `ticket-${randomUUID()}`): Notification {
    return {
      notificationId: `reminder:${randomUUID()}`,
      ticketId,
      organisation: 'acme',
      kind: 'reminder',
      at: '2026-03-02T09:00:00.000Z',
      subject: 'We are waiting for your reply',
      body: 'Please send the log files we asked for.',
      recipients,
    };
  }

  async function rows(notificationId: string) {
    const result = await pool.query('SELECT * FROM notification_deliveries WHERE notification_id = $1 ORDER BY recipient', [notificationId]);
    return result.rows;
  }

  function mailer(port: number, timeoutMs = 5_000) {
    const transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, timeoutMs });
    cleanups.push(() => transport.close());
    return { transport, from };
  }

  it('logs a failed attempt while the relay is down and the delivery once it is back (attempts 2)', async () => {
    const port = await unusedPort();
    const { notify } = createNotifyActivities({ pool, mail: mailer(port) });
    const sent = notification([{ kind: 'email', address: 'customer@acme.test' }]);

    await expect(env.run(notify, sent)).rejects.toThrow(ApplicationFailure);
    const [failed] = await rows(sent.notificationId);
    expect(failed).toMatchObject({
      recipient: 'email:customer@acme.test',
      status: 'failed',
      attempts: 1,
      last_error: expect.stringContaining('ECONNREFUSED'),
      delivered_at: null,
    });

    const smtp = await startSmtpCapture(port);
    cleanups.push(() => smtp.close());
    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 1 });

    const [delivered] = await rows(sent.notificationId);
    expect(delivered).toMatchObject({
      status: 'delivered',
      attempts: 2,
      // Why it took two attempts stays readable.
      last_error: failed.last_error,
      first_attempt_at: failed.first_attempt_at,
      delivered_at: expect.any(Date),
    });
    expect(delivered.last_attempt_at.getTime()).toBeGreaterThan(failed.last_attempt_at.getTime());
    expect(delivered.delivered_at.getTime()).toBeGreaterThanOrEqual(delivered.last_attempt_at.getTime());
    expect(smtp.received).toEqual([['customer@acme.test']]);
  });

  it('stores texts as they are: quotes, backslashes, placeholders and new lines (the row is written with quoted literals)', async () => {
    const port = await unusedPort();
    const { notify } = createNotifyActivities({ pool, mail: mailer(port) });
    const sent = {
      ...notification([{ kind: 'email', address: "o'brien@acme.test" }]),
      kind: 'breach' as const,
      clock: 'acknowledge' as const,
      subject: `It's "down" \\ again: $1 ; COMMIT; --`,
      body: `Line one\nLine two with E'\\x41' and ünïcödé 🚨`,
    };
    await expect(env.run(notify, sent)).rejects.toThrow(ApplicationFailure);
    const [row] = await rows(sent.notificationId);
    expect(row).toMatchObject({
      recipient: "email:o'brien@acme.test",
      subject: sent.subject,
      body: sent.body,
      clock: 'acknowledge',
      kind: 'breach',
      status: 'failed',
      attempts: 1,
    });
    expect(row.at.toISOString()).toBe(sent.at);
  });

  it('retries only the recipient that failed: the one already served gets nothing twice', async () => {
    const smtp = await startSmtpCapture(0);
    cleanups.push(() => smtp.close());
    let webhookCalls = 0;
    const hook = createHttpServer((request, response) => {
      request.resume();
      webhookCalls += 1;
      response.writeHead(webhookCalls === 1 ? 503 : 200).end();
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', () => resolve()));
    cleanups.push(() => new Promise<void>((resolve) => hook.close(() => resolve())));
    const url = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sla`;

    const { notify } = createNotifyActivities({ pool, mail: mailer(smtp.port), webhookSecret: secret });
    const sent = notification([
      { kind: 'email', address: 'served@acme.test' },
      { kind: 'webhook', url },
    ]);

    const failure = await env.run(notify, sent).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as Error).message).toContain(`1 of 2 recipients not served: webhook:${url}`);
    expect((failure as Error).message).not.toContain('email:served@acme.test');

    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 2 });
    expect(smtp.received).toEqual([['served@acme.test']]);
    expect(webhookCalls).toBe(2);
    expect(await rows(sent.notificationId)).toEqual([
      expect.objectContaining({ recipient: 'email:served@acme.test', status: 'delivered', attempts: 1 }),
      expect.objectContaining({ recipient: `webhook:${url}`, status: 'delivered', attempts: 2 }),
    ]);
  });

  it('serves a recipient once when two runs of the same notification race (ops retry and Temporal retry)', async () => {
    // The relay takes its time, so both runs are in flight together.
    const smtp = await startSmtpCapture(0, 300);
    cleanups.push(() => smtp.close());
    const { notify } = createNotifyActivities({ pool, mail: mailer(smtp.port) });
    const sent = notification([{ kind: 'email', address: 'raced@acme.test' }]);
    const other = new MockActivityEnvironment({}, { logger: new DefaultLogger('ERROR') });

    const results = await Promise.all([env.run(notify, sent), other.run(notify, sent)]);

    expect(results).toEqual([
      { notificationId: sent.notificationId, delivered: 1 },
      { notificationId: sent.notificationId, delivered: 1 },
    ]);
    expect(smtp.received).toEqual([['raced@acme.test']]);
    expect(await rows(sent.notificationId)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
  });

  it('lists a ticket’s failed deliveries from a partial index', async () => {
    const port = await unusedPort();
    const ticketId = `ticket-${randomUUID()}`;
    const { notify } = createNotifyActivities({ pool, mail: mailer(port) });
    const first = notification([{ kind: 'email', address: 'a@acme.test' }], ticketId);
    const second = notification([{ kind: 'email', address: 'b@acme.test' }], ticketId);
    await expect(env.run(notify, first)).rejects.toThrow(ApplicationFailure);
    await expect(env.run(notify, second)).rejects.toThrow(ApplicationFailure);

    const failed = await pool.query(
      `SELECT notification_id, recipient FROM notification_deliveries
        WHERE ticket_id = $1 AND status = 'failed' ORDER BY last_attempt_at`,
      [ticketId],
    );
    expect(failed.rows).toEqual([
      { notification_id: first.notificationId, recipient: 'email:a@acme.test' },
      { notification_id: second.notificationId, recipient: 'email:b@acme.test' },
    ]);
    const indexes = await pool.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE tablename = 'notification_deliveries'`);
    expect(indexes.rows.map((index) => index.indexdef)).toContainEqual(
      expect.stringMatching(/\(ticket_id, last_attempt_at\) WHERE \(status = 'failed'::text\)$/),
    );
  });

  it('records nothing and throws nothing for a notification without recipients', async () => {
    const { notify } = createNotifyActivities({ pool });
    const sent = notification([]);

    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 0 });
    expect(await rows(sent.notificationId)).toEqual([]);
  });
});
