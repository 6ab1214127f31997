import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { clockNames } from '../../../workflows/policy';
import type { SlaCycleOutcome } from '../../../workflows/ticket/activities.contract';
import { PageQuery } from '../../common/cursor';
import { SlaFiltersQueryDto } from './sla-report-query.dto';

export const cycleOutcomes: readonly SlaCycleOutcome[] = ['running', 'paused', 'met', 'breached', 'cancelled'];

export class SlaCyclesQueryDto extends IntersectionType(SlaFiltersQueryDto, PageQuery(50, 500)) {
  @ApiPropertyOptional({ enum: cycleOutcomes, description: 'Only cycles with this outcome (`breached`: the breaches behind a cell)' })
  @IsOptional()
  @IsIn(cycleOutcomes, { message: ({ value }: { value: unknown }) => `outcome '${String(value)}' is not one of ${cycleOutcomes.join(', ')}` })
  outcome?: SlaCycleOutcome;
}

const dateTime = { type: String, format: 'date-time' } as const;
const nullableDateTime = { ...dateTime, nullable: true } as const;

/** One cycle of one clock of one ticket, as the SLA records hold it. */
export class SlaCycleDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty({ type: String, nullable: true, description: "The ticket's subject (null if its projection is gone)" }) subject!: string | null;
  @ApiProperty() organisation!: string;
  @ApiProperty() policy!: string;
  @ApiProperty() plan!: string;
  @ApiProperty({ description: 'The priority while the cycle ran' }) priority!: string;
  @ApiProperty({ enum: clockNames }) clock!: string;
  @ApiProperty({ type: 'integer', description: '1 for a clock that runs once; each update or next-reply interval is the next number' })
  cycle!: number;
  @ApiProperty({ enum: ['committed', 'best-effort'] }) commitment!: string;
  @ApiProperty({ enum: cycleOutcomes }) outcome!: SlaCycleOutcome;
  @ApiProperty({ ...nullableDateTime, description: 'Null only for missed intervals filled in from a state that did not keep their start' })
  startedAt!: string | null;
  @ApiProperty(nullableDateTime) dueAt!: string | null;
  @ApiProperty({ ...nullableDateTime, description: 'Met, stopped, or (a missed interval) when the desk next answered; null while open' })
  stoppedAt!: string | null;
  @ApiProperty(nullableDateTime) breachedAt!: string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'Working time past the deadline, paused time out (0: on time; null: no deadline or not measured)',
  })
  lateBusinessMs!: number | null;
}

export class SlaCyclesPageDto {
  @ApiProperty({ type: [SlaCycleDto], description: 'Newest first: by deadline (start when none), then ticket id, clock, cycle' })
  items!: SlaCycleDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}
