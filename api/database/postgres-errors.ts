/**
 * Which errors mean PostgreSQL could not be reached or dropped us, as opposed to a query that is
 * wrong (a constraint, a syntax error: our fault, a 500). pg and pg-pool raise plain errors for
 * the first kind, TypeORM wraps the server's ones in QueryFailedError (`driverError`), and Node's
 * socket errors carry a system `code`; all are looked for along the error's causes.
 */

/** Socket errors on the way to the server: refused, reset, unreachable, name not resolved. */
const socketCodes: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
};

/**
 * SQLSTATEs of a server that is going away or not taking connections. Class 08 (connection
 * exceptions) is matched as a class below.
 */
const sqlStates: Record<string, string> = {
  '57P01': 'the server is shutting down (57P01)',
  '57P02': 'the server is restarting after a crash (57P02)',
  '57P03': 'the server is not accepting connections yet (57P03)',
  '53300': 'the server has no connection slot left (53300)',
};

/**
 * What pg, pg-pool and TypeORM say without a code. The pool's timeouts are bounded by
 * `connectTimeoutMS` (data-source.ts), so a request waits that long at most for a connection.
 */
const messages: Array<[RegExp, string]> = [
  [/^Connection terminated due to connection timeout/, 'connection timed out'],
  [/^timeout exceeded when trying to connect/, 'no connection available in time'],
  [/^Connection terminated/, 'connection terminated'],
  [/is not queryable/, 'connection lost'],
  [/^Driver not Connected$/, 'not connected since the API started'],
];

/** The error, its causes, a QueryFailedError's driver error, an AggregateError's errors. */
function* related(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 8 || error === null || typeof error !== 'object') return;
  const record = error as Record<string, unknown>;
  yield record;
  yield* related(record.cause, depth + 1);
  yield* related(record.driverError, depth + 1);
  if (Array.isArray(record.errors)) for (const inner of record.errors) yield* related(inner, depth + 1);
}

/** Why PostgreSQL is unavailable, in words fit for a client (no address, no stack); null otherwise. */
export function postgresUnavailableReason(error: unknown): string | null {
  for (const candidate of related(error)) {
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (code && socketCodes[code]) return socketCodes[code];
    if (code && sqlStates[code]) return sqlStates[code];
    if (code && /^08[0-9A-Z]{3}$/.test(code)) return `connection exception (${code})`;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    const known = messages.find(([pattern]) => pattern.test(message));
    if (known) return known[1];
  }
  return null;
}
