import type { OpenAPIObject } from '@nestjs/swagger';

/**
 * Request bodies refuse fields they do not name (the validation pipe's `forbidNonWhitelisted`, a
 * policy document's strict objects): a 400 naming each one. Nest's document leaves every object
 * open, which tells a client extra fields are fine; this closes the schemas request bodies use,
 * and the objects nested in them, with `additionalProperties: false`. An object that says how
 * it takes extra keys itself (a ticket's intake `fields`) is left as it says.
 */

type Schema = {
  $ref?: string;
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
};

const componentName = (ref: string): string => ref.replace('#/components/schemas/', '');

function close(document: OpenAPIObject, schema: Schema | undefined, seen: Set<string>): void {
  if (!schema) return;
  if (schema.$ref) {
    const name = componentName(schema.$ref);
    if (seen.has(name)) return;
    seen.add(name);
    close(document, document.components?.schemas?.[name] as Schema | undefined, seen);
    return;
  }
  for (const part of [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]) close(document, part, seen);
  close(document, schema.items, seen);
  if (schema.properties) {
    if (schema.additionalProperties === undefined) schema.additionalProperties = false;
    for (const property of Object.values(schema.properties)) close(document, property, seen);
  }
}

/** Closes, in place, every schema a JSON request body of `document` refers to. */
export function closeRequestBodies(document: OpenAPIObject): OpenAPIObject {
  const seen = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.put, item.post, item.delete, item.patch]) {
      const body = operation?.requestBody;
      if (!body || '$ref' in body) continue;
      close(document, body.content['application/json']?.schema as Schema | undefined, seen);
    }
  }
  return document;
}
