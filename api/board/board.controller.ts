import { Controller, Get, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentPrincipal } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ApiInvalidInput } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { BoardService } from './board.service';
import { BoardDto, BoardQueryDto, SessionDto, TicketCalendarsDto, TicketCalendarsQueryDto } from './dto/board.dto';
import { TicketChangesListener, type TicketChange } from './ticket-changes.listener';

/** One event of the stream, as a client's SSE parser reads it: its name, and its data (JSON text). */
const sseEventSchema = {
  type: 'object',
  required: ['event', 'data'],
  properties: {
    event: { type: 'string', enum: ['ready', 'ticket', 'resync'] },
    data: { type: 'string', description: 'JSON: `ready` {role, organisation}; `ticket` {ticketId, organisation, status, sequence}; `resync` {}' },
  },
};

/** A comment line this often keeps proxies and the browser from taking a quiet stream for a dead one. */
const heartbeatMs = 15_000;

@ApiTags('board')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'No API key, a malformed Authorization header, or an unknown or revoked key' })
@Controller('board')
export class BoardController {
  constructor(
    private readonly board: BoardService,
    private readonly changes: TicketChangesListener,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The SLA board: open tickets with every clock, the earliest deadline first, and counts per standing' })
  @ApiOkResponse({ type: BoardDto })
  @ApiInvalidInput('An invalid query parameter (named in details)')
  @ApiDependencyUnavailableResponse('PostgreSQL')
  get(@Query() query: BoardQueryDto, @CurrentPrincipal() principal: Principal): Promise<BoardDto> {
    return this.board.board(query, principal);
  }

  @Get('session')
  @ApiOperation({ summary: 'Who the presented key is: its role and, for a customer, its organisation (what the web page shows as signed in)' })
  @ApiOkResponse({ type: SessionDto })
  session(@CurrentPrincipal() principal: Principal): SessionDto {
    return { role: principal.role, organisation: principal.organisation };
  }

  @Get('calendars')
  @ApiOperation({ summary: "The calendars a ticket's clocks count on, for its policy version, plan and priority (the ticket page's timelines)" })
  @ApiOkResponse({ type: TicketCalendarsDto })
  @ApiInvalidInput('A missing or invalid query parameter (named in details)')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown policy or version' })
  calendars(@Query() query: TicketCalendarsQueryDto): Promise<TicketCalendarsDto> {
    return this.board.ticketCalendars(query);
  }

  @Get('events')
  @ApiOperation({
    summary: 'Server-Sent Events: one `ticket` event per write of a ticket (a customer only hears of its organisation), endless',
    description:
      'First `event: ready` with `data: {"role","organisation"}`; then each event is `event: ticket` with `data: {"ticketId","organisation","status","sequence"}`; `event: resync` after the server lost ' +
      'its PostgreSQL listener for a while (load the board again); a comment line every 15 s. The stream never ends by itself.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'An endless event stream', content: { 'text/event-stream': { schema: sseEventSchema } } })
  events(@CurrentPrincipal() principal: Principal, @Req() request: FastifyRequest, @Res() reply: FastifyReply): void {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    const send = (event: string, data: unknown) => raw.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    // At once, so a client knows the stream is up (and the contract test has an event to read and stop at).
    send('ready', { role: principal.role, organisation: principal.organisation });
    const visible = (change: TicketChange) => principal.role !== 'customer' || change.organisation === principal.organisation;
    const heartbeat = setInterval(() => raw.write(': keep-alive\n\n'), heartbeatMs);
    const closed = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    const unsubscribe = this.changes.subscribe(
      (change) => {
        if (visible(change)) send('ticket', change);
      },
      () => send('resync', {}),
      () => {
        closed();
        raw.end();
      },
    );
    // The response closes when the browser goes away (or the stream was ended above).
    raw.on('close', closed);
    request.raw.socket.on('close', closed);
  }
}
