import { Connection } from '@temporalio/client';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { apiPort } from '../config/environment';
import { temporalConfig, temporalConnectionOptions, type TemporalConfig } from '../config/temporal-connection';
import { bootstrapKeyFile, ensureLocalBootstrapKey } from './bootstrap-key';
import { seconds, step, warn } from '../log';
import { dataDir, distDir } from '../paths';
import { startChild, waitFor } from '../process/children';
import { removePidsFile, writePidsFile } from '../process/pids-file';
import { Supervisor, defaultRestartPolicy, type Running } from '../process/supervisor';
import { startStack, type Stack } from '../stack';
import { ticketTaskQueue } from '../../workflows/ticket/contract';

/** Where `npm start` keeps the pids of what it runs (see pids-file.ts). */
export const pidsFile = join(dataDir, 'pids.json');

/** Whether a worker polls the ticket task queue, asked the way the worker itself connects (TLS, API key). */
async function workerIsPolling(config: TemporalConfig): Promise<boolean> {
  const connection = await Connection.connect(temporalConnectionOptions(config, { connectTimeout: 1_000 }));
  try {
    const { pollers } = await connection.workflowService.describeTaskQueue({
      namespace: config.namespace,
      taskQueue: { name: ticketTaskQueue },
    });
    return pollers.length > 0;
  } finally {
    await connection.close();
  }
}

/** The worker and the API, given 30 s to finish what they are doing when stopped. */
function nodeProcess(name: string, script: string, env: NodeJS.ProcessEnv): () => Promise<Running> {
  return async () => {
    const child = startChild(name, process.execPath, [join(distDir, name, script)], { env });
    return { pid: child.pid, exited: child.exited, recentOutput: () => child.recentOutput(), stop: () => child.stop(30_000) };
  };
}

/**
 * `npm start`: Temporal and PostgreSQL (embedded unless configured), migrations, then the worker
 * and the API as separate processes, all under one supervisor: a process that dies is started
 * again after a delay (1 s doubling to 30 s) while the others run on; one that keeps dying (more
 * than 5 restarts within 5 minutes) stops everything, with its last lines of output. Ctrl-C (or
 * SIGTERM) stops the API first, then the worker (which finishes its running tasks), then the
 * servers, and leaves no process behind.
 */
export async function main(): Promise<number> {
  const started = Date.now();
  const port = apiPort();
  mkdirSync(dataDir, { recursive: true });
  const supervisor = new Supervisor(defaultRestartPolicy, {
    exited: (name, cause, attempt, delayMs) => warn(`${name} exited (${cause}); restart ${attempt} in ${delayMs / 1000}s`),
    restarted: (name, attempt, pid) => step(`${name} running again (restart ${attempt}, pid ${pid})`),
    changed: () => writePidsFile(pidsFile, supervisor.pids()),
  });
  let stack: Stack;
  try {
    stack = await startStack({ mode: 'dev', supervisor });
  } catch (error) {
    await supervisor.stop();
    removePidsFile(pidsFile);
    throw error;
  }
  const env: NodeJS.ProcessEnv = { ...process.env, ...stack.env, PORT: String(port) };
  const ownKey = !env.SLAFLOW_BOOTSTRAP_KEY;
  if (ownKey) env.SLAFLOW_BOOTSTRAP_KEY = ensureLocalBootstrapKey();
  let stopping = false;

  const stopAll = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    stoppedWaiting.abort();
    step(`stopping (${reason})...`);
    // The last added first: API, worker, PostgreSQL, Temporal.
    await supervisor.stop();
    await stack.stop();
    removePidsFile(pidsFile);
    step('stopped');
  };

  // Once stopping, the waits for readiness below end too: their polling would keep the launcher alive.
  const stoppedWaiting = new AbortController();
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => void stopAll(signal).then(() => resolve(0)));
    }
    void supervisor.failed.then((error) => {
      console.error(`[slaflow] ${error.message}`);
      void stopAll(`${error.service} keeps failing`).then(() => resolve(1));
    });
  });

  try {
    await supervisor.add({ name: 'worker', start: nodeProcess('worker', 'main.js', env) });
    await supervisor.add({ name: 'api', start: nodeProcess('api', 'main.js', env) });
    const apiUrl = `http://127.0.0.1:${port}`;
    await Promise.race([
      (async () => {
        await waitFor('API health', async () => (await fetch(`${apiUrl}/health`)).ok, {
          timeoutMs: 120_000,
          intervalMs: 250,
          signal: stoppedWaiting.signal,
        });
        const temporal = temporalConfig(env);
        await waitFor('worker', () => workerIsPolling(temporal), {
          timeoutMs: 120_000,
          intervalMs: 250,
          signal: stoppedWaiting.signal,
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
        `  Board       ${apiUrl}/  (the web page: sign in with an API key)`,
        `  API         ${apiUrl}`,
        `  OpenAPI     ${apiUrl}/docs  (JSON: ${apiUrl}/openapi.json)`,
        `  Health      ${apiUrl}/health`,
        `  Temporal    ${stack.temporalAddress} (namespace ${env.TEMPORAL_NAMESPACE})`,
        `  Web UI      ${stack.webUiUrl ?? '(not managed here)'}`,
        `  Ops key     ${ownKey ? `in ${bootstrapKeyFile} (send as "Authorization: Bearer <key>")` : 'SLAFLOW_BOOTSTRAP_KEY'}`,
        `  Pids        ${pidsFile}`,
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
