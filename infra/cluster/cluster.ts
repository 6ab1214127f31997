import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { randomInt } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runMigrations } from '../../api/database/data-source';
import { redactUrl } from '../config/environment';
import { temporalConfig, temporalConnectionOptions } from '../config/temporal-connection';
import { seconds, step } from '../log';
import { dataDir } from '../paths';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../postgres/embedded';
import { freePort, waitFor } from '../process/children';
import type { Supervisor } from '../process/supervisor';
import { ensureSearchAttributes } from '../temporal/search-attributes';
import { ensureClusterBinaries } from './binaries';
import { ensureTemporalSchemas, type TemporalDatabases } from './schema';
import type { ClusterCertificates } from './certificates';
import { defaultNodePorts, sharedServerSettings, startServerNode, type NodePorts } from './server-node';
import { startUiServer } from './ui-server';

/**
 * The production shape on one machine: PostgreSQL (embedded, or the server of DATABASE_URL) with
 * Temporal's two databases and slaflow's, two Temporal server nodes sharing them, the Web UI, and
 * the namespace with the ticket search attributes. The worker and API processes that run on it
 * are the caller's (infra/commands/cluster.command.ts), each pointed at one node's frontend, as
 * pods behind a per-node service would be.
 */
export interface ClusterNode {
  name: string;
  host: string;
  ports: NodePorts;
  /** host:port of its frontend. */
  address: string;
}

export interface ClusterOptions {
  /** `dev` keeps state in .data/cluster on fixed ports; `test` starts from empty databases on free ports. */
  mode: 'dev' | 'test';
  /** Keeps every process running (a node killed comes back on its address and ports). */
  supervisor: Supervisor;
  /** mTLS everywhere (infra/cluster/certificates.ts): the nodes' certificate, the CA, the clients' pair. */
  tls?: ClusterCertificates;
}

export interface Cluster {
  nodes: ClusterNode[];
  webUiUrl: string;
  databaseUrl: string;
  namespace: string;
  /** Environment of a worker or API process that talks to `node`. */
  clientEnv(node: ClusterNode): Record<string, string>;
}

/** The nodes' addresses: SLAFLOW_CLUSTER_HOSTS, or 127.0.0.1 and 127.0.0.2. */
export function clusterHosts(): string[] {
  const hosts = (process.env.SLAFLOW_CLUSTER_HOSTS ?? '127.0.0.1,127.0.0.2').split(',').map((host) => host.trim());
  if (hosts.length < 1 || hosts.some((host) => !/^127\.\d+\.\d+\.\d+$/.test(host))) {
    throw new Error(`SLAFLOW_CLUSTER_HOSTS must list loopback addresses (127.x.y.z), got "${process.env.SLAFLOW_CLUSTER_HOSTS}"`);
  }
  return hosts;
}

/** Whether `port` can be bound on `host` at this moment. */
async function bindable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

/**
 * Free ports for a node, drawn from 20000–32767 rather than the kernel's ephemeral range: the
 * server keeps membership ports in a PostgreSQL `smallint` column, which refuses 32768 and up.
 */
async function freeNodePorts(host: string): Promise<NodePorts> {
  const ports: Partial<NodePorts> = {};
  const taken = new Set<number>();
  for (const key of Object.keys(defaultNodePorts) as (keyof NodePorts)[]) {
    let port: number;
    do port = 20_000 + randomInt(12_768);
    while (taken.has(port) || !(await bindable(host, port)));
    taken.add(port);
    ports[key] = port;
  }
  return ports as NodePorts;
}

function postgresCredentials(url: string): Omit<TemporalDatabases, 'main' | 'visibility'> {
  const parsed = new URL(url);
  return {
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    user: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
  };
}

