import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { ticketStatuses, type TicketStatus } from '../../../workflows/ticket/contract';

export class ListTicketsQueryDto {
  @ApiPropertyOptional({ enum: ticketStatuses })
  @IsOptional()
  @IsIn(ticketStatuses)
  status?: TicketStatus;

  @ApiPropertyOptional({ example: 'P1', maxLength: 50 })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  priority?: string;

  @ApiPropertyOptional({ example: 'syneto', maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  policy?: string;

  @ApiPropertyOptional({ example: 'acme', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ description: 'Only tickets with (true) or without (false) a committed SLA breach' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  breached?: boolean;

  @ApiPropertyOptional({ type: 'integer', default: 100, minimum: 1, maximum: 1000, description: 'Tickets per page' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page; absent for the first', maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  cursor?: string;
}

export class TicketSummaryDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ nullable: true, type: String }) policy!: string | null;
  @ApiProperty({ nullable: true, type: String }) plan!: string | null;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: ticketStatuses }) status!: string;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty() slaBreached!: boolean;
  @ApiProperty({ type: 'integer' }) breachCount!: number;
  @ApiProperty({ nullable: true, type: String, format: 'date-time', description: 'The next committed deadline of a running clock' }) nextDeadlineAt!:
    string | null;
  @ApiProperty({ type: 'integer' }) escalationLevel!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class TicketsPageDto {
  @ApiProperty({ type: [TicketSummaryDto], description: 'Newest opened first (then by ticket id)' }) items!: TicketSummaryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}
