import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { clockNames } from '../../../workflows/policy';
import { reportDimensions } from '../report-filters';

/** One group of cycles: its keys (only those grouped by) and what its cycles came to. */
export class SlaReportRowDto {
  @ApiPropertyOptional({ example: 'syneto' }) policy?: string;
  @ApiPropertyOptional({ example: 'pro' }) plan?: string;
  @ApiPropertyOptional({ example: 'P1' }) priority?: string;
  @ApiPropertyOptional({ example: 'acme' }) organisation?: string;
  @ApiPropertyOptional({ enum: clockNames }) clock?: string;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'The assignee while the cycle ran; null: unassigned' }) assignee?: string | null;
  @ApiPropertyOptional({ example: '2026-11-03', description: 'YYYY-MM-DD in the zone' }) day?: string;
  @ApiPropertyOptional({ example: '2026-W45', description: 'ISO week YYYY-Www in the zone' }) week?: string;
  @ApiPropertyOptional({ example: '2026-11', description: 'YYYY-MM in the zone' }) month?: string;
  @ApiProperty({ type: 'integer', description: 'Cycles in the group' }) total!: number;
  @ApiProperty({ type: 'integer', description: 'Met in time' }) met!: number;
  @ApiProperty({ type: 'integer', description: 'Breached (still open or not)' }) breached!: number;
  @ApiProperty({ type: 'integer', description: 'Running or paused, no verdict yet' }) running!: number;
  @ApiProperty({ type: 'integer', description: 'Running and already past their deadline (the breach not yet recorded)' }) runningLate!: number;
  @ApiProperty({ type: Number, nullable: true, minimum: 0, maximum: 1, description: 'met ÷ (met + breached); null when both are 0' })
  attainment!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median business time taken by cycles with a verdict (met or breached) that stopped' })
  medianBusinessMs!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '90th percentile (continuous) of the same' }) p90BusinessMs!: number | null;
}

export class SlaReportDto {
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The lower bound as an instant; null: none' }) from!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'The upper bound (excluded); null: none' }) to!: string | null;
  @ApiProperty({ example: 'UTC' }) zone!: string;
  @ApiProperty({ type: [String], enum: reportDimensions }) groupBy!: string[];
  @ApiProperty({ type: [SlaReportRowDto], description: 'Sorted by their keys' }) rows!: SlaReportRowDto[];
}

/** The CSV's columns: the keys grouped by, then the measures. */
export const reportMeasures = ['total', 'met', 'breached', 'running', 'runningLate', 'attainment', 'medianBusinessMs', 'p90BusinessMs'] as const;
