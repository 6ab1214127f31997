import { postgresUnavailableReason } from '../database/postgres-errors';
import { temporalUnavailable } from '../temporal/temporal-errors';

export type Dependency = 'postgresql' | 'temporal';

export interface DependencyOutage {
  dependency: Dependency;
  /** What the client is told: the dependency and why, nothing internal. */
  message: string;
}

/**
 * How long a client is asked to wait before trying again, in seconds (`Retry-After`). A PostgreSQL
 * or Temporal restart takes a few seconds, and the next request after it reconnects on its own
 * (the pool opens new connections, the gRPC channel reconnects): 5 s retries soon enough to notice
 * the recovery, and spaces a crowd of clients that honour it out to one attempt each per 5 s
 * instead of a storm while the dependency is starting.
 */
export const retryAfterSeconds = 5;

/**
 * The one place that decides whether an error is a dependency outage (answered 503 with
 * `Retry-After`, never 500): PostgreSQL unreachable or going away, Temporal unreachable or not
 * answering in time. Null for anything else.
 */
export function dependencyOutage(error: unknown): DependencyOutage | null {
  const temporal = temporalUnavailable(error);
  if (temporal) return { dependency: 'temporal', message: temporal };
  const postgres = postgresUnavailableReason(error);
  if (postgres) return { dependency: 'postgresql', message: `PostgreSQL is unavailable: ${postgres}` };
  return null;
}
