import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../api/database/data-source';
import { redactUrl, temporalConfig } from './config/environment';
import { seconds, step } from './log';
import { dataDir } from './paths';
import { startEmbeddedPostgres } from './postgres/embedded';
import { freePort } from './process/children';
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

export async function startStack({ mode }: StackOptions): Promise<Stack> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async (): Promise<void> => {
    for (const fn of stops.reverse()) await fn().catch((error: unknown) => console.error(error));
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
      const devServer = await startDevServer({
        cliPath,
        port,
        uiPort,
        namespace,
        dbFile: mode === 'dev' ? join(temporalDir, 'dev-server.sqlite') : undefined,
      });
      stops.push(() => devServer.child.stop());
      temporalAddress = devServer.address;
      webUiUrl = devServer.uiUrl;
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
      const postgres = await startEmbeddedPostgres(
        mode === 'dev'
          ? { dataDir: join(dataDir, 'postgres'), port: portFromEnv('SLAFLOW_PG_PORT', 55432), database: 'slaflow' }
          : {
              dataDir: join(dataDir, 'postgres-test'),
              port: await freePort(),
              database: 'slaflow_test',
              recreateDatabase: true,
            },
      );
      stops.push(() => postgres.stop());
      databaseUrl = postgres.url;
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
