import { Connection } from '@temporalio/client';
import { join } from 'node:path';
import { apiPort } from '../config/environment';
import { bootstrapKeyFile, ensureLocalBootstrapKey } from './bootstrap-key';
import { seconds, step } from '../log';
import { distDir } from '../paths';
import { startChild, waitFor, type Child } from '../process/children';
import { startStack } from '../stack';
import { ticketTaskQueue } from '../../workflows/ticket/contract';

async function workerIsPolling(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1_000 });
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace,
      taskQueue: { name: ticketTaskQueue },
    });
    return pollers.length > 0;
  } finally {
    await connection.close();
  }
}

/**
 * `npm start`: Temporal and PostgreSQL (embedded unless configured), migrations, then the worker
 * and the API as separate processes. Ctrl-C (or SIGTERM) stops the API first, then the worker
 * (which finishes its running tasks), then the servers, and leaves no process behind.
 */
export async function main(): Promise<number> {
  const started = Date.now();
  const port = apiPort();
  const stack = await startStack({ mode: 'dev' });
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, PORT: String(port) };
  const ownKey = !env.SLAFLOW_BOOTSTRAP_KEY;
  if (ownKey) env.SLAFLOW_BOOTSTRAP_KEY = ensureLocalBootstrapKey();
  const children: Child[] = [];
  let stopping = false;

  const stopAll = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    step(`stopping (${reason})...`);
    for (const child of [...children].reverse()) await child.stop(30_000);
    await stack.stop();
    step('stopped');
  };

  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => void stopAll(signal).then(() => resolve(0)));
    }
    const unexpected = (child: Child): void => {
      void child.exited.then((code) => {
        if (!stopping) void stopAll(`${child.name} exited with ${code}`).then(() => resolve(1));
      });
    };
    const worker = startChild('worker', process.execPath, [join(distDir, 'worker', 'main.js')], { env });
    children.push(worker);
    unexpected(worker);
    const api = startChild('api', process.execPath, [join(distDir, 'api', 'main.js')], { env });
    children.push(api);
    unexpected(api);
  });

  try {
    const apiUrl = `http://127.0.0.1:${port}`;
    await Promise.race([
      (async () => {
        await waitFor('API health', async () => (await fetch(`${apiUrl}/health`)).ok, { timeoutMs: 120_000, intervalMs: 250 });
        await waitFor('worker', () => workerIsPolling(stack.temporalAddress, env.TEMPORAL_NAMESPACE ?? 'default'), {
          timeoutMs: 120_000,
          intervalMs: 250,
        });
      })(),
      stopped.then(() => {
        throw new Error('stopped before it was ready');
      }),
    ]);
    step(`ready in ${seconds(started)}`);
    console.log(
      [
        '',
        `  API         ${apiUrl}`,
        `  OpenAPI     ${apiUrl}/docs  (JSON: ${apiUrl}/openapi.json)`,
        `  Health      ${apiUrl}/health`,
        `  Temporal    ${stack.temporalAddress} (namespace ${env.TEMPORAL_NAMESPACE})`,
        `  Web UI      ${stack.webUiUrl ?? '(not managed here)'}`,
        `  Ops key     ${ownKey ? `in ${bootstrapKeyFile} (send as "Authorization: Bearer <key>")` : 'SLAFLOW_BOOTSTRAP_KEY'}`,
        '',
        '  Ctrl-C stops everything.',
        '',
      ].join('\n'),
    );
  } catch (error) {
    console.error(`[slaflow] ${(error as Error).message}`);
    await stopAll('start failed');
    return 1;
  }
  return stopped;
}
