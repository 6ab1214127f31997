import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { step } from '../log';
import { runToCompletion } from '../process/children';
import { onPath } from '../temporal/find-executable';
import { temporalServerVersion } from './versions';

export interface TemporalDatabases {
  host: string;
  port: number;
  user: string;
  password: string;
  /** Temporal's persistence and visibility databases. */
  main: string;
  visibility: string;
}

/**
 * The schema folder of the server module: `schema/postgresql/v12/` of go.temporal.io/server at the
 * pinned version, from the Go module cache (`go mod download` puts it there if the build has
 * not), or `TEMPORAL_SCHEMA_DIR` when the binaries came from elsewhere.
 */
export function schemaDir(): string {
  const explicit = process.env.TEMPORAL_SCHEMA_DIR;
  if (explicit) {
    if (!existsSync(join(explicit, 'temporal', 'versioned'))) throw new Error(`TEMPORAL_SCHEMA_DIR=${explicit} has no temporal/versioned folder`);
    return explicit;
  }
  if (!onPath('go'))
    throw new Error('the Temporal schemas come from the Go module cache: install Go, or set TEMPORAL_SCHEMA_DIR to schema/postgresql/v12');
  const result = spawnSync('go', ['mod', 'download', '-json', `go.temporal.io/server@${temporalServerVersion}`], { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`go mod download go.temporal.io/server@${temporalServerVersion} failed: ${result.stderr || result.stdout}`);
  const { Dir } = JSON.parse(result.stdout) as { Dir: string };
  return join(Dir, 'schema', 'postgresql', 'v12');
}

async function withAdmin<T>(db: TemporalDatabases, database: string, use: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ host: db.host, port: db.port, user: db.user, password: db.password, database });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/**
 * Creates Temporal's two databases when missing, sets their schema up (version 0.0, once) and
 * migrates them to the server's version with temporal-sql-tool, Temporal's own tool: `setup-schema`
 * on an empty database, then `update-schema`, which applies only the versions not yet applied.
 */
export async function ensureTemporalSchemas(sqlTool: string, db: TemporalDatabases, { fresh = false } = {}): Promise<void> {
  const dir = schemaDir();
  for (const [database, folder] of [
    [db.main, 'temporal'],
    [db.visibility, 'visibility'],
  ] as const) {
    const created = await withAdmin(db, 'postgres', async (client) => {
      // A test cluster starts from nothing.
      if (fresh) await client.query(`DROP DATABASE IF EXISTS "${database.replace(/"/g, '""')}" WITH (FORCE)`);
      const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      if (exists.rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
      return exists.rowCount === 0;
    });
    const versioned = await withAdmin(
      db,
      database,
      async (client) => (await client.query("SELECT to_regclass('schema_version') AS t")).rows[0].t !== null,
    );
    const args = ['--plugin', 'postgres12', '--ep', db.host, '-p', String(db.port), '-u', db.user, '--db', database];
    // The password goes through the environment, not the command line (visible in ps).
    const env = { ...process.env, SQL_PASSWORD: db.password };
    if (!versioned) runToCompletion(sqlTool, [...args, 'setup-schema', '-v', '0.0'], { env, quiet: true });
    runToCompletion(sqlTool, [...args, 'update-schema', '-d', join(dir, folder, 'versioned')], { env, quiet: true });
    step(`Temporal database ${database}: ${created ? 'created and ' : ''}schema up to date`);
  }
}
