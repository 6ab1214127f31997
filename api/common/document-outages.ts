import type { OpenAPIObject } from '@nestjs/swagger';
import { retryAfterHeader } from './api-dependency-unavailable';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/**
 * Every route that needs an API key can answer 503: a key not recognised in the last few seconds
 * is looked up in PostgreSQL. Controllers document their own 503 (`ApiDependencyUnavailableResponse`,
 * naming what their routes need); this adds the same answer, in general words, to every operation
 * that does not, so that no route's document misses it.
 */
export function documentDependencyOutages(document: OpenAPIObject): OpenAPIObject {
  const schema = { $ref: '#/components/schemas/DependencyUnavailableDto' };
  // The controllers' own 503s put the schema in the document; a document without any still needs it.
  if (!document.components?.schemas?.DependencyUnavailableDto) throw new Error('DependencyUnavailableDto is not in the OpenAPI document');
  for (const path of Object.values(document.paths)) {
    for (const method of methods) {
      const operation = path[method];
      if (!operation || operation.responses['503']) continue;
      operation.responses['503'] = {
        description:
          'PostgreSQL (which checks the API key) or another dependency of the route is unreachable: details.dependency names it; try again after Retry-After',
        headers: { ...retryAfterHeader },
        content: { 'application/json': { schema } },
      };
    }
  }
  return document;
}
