import { applyDecorators, HttpCode, Param } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { ErrorDto, TicketStateDto } from './dto/ticket-state.dto';
import { TicketIdPipe } from './ticket-id.pipe';

/** `:id` of a route on one ticket: an id the API cannot have made is a 404 (`TicketIdPipe`). */
export const TicketIdParam = (): ParameterDecorator => Param('id', TicketIdPipe);

/** The 404 of every route on one ticket. */
export const ApiUnknownTicketResponse = (): MethodDecorator & ClassDecorator =>
  ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown ticket (or an id the API does not make)' });

/** What a policy refusal of an action is documented as, unless the action says otherwise. */
const policyRefusal = 'The policy does not allow it (rule named)';

/**
 * An action on one ticket (a Temporal update of its workflow): 200 with the ticket's state, 404
 * for an unknown ticket, an optional Idempotency-Key, 409 naming the state that refuses it, and 422 naming the policy rule
 * that does (`refusedByPolicy`; null for an action no policy rule refuses).
 */
export function TicketAction(summary: string, refusedByPolicy: string | null = policyRefusal): MethodDecorator {
  return applyDecorators(
    HttpCode(200),
    ApiOperation({ summary }),
    ApiOkResponse({ type: TicketStateDto }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: "The same key again (same caller, ticket and action) answers the first attempt's outcome instead of acting twice: send it to retry an action safely after a 503 or a lost answer",
    }),
    ApiUnknownTicketResponse(),
    ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" }),
    ...(refusedByPolicy === null ? [] : [ApiUnprocessableEntityResponse({ type: ErrorDto, description: refusedByPolicy })]),
  );
}
