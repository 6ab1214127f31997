import { readFileSync } from 'node:fs';
import { Pool } from 'pg';

/**
 * What `npm run test:cluster` tells the fault tests about the production shape it started: the
 * API processes (api-N talks to temporal-N), the pids file its supervisor rewrites on every
 * restart, the ops key and the port the workers send mail to. Without it the tests fail and say
 * so: they never quietly skip.
 */
export interface ClusterUnderTest {
  apis: { name: string; url: string }[];
  nodes: { name: string; address: string }[];
  pidsFile: string;
  bootstrapKey: string;
  smtpPort: number;
  databaseUrl: string;
}

export function requireCluster(): ClusterUnderTest {
  const env = process.env;
  if (!env.SLAFLOW_CLUSTER_APIS || !env.SLAFLOW_CLUSTER_PIDS_FILE || !env.SLAFLOW_CLUSTER_BOOTSTRAP_KEY || !env.DATABASE_URL) {
    throw new Error('cluster tests run against the cluster that `npm run test:cluster` starts');
  }
  return {
    apis: JSON.parse(env.SLAFLOW_CLUSTER_APIS),
    nodes: JSON.parse(env.SLAFLOW_CLUSTER_NODES ?? '[]'),
    pidsFile: env.SLAFLOW_CLUSTER_PIDS_FILE,
    bootstrapKey: env.SLAFLOW_CLUSTER_BOOTSTRAP_KEY,
    smtpPort: Number(env.SLAFLOW_CLUSTER_SMTP_PORT),
    databaseUrl: env.DATABASE_URL,
  };
}

export function pidOf(cluster: ClusterUnderTest, name: string): number {
  const pids = JSON.parse(readFileSync(cluster.pidsFile, 'utf8')) as Record<string, number>;
  if (!pids[name]) throw new Error(`no ${name} in ${cluster.pidsFile}`);
  return pids[name];
}

/** `kill -9` of one process of the cluster (its process group: a server and anything it started). */
export function killHard(cluster: ClusterUnderTest, name: string): number {
  const pid = pidOf(cluster, name);
  process.kill(-pid, 'SIGKILL');
  return pid;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until the supervisor has started `name` again (a new pid in the pids file). */
export async function restarted(cluster: ClusterUnderTest, name: string, oldPid: number, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const pid = (() => {
      try {
        return pidOf(cluster, name);
      } catch {
        return oldPid;
      }
    })();
    if (pid !== oldPid) return pid;
    if (Date.now() > deadline) throw new Error(`${name} was not restarted within ${timeoutMs / 1000}s`);
    await sleep(250);
  }
}

export interface Answer {
  status: number;
  // Parsed JSON; tests read into it freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Headers;
}

/** One HTTP call to an API process; a refused connection is status 0 (the process is down). */
export async function call(
  apiUrl: string,
  method: string,
  path: string,
  options: { key: string; body?: unknown; headers?: Record<string, string> },
): Promise<Answer> {
  try {
    const response = await fetch(`${apiUrl}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${options.key}`,
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...options.headers,
      },
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      signal: AbortSignal.timeout(30_000),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  } catch {
    return { status: 0, body: undefined, headers: new Headers() };
  }
}

/**
 * A client that honours 503 and retries: sends the same request (with its Idempotency-Key) again
 * after Retry-After, or after a second when the process is down, until another answer comes.
 * Returns every status it saw, so a test can check none was lost silently.
 */
export async function callRetrying(
  apiUrl: string,
  method: string,
  path: string,
  options: { key: string; body?: unknown; idempotencyKey: string; timeoutMs?: number },
): Promise<{ answer: Answer; statuses: number[] }> {
  const statuses: number[] = [];
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    const answer = await call(apiUrl, method, path, { ...options, headers: { 'idempotency-key': options.idempotencyKey } });
    statuses.push(answer.status);
    if ((answer.status !== 503 && answer.status !== 0) || Date.now() > deadline) return { answer, statuses };
    await sleep(answer.status === 503 ? Math.min(Number(answer.headers.get('retry-after') ?? 1), 2) * 1_000 : 1_000);
  }
}

export function clusterPool(cluster: ClusterUnderTest): Pool {
  const pool = new Pool({ connectionString: cluster.databaseUrl, max: 3 });
  pool.on('error', () => undefined);
  return pool;
}

/** An agent key made with the ops key through `apiUrl`. */
export async function agentKey(cluster: ClusterUnderTest, apiUrl: string): Promise<string> {
  const answer = await call(apiUrl, 'POST', '/api-keys', { key: cluster.bootstrapKey, body: { role: 'agent' } });
  if (answer.status !== 201) throw new Error(`POST /api-keys answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return answer.body.key;
}

/** The audit trail of each ticket: its sequences must run 1, 2, 3 … with no gap and no repeat. */
export async function auditTrails(pool: Pool, ticketIds: string[]): Promise<Map<string, { sequence: number; type: string; at: Date }[]>> {
  const rows = await pool.query<{ ticket_id: string; sequence: number; type: string; at: Date }>(
    'SELECT ticket_id, sequence, type, at FROM ticket_events WHERE ticket_id = ANY($1) ORDER BY ticket_id, sequence',
    [ticketIds],
  );
  const trails = new Map<string, { sequence: number; type: string; at: Date }[]>(ticketIds.map((id) => [id, []]));
  for (const row of rows.rows) trails.get(row.ticket_id)!.push({ sequence: row.sequence, type: row.type, at: row.at });
  return trails;
}
