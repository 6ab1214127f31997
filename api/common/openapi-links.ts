import type { OpenAPIObject } from '@nestjs/swagger';

// The package's interface module is not among its exports: the types are reached through the document's.
type OperationObject = NonNullable<OpenAPIObject['paths'][string]['get']>;
type ResponseObject = Exclude<NonNullable<OperationObject['responses'][string]>, { $ref: string }>;
type LinkParametersObject = Record<string, string>;

/**
 * OpenAPI links: which answer gives the id another operation takes in its path. They tell a
 * client (and schemathesis' stateful phase, which follows them) that the `ticketId` of a ticket's
 * state is what `/tickets/{id}/…` takes, and so on, instead of leaving it to guess ids.
 */

interface LinkRule {
  /** The answers that carry the value: an operation's successful response. */
  from: (path: string, method: string, response: ResponseObject) => boolean;
  /** The operations that take it. */
  to: (path: string) => boolean;
  /** Each target parameter and the runtime expression that fills it. */
  parameters: LinkParametersObject;
}

const schemaOf = (response: ResponseObject): { $ref?: string } | undefined =>
  response.content?.['application/json']?.schema as { $ref?: string } | undefined;

const answersTicketState = (response: ResponseObject): boolean => schemaOf(response)?.$ref === '#/components/schemas/TicketStateDto';

const onOneTicket = (path: string): boolean => path.startsWith('/tickets/{id}');

const rules: LinkRule[] = [
  // Every answer that is a ticket's state (opening it, reading it, any action on it).
  { from: (_path, _method, response) => answersTicketState(response), to: onOneTicket, parameters: { id: '$response.body#/ticketId' } },
  // The first policy of the list (never empty: the presets), with one of its plans and priorities
  // for the schedule preview. Lists that may be empty (tickets, the delivery log) link nowhere: a
  // link must resolve in every answer it is on.
  {
    from: (path, method) => path === '/policies' && method === 'get',
    to: (path) => path === '/policies/{id}',
    parameters: { id: '$response.body#/0/id' },
  },
  {
    from: (path, method) => path === '/policies' && method === 'get',
    to: (path) => path === '/policies/{id}/schedule',
    parameters: { id: '$response.body#/0/id', plan: '$response.body#/0/plans/0', priority: '$response.body#/0/priorities/0' },
  },
  // A policy document just stored or read.
  {
    from: (path, method) => (path === '/policies' && method === 'post') || (path === '/policies/{id}' && method === 'get'),
    to: (path) => path === '/policies/{id}',
    parameters: { id: '$response.body#/id' },
  },
  {
    from: (path, method) => (path === '/policies' && method === 'post') || (path === '/policies/{id}' && method === 'get'),
    to: (path) => path === '/policies/{id}/schedule',
    parameters: { id: '$response.body#/id', plan: '$response.body#/plans/0/id', priority: '$response.body#/priorities/0/id' },
  },
];

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

function operations(document: OpenAPIObject): Array<{ path: string; method: string; operation: OperationObject }> {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    methods.flatMap((method) => (item[method] ? [{ path, method, operation: item[method] }] : [])),
  );
}

/** Adds the links of `rules` to the successful (2xx) responses of `document`, in place. */
export function addOpenApiLinks(document: OpenAPIObject): OpenAPIObject {
  const all = operations(document);
  for (const source of all) {
    for (const [status, response] of Object.entries(source.operation.responses)) {
      if (!/^2\d\d$/.test(status) || !response || '$ref' in response) continue;
      const answer = response as ResponseObject;
      for (const rule of rules) {
        if (!rule.from(source.path, source.method, answer)) continue;
        for (const target of all.filter((candidate) => rule.to(candidate.path) && candidate.operation.operationId)) {
          answer.links = {
            ...answer.links,
            [target.operation.operationId!]: { operationId: target.operation.operationId, parameters: rule.parameters },
          };
        }
      }
    }
  }
  return document;
}
