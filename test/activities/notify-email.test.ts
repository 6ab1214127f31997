import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger, type LogEntry } from '@temporalio/worker';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createMailTransport, createNotifyActivities } from '../../activities/notify';
import { ConfigError, notificationConfig } from '../../infra/config/environment';
import type { Contact } from '../../workflows/policy';
import type { Notification } from '../../workflows/ticket/activities.contract';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * Email notifications through a real SMTP server (smtp-server, in process, on a random port) into
 * the real delivery log in the PostgreSQL that `npm test` started.
 */

interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

interface SmtpCapture {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** A relay that keeps every message and refuses any recipient at `refused.test` with a 550. */
async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@refused.test')) {
        callback(Object.assign(new Error('5.1.1 mailbox unavailable'), { responseCode: 550 }));
      } else {
        callback();
      }
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.server.address() as AddressInfo).port,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** An unfolded header of a raw message, or undefined. */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line?.slice(name.length + 1).trim();
}

describe('notify: email', () => {
  const stack = requireStackEnv();
  const from = 'SLA desk <sla@desk.test>';
  const logged: LogEntry[] = [];
  let pool: Pool;
  let smtp: SmtpCapture;
  let transport: ReturnType<typeof createMailTransport>;
  let env: MockActivityEnvironment;

  beforeAll(async () => {
    pool = new Pool({ connectionString: stack.databaseUrl });
    smtp = await startSmtpCapture();
    transport = createMailTransport({ smtpUrl: `smtp://127.0.0.1:${smtp.port}`, timeoutMs: 5_000 });
    env = new MockActivityEnvironment({}, { logger: new DefaultLogger('INFO', (entry) => logged.push(entry)) });
  });

  afterAll(async () => {
    transport?.close();
    await smtp?.close();
    await pool?.end();
  });

  function notification(recipients: Contact[]): Notification {
    return {
      notificationId: `breach:${randomUUID()}`,
      ticketId: `ticket-${randomUUID()}`,
      organisation: 'acme',
      kind: 'breach',
      clock: 'acknowledge',
      at: '2026-02-10T12:00:00.000Z',
      subject: 'Ticket 42 breached its acknowledge target',
      body: 'Acknowledge was due at 2026-02-10 12:00 UTC.\nEscalated to the Technical Support Manager.',
      recipients,
    };
  }

  async function rows(notificationId: string) {
    const result = await pool.query('SELECT * FROM notification_deliveries WHERE notification_id = $1 ORDER BY recipient', [notificationId]);
    return result.rows;
  }

  const messagesTo = (address: string) => smtp.messages.filter((message) => message.to.includes(address));

  it('sends one message per recipient with the notification as subject and body, and logs each delivery', async () => {
    const { notify } = createNotifyActivities({ pool, mail: { transport, from } });
    const sent = notification([
      { kind: 'email', name: 'Desk', address: 'desk@acme.test' },
      { kind: 'email', address: 'tsm@acme.test' },
      // The same person listed again (desk and escalation level): served once.
      { kind: 'email', address: 'Desk@ACME.test' },
    ]);

    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 2 });

    const [desk] = messagesTo('desk@acme.test');
    const [tsm] = messagesTo('tsm@acme.test');
    expect(messagesTo('desk@acme.test')).toHaveLength(1);
    expect(messagesTo('Desk@ACME.test')).toHaveLength(0);
    expect(messagesTo('tsm@acme.test')).toHaveLength(1);
    expect(desk.from).toBe('sla@desk.test');
    expect(header(desk.raw, 'Subject')).toBe(sent.subject);
    expect(header(desk.raw, 'From')).toBe(from);
    expect(header(desk.raw, 'To')).toBe('Desk <desk@acme.test>');
    expect(header(desk.raw, 'X-Slaflow-Notification-Id')).toBe(sent.notificationId);
    expect(header(desk.raw, 'X-Slaflow-Ticket-Id')).toBe(sent.ticketId);
    expect(header(desk.raw, 'Auto-Submitted')).toBe('auto-generated');
    expect(desk.raw.replace(/\r\n/g, '\n')).toContain(sent.body);
    expect(header(desk.raw, 'Message-ID')).toMatch(/^<[^<>\s]+@desk\.test>$/);
    expect(header(tsm.raw, 'Message-ID')).not.toBe(header(desk.raw, 'Message-ID'));

    expect(await rows(sent.notificationId)).toEqual([
      expect.objectContaining({
        recipient: 'email:desk@acme.test',
        ticket_id: sent.ticketId,
        organisation: 'acme',
        kind: 'breach',
        clock: 'acknowledge',
        subject: sent.subject,
        body: sent.body,
        at: new Date(sent.at),
        status: 'delivered',
        attempts: 1,
        last_error: null,
        delivered_at: expect.any(Date),
      }),
      expect.objectContaining({ recipient: 'email:tsm@acme.test', status: 'delivered', attempts: 1 }),
    ]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'INFO',
        message: 'notification delivered',
        meta: expect.objectContaining({ recipient: 'email:tsm@acme.test', notificationId: sent.notificationId }),
      }),
    );
  });

  it('sends nothing again when the same notification comes back (activity retry, replay, ops retry)', async () => {
    const { notify } = createNotifyActivities({ pool, mail: { transport, from } });
    const sent = notification([{ kind: 'email', address: 'replay@acme.test' }]);

    await env.run(notify, sent);
    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 1 });
    await expect(env.run(notify, sent)).resolves.toEqual({ notificationId: sent.notificationId, delivered: 1 });

    expect(messagesTo('replay@acme.test')).toHaveLength(1);
    expect(await rows(sent.notificationId)).toEqual([expect.objectContaining({ status: 'delivered', attempts: 1 })]);
  });

  it('gives a message sent twice the same Message-ID, so the duplicate is recognisable', async () => {
    const { notify } = createNotifyActivities({ pool, mail: { transport, from } });
    const first = notification([{ kind: 'email', address: 'dup@acme.test' }]);
    const other = notification([{ kind: 'email', address: 'dup@acme.test' }]);

    await env.run(notify, first);
    // The relay took the message but the log write was lost: the retry does send again.
    await pool.query('DELETE FROM notification_deliveries WHERE notification_id = $1', [first.notificationId]);
    await env.run(notify, first);
    await env.run(notify, other);

    const ids = messagesTo('dup@acme.test').map((message) => header(message.raw, 'Message-ID'));
    expect(ids).toHaveLength(3);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
  });

  it('logs a recipient the relay refuses as failed with the relay’s answer, and still serves the others', async () => {
    const { notify } = createNotifyActivities({ pool, mail: { transport, from } });
    const sent = notification([
      { kind: 'email', address: 'gone@refused.test' },
      { kind: 'email', address: 'present@acme.test' },
    ]);

    const failure = await env.run(notify, sent).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: 'NotificationDeliveryFailed',
      nonRetryable: false,
      message: expect.stringContaining('1 of 2 recipients not served: email:gone@refused.test'),
    });
    expect((failure as ApplicationFailure).details?.[0]).toEqual({
      delivered: 1,
      failed: [{ recipient: 'email:gone@refused.test', error: expect.stringContaining('mailbox unavailable') }],
    });
    expect(messagesTo('present@acme.test')).toHaveLength(1);
    expect(await rows(sent.notificationId)).toEqual([
      expect.objectContaining({
        recipient: 'email:gone@refused.test',
        status: 'failed',
        attempts: 1,
        last_error: expect.stringContaining('550'),
        delivered_at: null,
      }),
      expect.objectContaining({ recipient: 'email:present@acme.test', status: 'delivered', attempts: 1 }),
    ]);
    expect(logged).toContainEqual(
      expect.objectContaining({
        level: 'WARN',
        message: 'notification not delivered',
        meta: expect.objectContaining({ recipient: 'email:gone@refused.test' }),
      }),
    );
  });

  it('fails, saying SMTP_URL is missing, when the worker has no mail transport', async () => {
    const { notify } = createNotifyActivities({ pool });
    const sent = notification([{ kind: 'email', address: 'nobody@acme.test' }]);

    await expect(env.run(notify, sent)).rejects.toThrow(/email:nobody@acme\.test \(.*SMTP_URL/);
    await expect(env.run(notify, sent)).rejects.toThrow(ApplicationFailure);

    expect(messagesTo('nobody@acme.test')).toHaveLength(0);
    expect(await rows(sent.notificationId)).toEqual([
      expect.objectContaining({ status: 'failed', attempts: 2, last_error: expect.stringContaining('SMTP_URL') }),
    ]);
  });

  it('reads and validates the mail settings', () => {
    expect(notificationConfig({})).toEqual({
      smtpUrl: undefined,
      mailFrom: 'slaflow <slaflow@localhost>',
      webhookSecret: undefined,
      deliveryTimeoutMs: 10_000,
    });
    expect(notificationConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', SLAFLOW_MAIL_FROM: 'desk@acme.test' })).toMatchObject({
      smtpUrl: 'smtp://127.0.0.1:2525',
      mailFrom: 'desk@acme.test',
    });
    expect(() => notificationConfig({ SMTP_URL: 'http://127.0.0.1:2525' })).toThrow(
      new ConfigError('SMTP_URL', 'must use smtp:// or smtps://, got http://'),
    );
    expect(() => notificationConfig({ SMTP_URL: '127.0.0.1:2525' })).toThrow(/SMTP_URL/);
    expect(() => notificationConfig({ SLAFLOW_MAIL_FROM: 'Desk <not an address>' })).toThrow(/SLAFLOW_MAIL_FROM/);
  });
});
