import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { TicketState } from '../../workflows/ticket/contract';
import { OpenTicketDto } from './dto/open-ticket.dto';
import { ResolveDto } from './dto/resolve.dto';
import { RespondDto } from './dto/respond.dto';
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
}
