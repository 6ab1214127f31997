import { applyDecorators, HttpCode, Param } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiRequestBodyErrors } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { TicketRefusalDto, TicketRuleRefusalDto } from './dto/ticket-errors.dto';
import { TicketStateDto } from './dto/ticket-state.dto';
import { idempotencyKeySchema } from './idempotency-key';
import { maxTicketIdLength, ticketIdPattern, TicketIdPipe } from './ticket-id.pipe';

/** `:id` of a route on one ticket: an id the API cannot have made is a 404 (`TicketIdPipe`). */
export const TicketIdParam = (): ParameterDecorator => Param('id', TicketIdPipe);

/**
 * The `:id` and the 404 of every route on one ticket. The id's form is documented: any other is a
 * 404 as well (`TicketIdPipe`), which also lets a client, or a fuzzer, tell a wrong id from a bad one.
 */
export const ApiUnknownTicketResponse = (): MethodDecorator & ClassDecorator =>
  applyDecorators(
    ApiParam({
      name: 'id',
      description: 'A ticket id: a UUID in lower case, and `-<n>` per level for a sub-incident',
      schema: { type: 'string', pattern: ticketIdPattern.source, maxLength: maxTicketIdLength },
    }),
    ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown ticket (or an id the API does not make)' }),
  );

/** What a policy refusal of an action is documented as, unless the action says otherwise. */
const policyRefusal = "The policy does not allow it: the message names the rule, details the ticket's status";

/** How an action's 422 is documented: a description, or a whole response of its own. */
type PolicyRefusal = string | null | MethodDecorator;

/**
 * An action on one ticket (a Temporal update of its workflow): 200 with the ticket's state, 404
 * for an unknown ticket, an optional Idempotency-Key, 409 naming the state that refuses it, and 422 when a policy rule does
 * (`refusedByPolicy`; null for an action no policy rule refuses). Every action is a POST, so
 * the request-body answers (413, 415) apply even to those that take no body.
 */
export function TicketAction(summary: string, refusedByPolicy: PolicyRefusal = policyRefusal): MethodDecorator {
  const refusal =
    refusedByPolicy === null
      ? []
      : [
          typeof refusedByPolicy === 'string'
            ? ApiUnprocessableEntityResponse({ type: TicketRefusalDto, description: refusedByPolicy })
            : refusedByPolicy,
        ];
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: TicketStateDto }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        "The same key again (same caller, ticket and action) answers the first attempt's outcome instead of acting twice: send it to retry an action safely after a 503 or a lost answer; 1 to 200 visible ASCII characters",
      schema: idempotencyKeySchema,
    }),
    ApiUnknownTicketResponse(),
    ApiConflictResponse({ type: TicketRefusalDto, description: "The ticket's state does not allow it (status in details)" }),
    ApiRequestBodyErrors(),
    ...refusal,
  );
}

/**
 * The 422 of a customer's reply: the workflow's refusal naming the status, or, for a reply after
 * the reopen window (which opens a new linked ticket), the entitlement rule that refuses opening it.
 */
export const ApiReplyRefusedResponse = (): MethodDecorator =>
  ApiUnprocessableEntityResponse({
    description: 'The policy refuses the reply (status in details), or the new linked ticket a late reply opens (rule in details)',
    content: {
      'application/json': { schema: { oneOf: [{ $ref: getSchemaPath(TicketRefusalDto) }, { $ref: getSchemaPath(TicketRuleRefusalDto) }] } },
    },
  });
