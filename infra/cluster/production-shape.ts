import { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { join } from 'node:path';
import { temporalConfig, temporalConnectionOptions } from '../config/temporal-connection';
import { distDir } from '../paths';
import { freePort, startChild, waitFor } from '../process/children';
import { writePidsFile } from '../process/pids-file';
import { Supervisor, defaultRestartPolicy, type Running } from '../process/supervisor';
import { warn, step } from '../log';
import { ticketTaskQueue } from '../../workflows/ticket/contract';
import { startCluster, type Cluster, type ClusterOptions } from './cluster';

/**
 * The cluster and slaflow on it: two workers and two API processes, worker-N and api-N talking to
 * node N's frontend, all under one supervisor (a process that dies is started again, as
 * `npm start` does). Used by `npm run cluster` and `npm run test:cluster`.
 */
export interface ProductionShape {
  cluster: Cluster;
  apis: { name: string; url: string }[];
  supervisor: Supervisor;
  stop(): Promise<void>;
}

export interface ProductionShapeOptions extends Omit<ClusterOptions, 'supervisor'> {
  /** Where the pids of every process are kept (`{ "temporal-1": …, "worker-2": … }`), rewritten on each restart. */
  pidsFile: string;
  /** The ops key every API accepts from its first start. */
  bootstrapKey: string;
  /** Extra environment of the workers and APIs (SMTP_URL, …). */
  env?: Record<string, string>;
}

function nodeProcess(name: string, script: string, env: NodeJS.ProcessEnv): () => Promise<Running> {
  return async () => {
    const child = startChild(name, process.execPath, [join(distDir, script)], { env });
    return { pid: child.pid, exited: child.exited, recentOutput: () => child.recentOutput(), stop: () => child.stop(30_000) };
  };
}

async function pollers(env: Record<string, string>): Promise<number> {
  const config = temporalConfig(env);
  const connection = await Connection.connect(temporalConnectionOptions(config, { connectTimeout: 1_000 }));
  try {
    // The enhanced answer reports the pollers of every partition; the plain one only the root partition's.
    const answer = await connection.workflowService.describeTaskQueue({
      namespace: config.namespace,
      taskQueue: { name: ticketTaskQueue },
      apiMode: temporal.api.enums.v1.DescribeTaskQueueMode.DESCRIBE_TASK_QUEUE_MODE_ENHANCED,
      reportPollers: true,
    });
    const identities = Object.values(answer.versionsInfo ?? {}).flatMap((version) =>
      Object.values(version.typesInfo ?? {}).flatMap((type) => (type.pollers ?? []).map((poller) => poller.identity)),
    );
    return new Set(identities).size;
  } finally {
    await connection.close();
  }
}

export async function startProductionShape(options: ProductionShapeOptions): Promise<ProductionShape> {
  const supervisor: Supervisor = new Supervisor(defaultRestartPolicy, {
    exited: (name, cause, attempt, delayMs) => warn(`${name} exited (${cause}); restart ${attempt} in ${delayMs / 1000}s`),
    restarted: (name, attempt, pid) => step(`${name} running again (restart ${attempt}, pid ${pid})`),
    changed: () => writePidsFile(options.pidsFile, supervisor.pids()),
  });
  const stop = async (): Promise<void> => {
    // The last added first: APIs, workers, the Web UI, the nodes, PostgreSQL.
    await supervisor.stop();
  };
  try {
    const cluster = await startCluster({ mode: options.mode, supervisor, tls: options.tls });
    const apis: { name: string; url: string }[] = [];
    const basePort = Number(process.env.PORT ?? 3000);
    for (const [index, node] of cluster.nodes.entries()) {
      const env = { ...process.env, ...options.env, ...cluster.clientEnv(node), SLAFLOW_BOOTSTRAP_KEY: options.bootstrapKey };
      await supervisor.add({ name: `worker-${index + 1}`, start: nodeProcess(`worker-${index + 1}`, 'worker/main.js', env) });
    }
    for (const [index, node] of cluster.nodes.entries()) {
      const port = options.mode === 'dev' ? basePort + index : await freePort();
      const env = { ...process.env, ...options.env, ...cluster.clientEnv(node), SLAFLOW_BOOTSTRAP_KEY: options.bootstrapKey, PORT: String(port) };
      await supervisor.add({ name: `api-${index + 1}`, start: nodeProcess(`api-${index + 1}`, 'api/main.js', env) });
      apis.push({ name: `api-${index + 1}`, url: `http://127.0.0.1:${port}` });
    }
    for (const api of apis) {
      await waitFor(`${api.name} health`, async () => (await fetch(`${api.url}/health`)).ok, { timeoutMs: 120_000, intervalMs: 250 });
    }
    await waitFor('both workers polling', async () => (await pollers(cluster.clientEnv(cluster.nodes[0]))) >= cluster.nodes.length, {
      timeoutMs: 120_000,
      intervalMs: 500,
    });
    return { cluster, apis, supervisor, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
