import { ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { retryAfterSeconds } from './dependency-errors';
import { DependencyUnavailableDto } from './dto/error.dto';

export const retryAfterHeader = {
  'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', example: retryAfterSeconds } },
} as const;

/**
 * The 503 of a route that needs PostgreSQL or Temporal (`HttpErrorFilter`, `dependency-errors.ts`),
 * for the OpenAPI document; applied to a whole controller. `needs` says which dependencies its
 * routes use (or `description` says it all).
 */
export const ApiDependencyUnavailableResponse = (needs: string, description?: string): MethodDecorator & ClassDecorator =>
  ApiServiceUnavailableResponse({
    type: DependencyUnavailableDto,
    description:
      description ??
      `${needs} is unreachable or did not answer in time: details.dependency names it ('postgresql' or 'temporal'); try again after Retry-After`,
    headers: retryAfterHeader,
  });
