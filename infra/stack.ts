import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../api/database/data-source';
import { redactUrl } from './config/environment';
import { temporalConfig } from './config/temporal-connection';
import { seconds, step } from './log';
import { dataDir } from './paths';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded';
import { freePort } from './process/children';
import type { Running, Supervisor } from './process/supervisor';
import { ensureTemporalCli } from './temporal/cli';
import { startDevServer } from './temporal/dev-server';
import { ensureSearchAttributes } from './temporal/search-attributes';

/**
 * The servers slaflow stands on: Temporal and PostgreSQL. Each is the embedded default unless
 * configuration points at an existing one (`TEMPORAL_ADDRESS`, `DATABASE_URL`).
 */
export interface StackOptions {
  /** `dev` keeps state in .data/ on fixed ports; `test` uses fresh state on free ports. */
  mode: 'dev' | 'test';
  /**
   * Keeps the embedded servers running: one that dies is started again (same port, same state)
   * and stopped by the supervisor, not by Stack.stop(). `npm start` passes one; tests do not.
   */
  supervisor?: Supervisor;
}

export interface Stack {
  /** Environment for the worker, the API and the tests. */
  env: Record<string, string>;
  temporalAddress: string;
  webUiUrl?: string;
  databaseUrl: string;
  stop(): Promise<void>;
}

function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  return value ? Number(value) : fallback;
}

export async function startStack({ mode, supervisor }: StackOptions): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => console.error(error));
  };
  // `start` is called again for each restart under a supervisor; without one, once.
  const run = async (name: string, start: () => Promise<Running>): Promise<void> => {
    if (supervisor) return supervisor.add({ name, start });
    const running = await start();
    stops.push(() => running.stop());
  };
  try {
    const env: Record<string, string> = {};
    const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';

    let temporalAddress = process.env.TEMPORAL_ADDRESS;
    let webUiUrl = process.env.TEMPORAL_UI_URL;
    if (!temporalAddress) {
      const started = Date.now();
      const cliPath = await ensureTemporalCli();
      const port = mode === 'dev' ? portFromEnv('TEMPORAL_DEV_PORT', 7233) : await freePort();
      const uiPort = mode === 'dev' ? portFromEnv('TEMPORAL_UI_PORT', 8233) : await freePort();
      const temporalDir = join(dataDir, 'temporal');
      if (mode === 'dev') mkdirSync(temporalDir, { recursive: true });
      const devServerOptions = {
        cliPath,
        port,
        uiPort,
        namespace,
        dbFile: mode === 'dev' ? join(temporalDir, 'dev-server.sqlite') : undefined,
      };
      // A restart comes back on the same port and SQLite file, so workflows carry on where they were.
      await run('temporal', async () => (await startDevServer(devServerOptions)).child);
      temporalAddress = `127.0.0.1:${port}`;
      webUiUrl = `http://127.0.0.1:${uiPort}`;
      step(`Temporal dev server up at ${temporalAddress} in ${seconds(started)}`);
    } else {
      await ensureSearchAttributes(temporalConfig());
      step(`using Temporal at ${temporalAddress}`);
    }
    env.TEMPORAL_ADDRESS = temporalAddress;
    env.TEMPORAL_NAMESPACE = namespace;
    if (webUiUrl) env.TEMPORAL_UI_URL = webUiUrl;

    let databaseUrl = process.env.DATABASE_URL;
    if (!databaseUrl) {
      const started = Date.now();
      const options =
        mode === 'dev'
          ? { dataDir: join(dataDir, 'postgres'), port: portFromEnv('SLAFLOW_PG_PORT', 55432), database: 'slaflow', fsync: true }
          : {
              dataDir: join(dataDir, 'postgres-test'),
              port: await freePort(),
              database: 'slaflow_test',
              recreateDatabase: true,
              // A throwaway cluster: speed over durability.
              fsync: false,
            };
      let postgres: EmbeddedPostgres | undefined;
      // The first start sets the cluster up; a restart only starts the server again (same port and cluster).
      await run('postgres', async () => (postgres ? postgres.restart() : (postgres = await startEmbeddedPostgres(options)).server));
      databaseUrl = postgres!.url;
      step(`PostgreSQL up at ${redactUrl(databaseUrl)} in ${seconds(started)}`);
    } else {
      step(`using PostgreSQL at ${redactUrl(databaseUrl)}`);
    }
    env.DATABASE_URL = databaseUrl;

    const applied = await runMigrations(databaseUrl);
    step(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');

    return { env, temporalAddress, webUiUrl, databaseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
