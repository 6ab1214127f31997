import { Client, Connection } from '@temporalio/client';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { distDir } from '../../infra/paths';
import { freePort, startChild, waitFor, type Child } from '../../infra/process/children';
import { startStack } from '../../infra/stack';
import { ticketTaskQueue } from '../../workflows/ticket/contract';
import { leanHttpClient, type HttpSend } from './http-client';
import { startWebhookReceiver, type WebhookReceiver } from './webhook-receiver';

export interface ApiBenchStack {
  readonly apiUrl: string;
  /** The load generator's HTTP client (keep-alive `node:http`). */
  readonly http: HttpSend;
  /** An agent key (opens tickets, acts on them) and the ops key (policies). */
  readonly agentKey: string;
  readonly opsKey: string;
  /** A client of the same Temporal server and namespace, for the raw baseline. */
  readonly temporal: Client;
  readonly receiver: WebhookReceiver;
  /** The PostgreSQL the API and worker write to (the benchmark reads the projection). */
  readonly databaseUrl: string;
  /** Process ids of the API and the worker, for their CPU time. */
  readonly pids: { api?: number; worker?: number };
  stop(): Promise<void>;
}

/**
 * What `npm start` runs, started fresh for the benchmark as `npm test` does it (a dev server and
 * PostgreSQL on free ports, or the servers TEMPORAL_ADDRESS and DATABASE_URL name): the worker and
 * the API as their own processes, so the benchmark's load generator does not share their CPU time
 * slices, and a webhook receiver in this process that notes when breach notifications arrive.
 */
export async function startApiBenchStack(log: (line: string) => void): Promise<ApiBenchStack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => console.error(error));
  };
  try {
    const stack = await startStack({ mode: 'test' });
    stops.push(() => stack.stop());
    const receiver = await startWebhookReceiver();
    stops.push(() => receiver.close());

    const port = await freePort();
    const opsKey = `bench-${randomBytes(16).toString('hex')}`;
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...stack.env,
      PORT: String(port),
      SLAFLOW_BOOTSTRAP_KEY: opsKey,
      SLAFLOW_WEBHOOK_SECRET: randomBytes(24).toString('hex'),
      SMTP_URL: '',
    };
    const children: Child[] = [];
    stops.push(async () => {
      for (const child of [...children].reverse()) await child.stop(30_000);
    });
    const profileDir = process.env.SLAFLOW_BENCH_CPU_PROF;
    const profile = profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    const worker = startChild('worker', process.execPath, [...profile, join(distDir, 'worker', 'main.js')], { env, output: 'ignore' });
    children.push(worker);
    const api = startChild('api', process.execPath, [join(distDir, 'api', 'main.js')], { env, output: 'ignore' });
    children.push(api);

    const apiUrl = `http://127.0.0.1:${port}`;
    // Sockets for as many requests as the benchmark keeps in flight, and more.
    const http = leanHttpClient(64);
    stops.push(async () => http.close());
    await waitFor('API health', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 120_000, intervalMs: 250, child: api });
    const connection = await Connection.connect({ address: stack.temporalAddress });
    stops.push(() => connection.close());
    const namespace = stack.env.TEMPORAL_NAMESPACE ?? 'default';
    await waitFor(
      'worker',
      async () => {
        const { pollers } = await connection.workflowService.describeTaskQueue({ namespace, taskQueue: { name: ticketTaskQueue } });
        return pollers.length > 0;
      },
      { timeoutMs: 120_000, intervalMs: 250, child: worker },
    );
    log(`worker and API up (API ${apiUrl}, Temporal ${stack.temporalAddress})`);

    const created = await fetch(`${apiUrl}/api-keys`, {
      method: 'POST',
      headers: { authorization: `Bearer ${opsKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'agent', label: 'bench' }),
    });
    if (created.status !== 201) throw new Error(`POST /api-keys answered ${created.status}`);
    const agentKey = ((await created.json()) as { key: string }).key;
    return {
      apiUrl,
      http: http.send,
      agentKey,
      opsKey,
      temporal: new Client({ connection, namespace }),
      receiver,
      databaseUrl: stack.databaseUrl,
      pids: { api: api.process.pid, worker: worker.process.pid },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
