import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { clockNames, type ClockName, type Commitment } from '../../../workflows/policy';
import { reportDimensions } from '../report-filters';

const commitments: readonly Commitment[] = ['committed', 'best-effort'];
const dateOrInstant =
  'An ISO-8601 date (`2026-11-01`, midnight in `zone`) or instant with its offset (`2026-11-01T00:00:00Z`). A cycle counts where its ' +
  'deadline, or its start when it has none, falls in [from, to). In the years 1900 to 9998 (UTC)';

/** The filters every SLA report shares: which cycles count. */
export class SlaFiltersQueryDto {
  @ApiPropertyOptional({ description: `${dateOrInstant}; no lower bound when absent`, example: '2026-11-01', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({ description: `${dateOrInstant}; no upper bound when absent`, example: '2026-12-01', maxLength: 40 })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    description: 'IANA time zone of dates and periods (day, week, month)',
    default: 'UTC',
    example: 'Europe/Berlin',
    maxLength: 64,
  })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  zone?: string;

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

  @ApiPropertyOptional({ example: 'acme', maxLength: 200 })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  organisation?: string;

  @ApiPropertyOptional({ enum: clockNames })
  @IsOptional()
  @IsIn(clockNames, { message: ({ value }: { value: unknown }) => `clock '${String(value)}' is not one of ${clockNames.join(', ')}` })
  clock?: ClockName;

  @ApiPropertyOptional({ enum: commitments, default: 'committed' })
  @IsOptional()
  @IsIn(commitments, { message: ({ value }: { value: unknown }) => `commitment '${String(value)}' is not one of ${commitments.join(', ')}` })
  commitment?: Commitment;
}

export const reportFormats = ['json', 'csv'] as const;

export class SlaReportQueryDto extends SlaFiltersQueryDto {
  @ApiPropertyOptional({
    description: `A comma list of ${reportDimensions.join(', ')}; none: one row over every cycle`,
    example: 'policy,priority,month',
    maxLength: 200,
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  groupBy?: string;

  @ApiPropertyOptional({ enum: reportFormats, description: '`csv` answers CSV, as `Accept: text/csv` does' })
  @IsOptional()
  @IsIn(reportFormats, { message: ({ value }: { value: unknown }) => `format '${String(value)}' is not one of ${reportFormats.join(', ')}` })
  format?: (typeof reportFormats)[number];
}
