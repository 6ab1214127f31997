import { Body, Controller, Get, Headers, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import {
  assignUpdate,
  changePriorityUpdate,
  closeUpdate,
  confirmUpdate,
  diagnosisUpdate,
  escalateUpdate,
  partsDeliveredUpdate,
  rcaUpdate,
  reopenUpdate,
  requestInfoUpdate,
  resolveUpdate,
  respondUpdate,
  splitUpdate,
  type TicketState,
} from '../../workflows/ticket/contract';
import { OpenTicketDto } from './dto/open-ticket.dto';
import { ResolveDto } from './dto/resolve.dto';
import { RespondDto } from './dto/respond.dto';
import { AssignDto, BodyDto, ChangePriorityDto, DiagnosisDto, RcaDto, ReasonDto, SplitDto } from './dto/ticket-actions.dto';
import { OpenedTicketDto, TicketEventsPageDto, TicketStateDto } from './dto/ticket-state.dto';
import { PageQuery } from '../common/cursor';
import { ApiAuthErrors, ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { TicketRefusalDto, TicketRuleRefusalDto } from './dto/ticket-errors.dto';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import type { Principal } from '../auth/principal';
import { ListTicketsQueryDto, TicketsPageDto } from './dto/list-tickets.dto';
import { CurrentActionCaller, idempotencyKeySchema, type ActionCaller } from './idempotency-key';
import { ApiReplyRefusedResponse, ApiUnknownTicketResponse, TicketAction, TicketIdParam } from './ticket-route.decorators';
import { TicketsService } from './tickets.service';

/** `limit` (default 200, at most 1000) and `cursor` of the audit trail. */
class EventsPageQueryDto extends PageQuery(200, 1000) {}

@ApiTags('tickets')
@ApiBearerAuth()
@ApiExtraModels(TicketRefusalDto, TicketRuleRefusalDto)
@ApiAuthErrors("Wrong role, or another organisation's ticket")
@ApiInvalidInput('Malformed JSON, invalid fields, parameters or headers, or a NUL character (named in details)')
@ApiDependencyUnavailableResponse('PostgreSQL or Temporal')
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @Roles('customer', 'agent')
  @ApiOperation({ summary: 'Open a ticket: checks intake and entitlement, starts its workflow, answers its state with the first deadlines' })
  // Named as @Headers() reads it (lower case), so that this replaces the required header Nest would infer.
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'Idempotency-Key: the same key again (from the same API key) answers the same ticket; 1 to 200 visible ASCII characters',
    schema: idempotencyKeySchema,
  })
  @ApiCreatedResponse({ type: OpenedTicketDto, description: "The ticket's state, and the policy's recommended intake fields the request lacked" })
  @ApiUnprocessableEntityResponse({
    type: TicketRuleRefusalDto,
    description: 'An intake or entitlement rule of the policy refuses it (rule in details)',
  })
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown policy' })
  @ApiRequestBodyErrors()
  open(
    @Body() dto: OpenTicketDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<OpenedTicketDto> {
    return this.tickets.openWithIntakeReport(dto, principal, idempotencyKey);
  }

  @Get()
  @Roles('agent', 'ops')
  @ApiOperation({ summary: 'Tickets from the projection, filtered, newest first, a page at a time (pass `nextCursor` as `cursor`)' })
  @ApiOkResponse({ type: TicketsPageDto })
  list(@Query() query: ListTicketsQueryDto): Promise<TicketsPageDto> {
    return this.tickets.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: "The ticket's state: queried from its workflow while that runs; once it has ended, from the projection" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiUnknownTicketResponse()
  state(@TicketIdParam() id: string, @CurrentPrincipal() principal: Principal): Promise<TicketState> {
    return this.tickets.state(id, principal);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The ticket's audit trail, from PostgreSQL, in order, a page at a time (pass `nextCursor` as `cursor`)" })
  @ApiOkResponse({ type: TicketEventsPageDto })
  @ApiUnknownTicketResponse()
  async events(
    @TicketIdParam() id: string,
    @Query() query: EventsPageQueryDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<TicketEventsPageDto> {
    const { items, nextCursor } = await this.tickets.listEvents(id, principal, query);
    return {
      items: items.map(({ sequence, type, at, detail, state }) => ({ sequence, type, at: at.toISOString(), ...(detail ? { detail } : {}), state })),
      nextCursor,
    };
  }

  @Post(':id/responses')
  @Roles('agent')
  @TicketAction('First response (acknowledgement) or progress update by an agent', null)
  respond(@TicketIdParam() id: string, @Body() dto: RespondDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, respondUpdate, dto);
  }

  @Post(':id/resolution')
  @Roles('agent')
  @TicketAction('Resolve the ticket with a resolution code', 'A resolution code the policy does not know')
  resolve(@TicketIdParam() id: string, @Body() dto: ResolveDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, resolveUpdate, dto);
  }

  @Post(':id/info-requests')
  @Roles('agent')
  @TicketAction('Ask the customer for information: the ticket waits on the customer, pausable clocks pause')
  requestInfo(@TicketIdParam() id: string, @Body() dto: BodyDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, requestInfoUpdate, dto);
  }

  @Post(':id/replies')
  @Roles('customer')
  @TicketAction(
    'The customer replies: the wait ends; a resolved ticket, or a closed one inside its reopen window, reopens; after the window a new ticket linked to this one opens (its state is the answer)',
    ApiReplyRefusedResponse(),
  )
  reply(@TicketIdParam() id: string, @Body() dto: BodyDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.reply(caller, id, dto);
  }

  @Post(':id/priority')
  @Roles('agent', 'customer')
  @TicketAction('Change the priority: every running clock is re-targeted from its original start')
  changePriority(@TicketIdParam() id: string, @Body() dto: ChangePriorityDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, changePriorityUpdate, dto);
  }

  @Post(':id/escalations')
  @Roles('customer', 'agent')
  @TicketAction("Escalate to the next level of the policy's escalation path (its contacts are notified)")
  escalate(@TicketIdParam() id: string, @Body() dto: ReasonDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, escalateUpdate, dto);
  }

  @Post(':id/assignment')
  @Roles('agent')
  @TicketAction('Assign or reassign the ticket to an agent')
  assign(@TicketIdParam() id: string, @Body() dto: AssignDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, assignUpdate, dto);
  }

  @Post(':id/diagnosis')
  @Roles('agent')
  @TicketAction('Diagnosis done; a required replacement starts the hardware-replacement clock')
  diagnosis(@TicketIdParam() id: string, @Body() dto: DiagnosisDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, diagnosisUpdate, dto);
  }

  @Post(':id/parts-delivery')
  @Roles('agent')
  @TicketAction('Replacement parts delivered: stops the hardware-replacement clock')
  partsDelivered(@TicketIdParam() id: string, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, partsDeliveredUpdate, {});
  }

  @Post(':id/confirmation')
  @Roles('customer')
  @TicketAction('The customer confirms the resolution: the ticket closes')
  confirm(@TicketIdParam() id: string, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, confirmUpdate, {});
  }

  @Post(':id/closure')
  @Roles('agent')
  @TicketAction('Close the ticket (e.g. agreed without resolution)')
  close(@TicketIdParam() id: string, @Body() dto: ReasonDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, closeUpdate, dto);
  }

  @Post(':id/reopening')
  @Roles('customer', 'agent')
  @TicketAction('Reopen a resolved ticket, or a closed one inside its reopen window')
  reopen(@TicketIdParam() id: string, @Body() dto: ReasonDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, reopenUpdate, dto);
  }

  @Post(':id/rca')
  @Roles('agent')
  @TicketAction('Deliver the RCA draft or final')
  deliverRca(@TicketIdParam() id: string, @Body() dto: RcaDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, rcaUpdate, dto);
  }

  @Post(':id/incidents')
  @Roles('agent')
  @TicketAction('Split into sub-incidents, each a ticket with its own priority and SLA')
  split(@TicketIdParam() id: string, @Body() dto: SplitDto, @CurrentActionCaller() caller: ActionCaller): Promise<TicketState> {
    return this.tickets.act(caller, id, splitUpdate, dto);
  }
}
