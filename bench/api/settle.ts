import { Client as PgClient } from 'pg';

/**
 * Waits until the worker has caught up with the tickets opened so far: the projection holds a row
 * for each of them (their first workflow task ran and its audit write landed), then a second more
 * for the tasks those writes wake. Opening tickets as fast as the server takes them leaves the
 * worker many seconds of first tasks behind; a phase measured on top of that backlog would time
 * the backlog. Returns when the last row arrived (`caughtUpMs`, to within `pollMs`) and the whole
 * wait with that second (`waitedMs`), both from the call.
 */
export async function waitForProjection(
  databaseUrl: string,
  organisation: string,
  expected: number,
  { timeoutMs = 300_000, pollMs = 50 } = {},
): Promise<{ caughtUpMs: number; waitedMs: number }> {
  const started = Date.now();
  let caughtUpMs = 0;
  const client = new PgClient({ connectionString: databaseUrl });
  await client.connect();
  try {
    for (;;) {
      const { rows } = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM tickets WHERE organisation = $1', [organisation]);
      if (rows[0].count >= expected) {
        caughtUpMs = Date.now() - started;
        break;
      }
      if (Date.now() - started > timeoutMs) throw new Error(`only ${rows[0].count} of ${expected} tickets reached the projection in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  } finally {
    await client.end();
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  return { caughtUpMs, waitedMs: Date.now() - started };
}