export async function startCluster({ mode, supervisor, tls }: ClusterOptions): Promise<Cluster> {
  const started = Date.now();
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const binaries = await ensureClusterBinaries();

  let databaseUrl = process.env.DATABASE_URL;
  // Each node's four services keep pools of their own (SQL_MAX_CONNS + SQL_VIS_MAX_CONNS each, in
  // temporal-server.env); with the workers' and the APIs' pools that is more than PostgreSQL's default 100.
  const settings = sharedServerSettings();
  const temporalConnections = clusterHosts().length * 4 * (Number(settings.SQL_MAX_CONNS) + Number(settings.SQL_VIS_MAX_CONNS));
  const maxConnections = temporalConnections + 100;
  if (!databaseUrl) {
    const options =
      mode === 'dev'
        ? {
            dataDir: join(dataDir, 'cluster', 'postgres'),
            port: Number(process.env.SLAFLOW_PG_PORT ?? 55433),
            database: 'slaflow',
            fsync: true,
            maxConnections,
          }
        : {
            dataDir: join(dataDir, 'cluster-test', 'postgres'),
            port: await freePort(),
            database: 'slaflow',
            recreateDatabase: true,
            fsync: false,
            maxConnections,
          };
    let postgres: EmbeddedPostgres | undefined;
    await supervisor.add({
      name: 'postgres',
      start: async () => (postgres ? postgres.restart() : (postgres = await startEmbeddedPostgres(options)).server),
    });
    databaseUrl = postgres!.url;
    step(`PostgreSQL up at ${redactUrl(databaseUrl)}`);
  } else {
    step(`using PostgreSQL at ${redactUrl(databaseUrl)}`);
  }
  const applied = await runMigrations(databaseUrl);
  step(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

  const databases: TemporalDatabases = { ...postgresCredentials(databaseUrl), main: 'temporal', visibility: 'temporal_visibility' };
  await ensureTemporalSchemas(binaries.sqlTool, databases, { fresh: mode === 'test' });

  const serverTls = tls ? { certFile: tls.serverCertFile, keyFile: tls.serverKeyFile, caFile: tls.caFile } : undefined;
  const clientEnv = (node: ClusterNode): Record<string, string> => ({
    TEMPORAL_ADDRESS: node.address,
    TEMPORAL_NAMESPACE: namespace,
    DATABASE_URL: databaseUrl,
    ...(tls
      ? {
          TEMPORAL_TLS_CLIENT_CERT_PATH: tls.clientCertFile,
          TEMPORAL_TLS_CLIENT_KEY_PATH: tls.clientKeyFile,
          TEMPORAL_TLS_SERVER_CA_CERT_PATH: tls.caFile,
          TEMPORAL_TLS_SERVER_NAME: 'localhost',
        }
      : {}),
  });

  const nodes: ClusterNode[] = [];
  const hosts = clusterHosts();
  for (const [index, host] of hosts.entries()) {
    // Nodes on addresses of their own share Temporal's port plan; nodes on one address need ports of their own.
    const sharesHost = hosts.indexOf(host) !== index;
    const ports = mode === 'test' || sharesHost ? await freeNodePorts(host) : defaultNodePorts;
    const node: ClusterNode = { name: `temporal-${index + 1}`, host, ports, address: `${host}:${ports.frontend}` };
    nodes.push(node);
    await supervisor.add({
      name: node.name,
      start: () => startServerNode({ name: node.name, binary: binaries.server, host, ports, databases, tls: serverTls }, clientEnv(node)),
    });
    step(`${node.name} up at ${node.address}`);
  }

  await ensureNamespace(nodes, namespace, clientEnv);
  await ensureSearchAttributes(temporalConfig(clientEnv(nodes[0])));

  const uiPort = mode === 'dev' ? Number(process.env.TEMPORAL_UI_PORT ?? 8233) : await freePort();
  await supervisor.add({
    name: 'web-ui',
    start: () =>
      startUiServer({
        binary: binaries.uiServer,
        host: '127.0.0.1',
        port: uiPort,
        temporalAddress: nodes[0].address,
        namespace,
        tls: tls ? { certFile: tls.clientCertFile, keyFile: tls.clientKeyFile, caFile: tls.caFile } : undefined,
      }),
  });
  const webUiUrl = `http://127.0.0.1:${uiPort}`;
  step(`Temporal cluster of ${nodes.length} nodes and its Web UI up in ${seconds(started)}`);
  return { nodes, webUiUrl, databaseUrl, namespace, clientEnv };
}

/**
 * The server without auto-setup starts with no namespace but its own system one: register ours
 * (idempotently) and wait until every node knows it (each refreshes its namespace cache on a
 * timer).
 */
async function ensureNamespace(nodes: ClusterNode[], namespace: string, clientEnv: (node: ClusterNode) => Record<string, string>): Promise<void> {
  const connectTo = (node: ClusterNode) => Connection.connect(temporalConnectionOptions(temporalConfig(clientEnv(node)), { connectTimeout: 2_000 }));
  const first = await connectTo(nodes[0]);
  try {
    await first.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('7 days') }).catch((error: Error) => {
      if (!/already exists/i.test(error.message)) throw error;
    });
  } finally {
    await first.close();
  }
  for (const node of nodes) {
    const connection = await connectTo(node);
    try {
      await waitFor(
        `namespace ${namespace} on ${node.name}`,
        async () => Boolean(await connection.workflowService.describeNamespace({ namespace })),
        {
          timeoutMs: 60_000,
          intervalMs: 500,
        },
      );
    } finally {
      await connection.close();
    }
  }
  step(`namespace ${namespace} registered`);
}
