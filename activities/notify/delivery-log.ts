import type { Pool, PoolClient, QueryResult } from 'pg';
import type { Notification } from '../../workflows/ticket/activities.contract';

export type DeliveryOutcome = { status: 'already-delivered' } | { status: 'delivered' } | { status: 'failed'; error: string };

/**
 * One delivery to one recipient, at most once: the (notification, recipient) pair is locked for the
 * length of the attempt, so an ops retry racing a Temporal retry waits, then finds the message
 * delivered and sends nothing. The attempt is recorded in `notification_deliveries` whatever its
 * outcome; a failure of `send` is an outcome, a failure of the database is thrown.
 */
export async function deliverOnce(pool: Pool, notification: Notification, recipient: string, send: () => Promise<void>): Promise<DeliveryOutcome> {
  const client = await pool.connect();
  try {
    // Three statements in one round trip (a deadline storm is a queue of these): the simple query
    // protocol takes no parameters, so the two values are quoted by the driver (`escapeLiteral`).
    // Each statement reads its own snapshot, so the SELECT, run once the lock is held, sees the row
    // a racing attempt committed before releasing it.
    const id = client.escapeLiteral(notification.notificationId);
    const to = client.escapeLiteral(recipient);
    const results = (await client.query(
      `BEGIN;
       SELECT pg_advisory_xact_lock(hashtextextended(${id} || E'\\n' || ${to}, 0));
       SELECT status FROM notification_deliveries WHERE notification_id = ${id} AND recipient = ${to}`,
    )) as unknown as Array<QueryResult<{ status: string }>>;
    const existing = results[2];
    if (existing.rows[0]?.status === 'delivered') {
      await client.query('COMMIT');
      return { status: 'already-delivered' };
    }

    const startedAt = new Date();
    let outcome: DeliveryOutcome;
    try {
      await send();
      outcome = { status: 'delivered' };
    } catch (error) {
      outcome = { status: 'failed', error: describeError(error) };
    }
    // The record and the COMMIT in one round trip, as above.
    await client.query(`${recordAttemptStatement(client, notification, recipient, startedAt, outcome)}; COMMIT`);
    return outcome;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** The attempt's row in `notification_deliveries`, its values quoted by the driver (for the simple query protocol). */
function recordAttemptStatement(
  client: PoolClient,
  notification: Notification,
  recipient: string,
  startedAt: Date,
  outcome: DeliveryOutcome,
): string {
  const delivered = outcome.status === 'delivered';
  const literal = (value: string | Date | null): string =>
    value === null ? 'NULL' : client.escapeLiteral(value instanceof Date ? value.toISOString() : value);
  const values = [
    notification.notificationId,
    recipient,
    notification.ticketId,
    notification.organisation,
    notification.kind,
    notification.clock ?? null,
    notification.subject,
    notification.body,
    notification.at,
    delivered ? 'delivered' : 'failed',
  ].map(literal);
  const lastError = literal(outcome.status === 'failed' ? outcome.error : null);
  const started = literal(startedAt);
  // last_error survives a later success: it says why the delivery needed more than one attempt.
  return `INSERT INTO notification_deliveries
            (notification_id, recipient, ticket_id, organisation, kind, clock, subject, body, at,
             status, attempts, last_error, first_attempt_at, last_attempt_at, delivered_at)
          VALUES (${values.join(', ')}, 1, ${lastError}, ${started}, ${started}, ${literal(delivered ? new Date() : null)})
          ON CONFLICT (notification_id, recipient) DO UPDATE SET
            status = EXCLUDED.status,
            attempts = notification_deliveries.attempts + 1,
            last_error = COALESCE(EXCLUDED.last_error, notification_deliveries.last_error),
            last_attempt_at = EXCLUDED.last_attempt_at,
            delivered_at = EXCLUDED.delivered_at`;
}

const maxErrorLength = 1000;

/** The error as ops should read it: the message and, for network errors, the underlying cause. */
function describeError(error: unknown): string {
  // Duck-typed, not `instanceof Error`: fetch's errors may come from another realm.
  const message = messageOf(error) ?? String(error);
  const cause = messageOf((error as { cause?: unknown } | undefined)?.cause);
  const text = cause && !message.includes(cause) ? `${message}: ${cause}` : message;
  return text.length > maxErrorLength ? `${text.slice(0, maxErrorLength - 1)}…` : text;
}

function messageOf(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || !('message' in value)) return undefined;
  return typeof value.message === 'string' && value.message ? value.message : undefined;
}
