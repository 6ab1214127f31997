import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiUnprocessableEntityResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import {
  assignUpdate,
  changePriorityUpdate,
  closeUpdate,
  confirmUpdate,
  customerReplyUpdate,
  diagnosisUpdate,
  escalateUpdate,
  partsDeliveredUpdate,
  rcaUpdate,
  reopenUpdate,
  requestInfoUpdate,
  splitUpdate,
  type TicketState,
} from '../../workflows/ticket/contract';
import { OpenTicketDto } from './dto/open-ticket.dto';
import { ResolveDto } from './dto/resolve.dto';
import { RespondDto } from './dto/respond.dto';
import { AssignDto, BodyDto, ChangePriorityDto, DiagnosisDto, RcaDto, ReasonDto, SplitDto } from './dto/ticket-actions.dto';
import { ErrorDto, TicketEventDto, TicketStateDto } from './dto/ticket-state.dto';
import { TicketsService } from './tickets.service';

@ApiTags('tickets')
@ApiBadRequestResponse({ type: ErrorDto, description: 'Malformed JSON or invalid fields (named in details)' })
@Controller('tickets')
export class TicketsController {
  constructor(private readonly tickets: TicketsService) {}

  @Post()
  @ApiOperation({ summary: 'Open a ticket: starts its workflow and answers its state with the first deadlines' })
  @ApiCreatedResponse({ type: TicketStateDto })
  open(@Body() dto: OpenTicketDto): Promise<TicketState> {
    return this.tickets.open(dto);
  }

  @Get(':id')
  @ApiOperation({ summary: "The ticket's live state, queried from its workflow" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  state(@Param('id') id: string): Promise<TicketState> {
    return this.tickets.state(id);
  }

  @Get(':id/events')
  @ApiOperation({ summary: "The ticket's audit trail, from PostgreSQL" })
  @ApiOkResponse({ type: [TicketEventDto] })
  @ApiNotFoundResponse({ type: ErrorDto })
  async events(@Param('id') id: string) {
    const events = await this.tickets.listEvents(id);
    return events.map(({ sequence, type, at, state }) => ({ sequence, type, at: at.toISOString(), state }));
  }

  @Post(':id/responses')
  @HttpCode(200)
  @ApiOperation({ summary: 'First response (acknowledgement) or progress update by an agent' })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  respond(@Param('id') id: string, @Body() dto: RespondDto): Promise<TicketState> {
    return this.tickets.respond(id, dto);
  }

  @Post(':id/resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve the ticket with a resolution code' })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  resolve(@Param('id') id: string, @Body() dto: ResolveDto): Promise<TicketState> {
    return this.tickets.resolve(id, dto);
  }

  @Post(':id/info-requests')
  @HttpCode(200)
  @ApiOperation({ summary: "Ask the customer for information: the ticket waits on the customer, pausable clocks pause" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  requestInfo(@Param('id') id: string, @Body() dto: BodyDto): Promise<TicketState> {
    return this.tickets.act(id, requestInfoUpdate, dto);
  }

  @Post(':id/replies')
  @HttpCode(200)
  @ApiOperation({ summary: "The customer replies: the wait ends; a resolved ticket, or a closed one inside its reopen window, reopens" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  reply(@Param('id') id: string, @Body() dto: BodyDto): Promise<TicketState> {
    return this.tickets.act(id, customerReplyUpdate, dto);
  }

  @Post(':id/priority')
  @HttpCode(200)
  @ApiOperation({ summary: "Change the priority: every running clock is re-targeted from its original start" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  changePriority(@Param('id') id: string, @Body() dto: ChangePriorityDto): Promise<TicketState> {
    return this.tickets.act(id, changePriorityUpdate, dto);
  }

  @Post(':id/escalations')
  @HttpCode(200)
  @ApiOperation({ summary: "Escalate to the next level of the policy's escalation path (its contacts are notified)" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  escalate(@Param('id') id: string, @Body() dto: ReasonDto): Promise<TicketState> {
    return this.tickets.act(id, escalateUpdate, dto);
  }

  @Post(':id/assignment')
  @HttpCode(200)
  @ApiOperation({ summary: "Assign or reassign the ticket to an agent" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  assign(@Param('id') id: string, @Body() dto: AssignDto): Promise<TicketState> {
    return this.tickets.act(id, assignUpdate, dto);
  }

  @Post(':id/diagnosis')
  @HttpCode(200)
  @ApiOperation({ summary: "Diagnosis done; a required replacement starts the hardware-replacement clock" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  diagnosis(@Param('id') id: string, @Body() dto: DiagnosisDto): Promise<TicketState> {
    return this.tickets.act(id, diagnosisUpdate, dto);
  }

  @Post(':id/parts-delivery')
  @HttpCode(200)
  @ApiOperation({ summary: "Replacement parts delivered: stops the hardware-replacement clock" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  partsDelivered(@Param('id') id: string): Promise<TicketState> {
    return this.tickets.act(id, partsDeliveredUpdate);
  }

  @Post(':id/confirmation')
  @HttpCode(200)
  @ApiOperation({ summary: "The customer confirms the resolution: the ticket closes" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  confirm(@Param('id') id: string): Promise<TicketState> {
    return this.tickets.act(id, confirmUpdate);
  }

  @Post(':id/closure')
  @HttpCode(200)
  @ApiOperation({ summary: "Close the ticket (e.g. agreed without resolution)" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  close(@Param('id') id: string, @Body() dto: ReasonDto): Promise<TicketState> {
    return this.tickets.act(id, closeUpdate, dto);
  }

  @Post(':id/reopening')
  @HttpCode(200)
  @ApiOperation({ summary: "Reopen a resolved ticket, or a closed one inside its reopen window" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  reopen(@Param('id') id: string, @Body() dto: ReasonDto): Promise<TicketState> {
    return this.tickets.act(id, reopenUpdate, dto);
  }

  @Post(':id/rca')
  @HttpCode(200)
  @ApiOperation({ summary: "Deliver the RCA draft or final" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  deliverRca(@Param('id') id: string, @Body() dto: RcaDto): Promise<TicketState> {
    return this.tickets.act(id, rcaUpdate, dto);
  }

  @Post(':id/incidents')
  @HttpCode(200)
  @ApiOperation({ summary: "Split into sub-incidents, each a ticket with its own priority and SLA" })
  @ApiOkResponse({ type: TicketStateDto })
  @ApiNotFoundResponse({ type: ErrorDto })
  @ApiConflictResponse({ type: ErrorDto, description: "The ticket's state does not allow it (state named)" })
  @ApiUnprocessableEntityResponse({ type: ErrorDto, description: 'The policy does not allow it (rule named)' })
  split(@Param('id') id: string, @Body() dto: SplitDto): Promise<TicketState> {
    return this.tickets.act(id, splitUpdate, dto);
  }
}
