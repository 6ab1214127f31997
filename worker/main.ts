import { NativeConnection } from '@temporalio/worker';
import { Pool } from 'pg';
import { databaseUrl, notificationConfig, redactUrl } from '../infra/config/environment';
import { diagnoseConnectFailure, temporalConfig, temporalConnectionOptions } from '../infra/config/temporal-connection';
import { createTicketWorker, notificationDeps } from './create-worker';

/**
 * The worker process. `worker.run()` resolves once the worker has shut down: the SDK's runtime
 * turns SIGINT and SIGTERM into a graceful shutdown (running activities finish, workflow tasks
 * are handed back), after which the connections close and the process exits.
 */
async function main(): Promise<void> {
  const temporal = temporalConfig();
  const dbUrl = databaseUrl();
  const notifications = notificationConfig();
  const pool = new Pool({ connectionString: dbUrl, max: 10, connectionTimeoutMillis: 5_000 });
  // An idle connection that the server drops (a restart, a failover) must not crash the worker:
  // the pool replaces it, and an activity that was using it fails and is retried by Temporal.
  pool.on('error', (error) => console.warn(`worker: database connection lost (${error.message})`));
  // A connection dropped while an activity holds it between two queries is an 'error' on the client
  // itself, which pg-pool does not forward: unheard, it would crash the worker. Heard, the client's
  // next query fails, the activity fails and Temporal retries it.
  pool.on('connect', (client) => client.on('error', (error) => console.warn(`worker: database connection lost (${error.message})`)));
  const connection = await NativeConnection.connect(temporalConnectionOptions(temporal)).catch(async (error: unknown) => {
    throw await diagnoseConnectFailure(error, temporal);
  });
  const channels = notificationDeps(notifications);
  try {
    const worker = await createTicketWorker({
      connection,
      namespace: temporal.namespace,
      deps: { pool, ...channels.deps },
    });
    console.log(`worker: polling ${worker.options.taskQueue} on ${temporal.address}/${temporal.namespace}, database ${redactUrl(dbUrl)}`);
    console.log(
      `worker: email ${notifications.smtpUrl ? `through ${redactUrl(notifications.smtpUrl)} from ${notifications.mailFrom}` : 'not configured (SMTP_URL unset)'}, ` +
        `webhooks ${notifications.webhookSecret ? 'signed' : 'not configured (SLAFLOW_WEBHOOK_SECRET unset)'}`,
    );
    await worker.run();
  } finally {
    channels.close();
    await connection.close();
    await pool.end();
  }
}

main().catch((error: unknown) => {
  console.error('worker: fatal', error);
  process.exit(1);
});
