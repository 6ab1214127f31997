import type { Type } from '@nestjs/common';
import { ApiServiceUnavailableResponse } from '@nestjs/swagger';
import { retryAfterSeconds } from './dependency-errors';

/**
 * The 503 of a route that needs PostgreSQL or Temporal (`HttpErrorFilter`, `dependency-errors.ts`),
 * for the OpenAPI document; applied to a whole controller. `needs` says which dependencies its
 * routes use (or `description` says it all).
 */
export const ApiDependencyUnavailableResponse = (errorType: Type<unknown>, needs: string, description?: string): MethodDecorator & ClassDecorator =>
  ApiServiceUnavailableResponse({
    type: errorType,
    description:
      description ?? `${needs} is unreachable or did not answer in time: details.dependency names it ('postgresql' or 'temporal'); try again after Retry-After`,
    headers: {
      'Retry-After': { description: 'Seconds to wait before trying again', schema: { type: 'integer', example: retryAfterSeconds } },
    },
  });
