import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { clockNames } from '../../../workflows/policy';

export class StatementQueryDto {
  @ApiProperty({
    example: '2026-11',
    pattern: '^\\d{4}-(0[1-9]|1[0-2])$',
    description: 'The calendar month, YYYY-MM, in the zone; in the years 1900 to 9998',
  })
  @IsString()
  @Matches(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'month must be YYYY-MM' })
  month!: string;

  @ApiPropertyOptional({
    example: 'Europe/Berlin',
    maxLength: 64,
    description:
      "IANA zone of the month; by default the policy's (its quota zone, else its plan calendar's) of the organisation's latest ticket, else UTC",
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  zone?: string;
}

/** One plan × priority × clock of the month. */
export class StatementLineDto {
  @ApiProperty() plan!: string;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: clockNames }) clock!: string;
  @ApiProperty({ type: 'integer' }) total!: number;
  @ApiProperty({ type: 'integer' }) met!: number;
  @ApiProperty({ type: 'integer' }) breached!: number;
  @ApiProperty({ type: 'integer', description: 'Running or paused, no verdict yet' }) running!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'met ÷ (met + breached); null when both are 0' }) attainment!: number | null;
}

export class StatementBreachDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty({ type: String, nullable: true }) subject!: string | null;
  @ApiProperty() plan!: string;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: clockNames }) clock!: string;
  @ApiProperty({ type: 'integer' }) cycle!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was finally met or stopped; null while open' })
  stoppedAt!: string | null;
  @ApiProperty({ description: 'Still not answered' }) open!: boolean;
  @ApiProperty({ type: Number, nullable: true, description: 'Working time past the deadline (to the last record while open)' }) lateBusinessMs!:
    number | null;
}

export class StatementIncidentsDto {
  @ApiProperty({ type: 'integer', description: 'Tickets counted against the monthly quota' }) used!: number;
  @ApiProperty({ type: 'integer', nullable: true, description: "The plan's incidents a month; null: no quota" }) quota!: number | null;
  @ApiProperty({ type: 'integer', description: 'Of those used, accepted over the quota (best-effort targets)' }) overQuota!: number;
}

export class StatementDto {
  @ApiProperty() organisation!: string;
  @ApiProperty({ example: '2026-11' }) month!: string;
  @ApiProperty({ example: 'Europe/Berlin' }) zone!: string;
  @ApiProperty({ type: String, format: 'date-time', description: "The month's first instant in the zone" }) from!: string;
  @ApiProperty({ type: String, format: 'date-time', description: "The next month's first instant (excluded)" }) to!: string;
  @ApiProperty({ type: [StatementLineDto], description: 'Committed cycles whose deadline (start when none) falls in the month' })
  committed!: StatementLineDto[];
  @ApiProperty({ type: [StatementLineDto], description: 'Best-effort cycles, apart' }) bestEffort!: StatementLineDto[];
  @ApiProperty({ type: [StatementBreachDto], description: 'Every committed breach of the month, by deadline' }) breaches!: StatementBreachDto[];
  @ApiProperty({ type: StatementIncidentsDto }) incidents!: StatementIncidentsDto;
}
