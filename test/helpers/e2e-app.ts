import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { randomBytes } from 'node:crypto';
import { type AddressInfo, createServer } from 'node:net';
import { Pool } from 'pg';
import { SMTPServer } from 'smtp-server';
import { createApp } from '../../api/create-app';
import { temporalConfig, temporalConnectionOptions } from '../../infra/config/temporal-connection';
import { indexedValueTypes } from '../../infra/temporal/search-attributes';
import { createTicketWorker, notificationDeps } from '../../worker/create-worker';
import { ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { requireStackEnv } from './stack-env';
import { workflowBundle } from './time-skipping';

/**
 * The API (in process, on a free loopback port) and a ticket worker against the Temporal dev
 * server and PostgreSQL that `npm test` started, with API keys ready, for end-to-end tests that
 * drive slaflow through HTTP only.
 *
 * Jest runs test files side by side against the same servers. Workers of two files polling one
 * task queue would take each other's tasks (a notification sent by the other file's worker, with
 * its mail settings; a "stopped" worker whose deadlines another one fires), so each app gets a
 * Temporal namespace of its own by default. PostgreSQL is shared: use organisations and policy
 * ids of your own.
 */

export type Caller = 'ops' | 'agent' | 'none' | { customer: string } | { key: string };

export interface HttpOptions {
  body?: unknown;
  /** Sent as is instead of `body` (malformed JSON). */
  raw?: string;
  /** Whose key goes in `Authorization`; `agent` by default, `none` sends no key. */
  as?: Caller;
  headers?: Record<string, string>;
}

export interface HttpAnswer {
  status: number;
  headers: Headers;
  // Parsed JSON; tests read into it freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface WorkerSettings {
  /** `smtp://127.0.0.1:<port>`; without it email notifications fail and park. */
  smtpUrl?: string;
  webhookSecret?: string;
  /** Limit of one delivery attempt; short, so a relay that is down fails fast. */
  deliveryTimeoutMs?: number;
  mailFrom?: string;
  /** The worker's own PostgreSQL, the app's by default: a closed port stands for a database only the worker cannot reach. */
  workerDatabaseUrl?: string;
}

export interface E2eAppOptions extends WorkerSettings {
  /** `isolated` (default): a fresh namespace for this app; `shared`: the stack's own namespace. */
  namespace?: 'isolated' | 'shared';
  /** Start the worker with the app (default true). */
  worker?: boolean;
  /**
   * A PostgreSQL of the test's own (migrated) for the API, the worker's activities and `pool`,
   * instead of the stack's: one the test may stop and start (an outage).
   */
  databaseUrl?: string;
}

export interface E2eApp {
  readonly baseUrl: string;
  readonly namespace: string;
  /** The stack's PostgreSQL, for looking at what the activities wrote. */
  readonly pool: Pool;
  /** A Temporal client on the app's namespace, for looking at workflows. */
  readonly temporal: Client;
  readonly bootstrapKey: string;
  http(method: string, path: string, options?: HttpOptions): Promise<HttpAnswer>;
  /** An API key for the role (customers: of their organisation), made once with the ops key. */
  keyFor(caller: Exclude<Caller, 'none' | { key: string }>): Promise<string>;
  /** Records a support contract (`PUT /entitlements`) valid 2020–2099. */
  contract(organisation: string, policy: string, plan: string): Promise<void>;
  /** Starts a ticket worker (again), with the settings given at start unless others are given. */
  startWorker(settings?: WorkerSettings): Promise<void>;
  /** Shuts the worker down gracefully and waits until it has stopped polling. */
  stopWorker(): Promise<void>;
  readonly workerRunning: boolean;
  close(): Promise<void>;
}

/** The ops key the API accepts from its first start (SLAFLOW_BOOTSTRAP_KEY). */
const bootstrapKey = `e2e-bootstrap-${randomBytes(12).toString('hex')}`;

export async function startE2eApp(options: E2eAppOptions = {}): Promise<E2eApp> {
  const stack = requireStackEnv();
  const namespace = options.namespace === 'shared' ? stack.namespace : `e2e-${randomBytes(6).toString('hex')}`;
  if (options.namespace !== 'shared') await createNamespace(stack.temporalAddress, namespace);

  // Read by the API's configuration when the application is created.
  process.env.SLAFLOW_BOOTSTRAP_KEY = bootstrapKey;
  process.env.TEMPORAL_NAMESPACE = namespace;

  const databaseUrl = options.databaseUrl ?? stack.databaseUrl;
  const pool = new Pool({ connectionString: databaseUrl, max: 5 });
  // A connection the server drops (a test stopping its PostgreSQL) is an 'error' event: on the pool
  // while the connection is idle, on the client itself while an activity holds it between two
  // queries (pg-pool does not forward those). Unheard, either crashes the test process; heard, the
  // client is unusable, its next query fails, and the activity is retried.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  // The stack's Temporal as the worker and the API reach it (with the cluster's mTLS under `npm run test:cluster`).
  const connectionOptions = temporalConnectionOptions(temporalConfig());
  const clientConnection = await Connection.connect(connectionOptions);
  const temporal = new Client({ connection: clientConnection, namespace });
  const workerConnection = await NativeConnection.connect(connectionOptions);
  const bundle = await workflowBundle();

  let worker: { instance: Worker; running: Promise<void>; close(): Promise<void> } | undefined;
  const startWorker = async (settings: WorkerSettings = options): Promise<void> => {
    if (worker) throw new Error('the worker is already running');
    const channels = notificationDeps({
      smtpUrl: settings.smtpUrl,
      webhookSecret: settings.webhookSecret,
      deliveryTimeoutMs: settings.deliveryTimeoutMs ?? 2_000,
      mailFrom: settings.mailFrom ?? 'slaflow e2e <slaflow@e2e.test>',
    });
    const workerPool = settings.workerDatabaseUrl
      ? new Pool({ connectionString: settings.workerDatabaseUrl, max: 5, connectionTimeoutMillis: 2_000 })
      : pool;
    if (workerPool !== pool) workerPool.on('error', () => undefined);
    const instance = await createTicketWorker({
      connection: workerConnection,
      namespace,
      deps: { pool: workerPool, ...channels.deps },
      workflowBundle: bundle,
    });
    const close = async (): Promise<void> => {
      channels.close();
      if (workerPool !== pool) await workerPool.end();
    };
    worker = { instance, running: instance.run(), close };
  };
  const stopWorker = async (): Promise<void> => {
    if (!worker) return;
    const stopping = worker;
    worker = undefined;
    stopping.instance.shutdown();
    await stopping.running;
    await stopping.close();
  };
  if (options.worker !== false) await startWorker();

  // The API reads DATABASE_URL while the application is created: set for that, then as it was.
  const stackDatabaseUrl = process.env.DATABASE_URL;
  process.env.DATABASE_URL = databaseUrl;
  let app: INestApplication;
  try {
    app = await createApp({ logger: false });
  } finally {
    process.env.DATABASE_URL = stackDatabaseUrl;
  }
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');

  const keys = new Map<string, Promise<string>>();
  const keyFor = (caller: Exclude<Caller, 'none' | { key: string }>): Promise<string> => {
    if (caller === 'ops') return Promise.resolve(bootstrapKey);
    const request = caller === 'agent' ? { role: 'agent' } : { role: 'customer', organisation: caller.customer };
    const name = JSON.stringify(request);
    let key = keys.get(name);
    if (!key) {
      key = http('POST', '/api-keys', { body: request, as: 'ops' }).then((answer) => {
        if (answer.status !== 201) throw new Error(`POST /api-keys ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body.key as string;
      });
      keys.set(name, key);
    }
    return key;
  };

  async function http(method: string, path: string, request: HttpOptions = {}): Promise<HttpAnswer> {
    const caller = request.as ?? 'agent';
    const key = caller === 'none' ? null : typeof caller === 'object' && 'key' in caller ? caller.key : await keyFor(caller);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(request.body !== undefined || request.raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...request.headers,
      },
      body: request.raw ?? (request.body === undefined ? undefined : JSON.stringify(request.body)),
    });
    const text = await response.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: response.status, headers: response.headers, body };
  }

  const contract = async (organisation: string, policy: string, plan: string): Promise<void> => {
    const answer = await http('PUT', '/entitlements', {
      body: { organisation, policy, plan, startsOn: '2020-01-01', endsOn: '2099-12-31' },
      as: 'ops',
    });
    if (answer.status !== 200) throw new Error(`PUT /entitlements: ${answer.status} ${JSON.stringify(answer.body)}`);
  };

  return {
    baseUrl,
    namespace,
    pool,
    temporal,
    bootstrapKey,
    http,
    keyFor,
    contract,
    startWorker,
    stopWorker,
    get workerRunning() {
      return worker !== undefined;
    },
    async close() {
      await app.close();
      await stopWorker();
      await workerConnection.close();
      await clientConnection.close();
      await pool.end();
    },
  };
}

/** Registers a namespace with the ticket search attributes and waits until it takes workflows. */
async function createNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ ...temporalConnectionOptions(temporalConfig()), address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: msToTs('1 day'),
    });
    await eventuallyOk(() => connection.workflowService.describeNamespace({ namespace }));
    await eventuallyOk(() =>
      connection.operatorService.addSearchAttributes({ namespace, searchAttributes: indexedValueTypes(ticketSearchAttributes) }),
    );
    await eventuallyOk(async () => {
      const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
      const missing = ticketSearchAttributes.filter((key) => !(key.name in (customAttributes ?? {})));
      if (missing.length > 0) throw new Error(`search attributes not registered yet: ${missing.map((key) => key.name).join(', ')}`);
    });
  } finally {
    await connection.close();
  }
}

async function eventuallyOk(call: () => Promise<unknown>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await call();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/**
 * Probes until `accept` holds or the time is up, and returns the last value either way, so the
 * assertion that follows shows what was there instead of a bare timeout.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 10_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() >= deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  /** When the relay had the whole message (epoch ms). */
  receivedAt: number;
  /** An unfolded header of the message, MIME encoded-words decoded, or undefined. */
  header(name: string): string | undefined;
}

/** A mail relay in process (smtp-server on loopback) that keeps every message; it can go down and up. */
export interface MailCatcher {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, the same whether the relay is up or down. */
  readonly url: string;
  readonly messages: CapturedMail[];
  readonly listening: boolean;
  up(): Promise<void>;
  /** Stops listening: connections are refused, as from a relay that is down. */
  down(): Promise<void>;
}

/**
 * A relay on a port of its own (or `port`, one the workers were told before: the cluster tests'),
 * up unless `{ up: false }` (then the port is reserved, not listened on).
 */
export async function startMailCatcher({ up = true, port: given }: { up?: boolean; port?: number } = {}): Promise<MailCatcher> {
  const port = given ?? (await freeLoopbackPort());
  const messages: CapturedMail[] = [];
  let server: SMTPServer | undefined;
  const catcher: MailCatcher = {
    port,
    url: `smtp://127.0.0.1:${port}`,
    messages,
    get listening() {
      return server !== undefined;
    },
    async up() {
      if (server) return;
      const started = new SMTPServer({
        authOptional: true,
        disabledCommands: ['STARTTLS'],
        logger: false,
        onData(stream, session, callback) {
          const chunks: Buffer[] = [];
          stream.on('data', (chunk: Buffer) => chunks.push(chunk));
          stream.on('end', () => {
            const raw = Buffer.concat(chunks).toString('utf8');
            messages.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              raw,
              receivedAt: Date.now(),
              header: (name) => mailHeader(raw, name),
            });
            callback();
          });
        },
      });
      await new Promise<void>((resolve, reject) => {
        started.server.once('error', reject);
        started.listen(port, '127.0.0.1', () => resolve());
      });
      server = started;
    },
    async down() {
      const stopping = server;
      server = undefined;
      if (stopping) await new Promise<void>((resolve) => stopping.close(() => resolve()));
    },
  };
  if (up) await catcher.up();
  return catcher;
}

function mailHeader(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const line = head.split(/\r?\n/).find((candidate) => candidate.toLowerCase().startsWith(`${name.toLowerCase()}:`));
  return line === undefined ? undefined : decodeEncodedWords(line.slice(name.length + 1).trim());
}

/** RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`), as nodemailer writes non-ASCII subjects. */
function decodeEncodedWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=/g, (_word, _charset: string, encoding: string, text: string) => {
      if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
      const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      return Buffer.from(bytes, 'latin1').toString('utf8');
    });
}

/** A port nothing listens on at this moment, on 127.0.0.1. */
export async function freeLoopbackPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
