import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { countedStandings } from '../../../workflows/ticket/clock-standing';
import { ticketStatuses } from '../../../workflows/ticket/contract';

/** The statuses a ticket on the board can have: every one but closed. */
export const openStatuses = ticketStatuses.filter((status) => status !== 'closed');

const booleanQuery = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class BoardQueryDto {
  @ApiPropertyOptional({ example: 'syneto', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  policy?: string;

  @ApiPropertyOptional({ example: 'pro', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  plan?: string;

  @ApiPropertyOptional({ example: 'P1', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  priority?: string;

  @ApiPropertyOptional({ example: 'acme', maxLength: 200, description: "Customers see their own organisation's tickets only, whatever this says" })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ example: 'alice', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  assignee?: string;

  @ApiPropertyOptional({ enum: openStatuses })
  @IsOptional()
  @IsIn(openStatuses)
  status?: string;

  @ApiPropertyOptional({ description: 'Only tickets at risk (a clock past its warning threshold, not yet breached)' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  atRisk?: boolean;

  @ApiPropertyOptional({ description: 'Only tickets with a clock running past its deadline' })
  @IsOptional()
  @Transform(booleanQuery)
  @IsBoolean()
  breached?: boolean;
}

class BoardWarningDto {
  @ApiProperty({ description: 'Fraction of the target, e.g. 0.75' }) threshold!: number;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

class BoardBreachDto {
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class BoardClockDto {
  @ApiProperty({ example: 'acknowledge' }) clock!: string;
  @ApiProperty({ nullable: true, type: String, example: '4 business hours' }) target!: string | null;
  @ApiProperty({ nullable: true, type: String, enum: ['committed', 'best-effort'] }) commitment!: string | null;
  @ApiProperty({ enum: ['pending', 'running', 'paused', 'met', 'breached', 'stopped'] }) status!: string;
  @ApiProperty({ enum: ['breached', 'at-risk', 'running', 'paused', 'met', 'idle'], description: 'Where the clock stood when answered' })
  standing!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) dueAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) stoppedAt!: string | null;
  @ApiProperty({ type: 'integer' }) breachCount!: number;
  @ApiProperty({ type: [BoardWarningDto] }) warnings!: BoardWarningDto[];
  @ApiProperty({ type: [BoardBreachDto] }) breaches!: BoardBreachDto[];
  @ApiProperty({ nullable: true, type: String, description: 'Key in `calendars` of the calendar its time counts on (null: no deadline)' })
  calendar!: string | null;
}

export class BoardTicketDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty() policy!: string;
  @ApiProperty({ type: 'integer' }) policyVersion!: number;
  @ApiProperty() plan!: string;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: openStatuses }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) statusSince!: string;
  @ApiProperty({ nullable: true, type: String }) assignee!: string | null;
  @ApiProperty({ enum: countedStandings }) standing!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The earliest deadline of a running or breached clock' })
  nextDueAt!: string | null;
  @ApiProperty({ type: [BoardClockDto], description: 'Its clocks with a target that have started (running, paused, breached or met)' })
  clocks!: BoardClockDto[];
}

export class BoardCountsDto {
  @ApiProperty({ type: 'integer' }) running!: number;
  @ApiProperty({ type: 'integer', name: 'at-risk' }) 'at-risk'!: number;
  @ApiProperty({ type: 'integer' }) breached!: number;
  @ApiProperty({ type: 'integer' }) paused!: number;
  @ApiProperty({ type: 'integer' }) met!: number;
}

export class BoardDto {
  @ApiProperty({ format: 'date-time', description: 'The instant standings and counts were measured at' }) now!: string;
  @ApiProperty({ type: BoardCountsDto, description: 'Tickets per standing, over the filters but atRisk and breached' }) counts!: BoardCountsDto;
  @ApiProperty({ type: [BoardTicketDto], description: 'Open tickets, the earliest deadline first' }) tickets!: BoardTicketDto[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'object' },
    description: "The calendars the clocks count on (a policy version's, holidays resolved; `24x7` for elapsed time), by key",
  })
  calendars!: Record<string, unknown>;
}

export class SessionDto {
  @ApiProperty({ enum: ['customer', 'agent', 'ops'] }) role!: string;
  @ApiProperty({ nullable: true, type: String, description: "The customer's organisation; null for agents and ops" }) organisation!: string | null;
}

export class TicketCalendarsQueryDto {
  @ApiProperty({ example: 'syneto', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  policy!: string;

  @ApiProperty({ type: 'integer', minimum: 1, example: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  version!: number;

  @ApiProperty({ example: 'pro', maxLength: 100 })
  @IsString()
  @MaxLength(100)
  plan!: string;

  @ApiProperty({ example: 'P2', maxLength: 50 })
  @IsString()
  @MaxLength(50)
  priority!: string;
}

export class TicketCalendarsDto {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'string' },
    description: 'Clock name → key in `calendars` of the calendar its time counts on',
  })
  clocks!: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'object' }, description: 'Calendars by key, holidays resolved' })
  calendars!: Record<string, unknown>;
}
