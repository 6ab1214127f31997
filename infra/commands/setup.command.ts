import { runMigrations } from '../../api/database/data-source';
import { databaseUrl } from '../config/environment';
import { temporalConfig } from '../config/temporal-connection';
import { step } from '../log';
import { ensureSearchAttributes } from '../temporal/search-attributes';

/**
 * `npm run setup`: prepares existing servers (TEMPORAL_ADDRESS, DATABASE_URL) for slaflow: applies
 * the database migrations and registers the ticket search attributes. `npm start` does the same
 * on its own; this is for deployments that run the worker and the API directly (docker-compose).
 */
export async function main(): Promise<number> {
  const applied = await runMigrations(databaseUrl());
  step(applied.length ? `migrations applied: ${applied.join(', ')}` : 'database schema up to date');
  const config = temporalConfig();
  await ensureSearchAttributes(config);
  step(`Temporal namespace ${config.namespace} at ${config.address} has the ticket search attributes`);
  return 0;
}
