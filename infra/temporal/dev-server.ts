import { Connection } from '@temporalio/client';
import { ticketSearchAttributes } from '../../workflows/ticket/search-attributes';
import { startChild, waitFor, type Child } from '../process/children';

export interface DevServerOptions {
  cliPath: string;
  port: number;
  /** Web UI port; without it the server runs headless. */
  uiPort?: number;
  /** SQLite file, so that state survives a restart; in memory without it. */
  dbFile?: string;
  namespace: string;
}

export interface DevServer {
  child: Child;
  address: string;
  uiUrl?: string;
}

const cliTypeNames: Record<string, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/** `--search-attribute Name=Type` flags for every attribute the ticket workflow sets. */
export function searchAttributeFlags(): string[] {
  return ticketSearchAttributes.flatMap((key) => ['--search-attribute', `${key.name}=${cliTypeNames[key.type]}`]);
}

/**
 * Server settings the embedded server runs with. Eager activity execution lets the server hand an
 * activity a workflow task schedules straight back to the worker that completed that task (when it
 * has a free slot), instead of queueing it for a poller: a breach's notification then starts in
 * the same round trip that scheduled it. Off by default in the Temporal server; set it on a
 * cluster of your own with the same key (README, "Configuration").
 */
export const devServerDynamicConfig: Readonly<Record<string, unknown>> = {
  'system.enableActivityEagerExecution': true,
};

function dynamicConfigFlags(): string[] {
  return Object.entries(devServerDynamicConfig).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

/**
 * Starts `temporal server start-dev` on loopback and waits until its frontend answers for the
 * namespace. The search attributes are registered by the server itself at start.
 */
export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--log-level',
    'error',
    ...(options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...searchAttributeFlags(),
    ...dynamicConfigFlags(),
  ];
  const child = startChild('temporal', options.cliPath, args);
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitFor(
      'Temporal dev server',
      async () => {
        const connection = await Connection.connect({ address, connectTimeout: 1_000 });
        try {
          await connection.workflowService.describeNamespace({ namespace: options.namespace });
          return true;
        } finally {
          await connection.close();
        }
      },
      { child, timeoutMs: 60_000, intervalMs: 250 },
    );
  } catch (error) {
    // Not left running half-started: a restart of it would find its port taken.
    await child.stop();
    throw Object.assign(error as Error, { recentOutput: child.recentOutput().slice(-20) });
  }
  return { child, address, uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined };
}
