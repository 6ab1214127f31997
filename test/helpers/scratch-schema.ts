import { randomBytes } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { requireStackEnv } from './stack-env';

/**
 * A schema of its own on the suite's PostgreSQL, for a test that runs migrations or service SQL on
 * tables it fills itself: one connection with the schema first on its search path, and the
 * projection's columns that the `sla_cycles` migration's backfill reads (a `tickets` table, empty).
 */
export interface ScratchSchema {
  readonly client: PoolClient;
  drop(): Promise<void>;
}

export async function scratchSchema(prefix: string): Promise<ScratchSchema> {
  const schema = `${prefix}_${randomBytes(4).toString('hex')}`;
  const pool = new Pool({ connectionString: requireStackEnv().databaseUrl, max: 1 });
  const client = await pool.connect();
  await client.query(`CREATE SCHEMA ${schema}`);
  await client.query(`SET search_path TO ${schema}`);
  await client.query(`CREATE TABLE tickets (id text PRIMARY KEY, organisation text NOT NULL, policy text, plan text, state jsonb)`);
  return {
    client,
    async drop() {
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      client.release();
      await pool.end();
    },
  };
}
