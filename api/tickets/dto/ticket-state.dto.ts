import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// Response shapes for the OpenAPI document; the values are the workflow's TicketState as is.
export class ClockStateDto {
  @ApiProperty({ enum: ['acknowledge'] }) clock!: string;
  @ApiProperty({ example: '60 calendar minutes' }) target!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['running', 'met', 'breached'] }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) stoppedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) breachedAt?: string;
}

export class ResolutionDto {
  @ApiProperty() code!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
}

export class TicketStateDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: ['new', 'in-progress', 'resolved'] }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ type: [ClockStateDto] }) clocks!: ClockStateDto[];
  @ApiPropertyOptional({ type: ResolutionDto }) resolution?: ResolutionDto;
}

export class TicketEventDto {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'acknowledge.breached' }) type!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ type: TicketStateDto }) state!: TicketStateDto;
}

export class ErrorDto {
  @ApiProperty({ example: 409 }) statusCode!: number;
  @ApiProperty({ example: 'Conflict' }) error!: string;
  @ApiProperty({ example: 'cannot resolve: the ticket is new' }) message!: string;
  @ApiPropertyOptional({ description: 'Named fields for 400, the ticket state for 409' }) details?: unknown;
}
