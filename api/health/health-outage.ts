import { ServiceUnavailableException } from '@nestjs/common';
import type { HealthCheckResult } from '@nestjs/terminus';
import type { Dependency } from '../common/dependency-errors';

/** The health check's keys (kept as they were: clients read `info.postgres`) and what they name. */
const dependencies: Record<string, { dependency: Dependency; name: string }> = {
  temporal: { dependency: 'temporal', name: 'Temporal' },
  postgres: { dependency: 'postgresql', name: 'PostgreSQL' },
};

/**
 * Terminus answers a failed check with a 503 whose body is its own result, which the error filter
 * would flatten to "Service Unavailable Exception" and lose what is down. This is the same 503 in
 * the API's error shape, naming each dependency that is down (`details.dependency` the first, as
 * on every other 503, `details.down` all of them). The indicators' own messages stay out: the
 * route is public, and they carry addresses.
 */
export function healthOutage(error: unknown): unknown {
  if (!(error instanceof ServiceUnavailableException)) return error;
  const result = error.getResponse() as Partial<HealthCheckResult>;
  const down = Object.entries(result.details ?? {})
    .filter(([, indicator]) => indicator.status !== 'up')
    .map(([key]) => dependencies[key] ?? { dependency: key, name: key });
  if (down.length === 0) return error;
  const names = down.map((entry) => entry.name);
  return new ServiceUnavailableException({
    message: `${names.join(' and ')} ${names.length === 1 ? 'is' : 'are'} unavailable`,
    details: { dependency: down[0].dependency, down: down.map((entry) => entry.dependency) },
  });
}
