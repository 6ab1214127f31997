import { Connection } from '@temporalio/client';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporalConfig, temporalConnectionOptions } from '../config/temporal-connection';
import { projectRoot } from '../paths';
import { startChild, waitFor, type Child } from '../process/children';
import type { TemporalDatabases } from './schema';

/** The file of settings that this command and docker-compose.yml share. */
export const sharedServerSettingsFile = join(projectRoot, 'infra', 'cluster', 'temporal-server.env');
export const dynamicConfigFile = join(projectRoot, 'infra', 'cluster', 'dynamicconfig.yaml');

/** `KEY=value` lines of the shared settings (comments and blank lines skipped), as compose reads an env_file. */
export function sharedServerSettings(file = sharedServerSettingsFile): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) throw new Error(`${file}: "${trimmed}" is not KEY=value`);
    settings[trimmed.slice(0, eq)] = trimmed.slice(eq + 1);
  }
  return settings;
}

/** The ports of one node's four services: gRPC and membership (ringpop) each, and the frontend's HTTP API. */
export interface NodePorts {
  frontend: number;
  frontendHttp: number;
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/** Temporal's own port plan (7233 …), for a node with an address of its own. */
export const defaultNodePorts: NodePorts = {
  frontend: 7233,
  frontendHttp: 7243,
  frontendMembership: 6933,
  history: 7234,
  historyMembership: 6934,
  matching: 7235,
  matchingMembership: 6935,
  worker: 7239,
  workerMembership: 6939,
};

/**
 * mTLS on every connection: clients must present a certificate signed by `caFile` to the
 * frontend, and the nodes talk to each other with the same certificate (the server's template
 * turns internode client TLS on as soon as it has a CA, so internode runs TLS too).
 */
export interface ServerTls {
  certFile: string;
  keyFile: string;
  /** CA that signs the server's certificate and that client certificates must chain to. */
  caFile: string;
}

export interface ServerNodeOptions {
  name: string;
  binary: string;
  host: string;
  ports: NodePorts;
  databases: TemporalDatabases;
  tls?: ServerTls;
}

/** The environment the server's embedded configuration template reads for this node. */
export function serverNodeEnv(options: ServerNodeOptions): Record<string, string> {
  const { ports, databases, tls } = options;
  return {
    ...sharedServerSettings(),
    DBNAME: databases.main,
    VISIBILITY_DBNAME: databases.visibility,
    POSTGRES_SEEDS: databases.host,
    DB_PORT: String(databases.port),
    POSTGRES_USER: databases.user,
    POSTGRES_PWD: databases.password,
    BIND_ON_IP: options.host,
    TEMPORAL_BROADCAST_ADDRESS: options.host,
    FRONTEND_GRPC_PORT: String(ports.frontend),
    FRONTEND_HTTP_PORT: String(ports.frontendHttp),
    FRONTEND_MEMBERSHIP_PORT: String(ports.frontendMembership),
    HISTORY_GRPC_PORT: String(ports.history),
    HISTORY_MEMBERSHIP_PORT: String(ports.historyMembership),
    MATCHING_GRPC_PORT: String(ports.matching),
    MATCHING_MEMBERSHIP_PORT: String(ports.matchingMembership),
    WORKER_GRPC_PORT: String(ports.worker),
    WORKER_MEMBERSHIP_PORT: String(ports.workerMembership),
    DYNAMIC_CONFIG_FILE_PATH: dynamicConfigFile,
    ...(tls
      ? {
          TEMPORAL_TLS_REQUIRE_CLIENT_AUTH: 'true',
          TEMPORAL_TLS_FRONTEND_CERT: tls.certFile,
          TEMPORAL_TLS_FRONTEND_KEY: tls.keyFile,
          TEMPORAL_TLS_CLIENT1_CA_CERT: tls.caFile,
          TEMPORAL_TLS_CLIENT2_CA_CERT: tls.caFile,
          TEMPORAL_TLS_SERVER_CERT: tls.certFile,
          TEMPORAL_TLS_SERVER_KEY: tls.keyFile,
          TEMPORAL_TLS_SERVER_CA_CERT: tls.caFile,
          TEMPORAL_TLS_INTERNODE_SERVER_NAME: 'localhost',
          TEMPORAL_TLS_FRONTEND_SERVER_NAME: 'localhost',
        }
      : {}),
  };
}

/** Client environment to reach a node's frontend as the worker and the API do. */
export type ClientEnv = Record<string, string>;

/**
 * One Temporal server process with all four services (frontend, history, matching, worker),
 * started with the embedded configuration (`temporal-server start`, no config file) and a clean
 * environment, so that a client variable of ours (TEMPORAL_ADDRESS, TLS paths) never reaches it.
 * Nodes find each other through the database's membership table: no seed list. Ready once its
 * frontend answers the system-info call a client makes when it connects.
 */
export async function startServerNode(options: ServerNodeOptions, clientEnv: ClientEnv): Promise<Child> {
  const child = startChild(options.name, options.binary, ['--allow-no-auth', 'start'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...serverNodeEnv(options) },
    output: 'quiet',
  });
  const config = temporalConfig(clientEnv);
  try {
    await waitFor(
      `Temporal ${options.name}`,
      async () => {
        const connection = await Connection.connect(temporalConnectionOptions(config, { connectTimeout: 1_000 }));
        await connection.close();
        return true;
      },
      { child, timeoutMs: 90_000, intervalMs: 250 },
    );
  } catch (error) {
    await child.stop();
    const lines = child.recentOutput().slice(-20);
    throw Object.assign(new Error(`${(error as Error).message}\n${lines.join('\n')}`), { recentOutput: lines });
  }
  return child;
}
