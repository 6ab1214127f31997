import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Roles } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ApiAuthErrors, ApiInvalidInput } from '../common/api-error-responses';
import { answerType } from './answer-format';
import { toCsv } from './csv';
import { SlaReportQueryDto } from './dto/sla-report-query.dto';
import { reportMeasures, SlaReportDto } from './dto/sla-report.dto';
import { SlaCyclesPageDto, SlaCyclesQueryDto } from './dto/sla-cycles.dto';
import { SlaCyclesService } from './sla-cycles.service';
import { SlaReportService } from './sla-report.service';

const acceptHeader = {
  name: 'accept',
  required: false,
  description: '`text/csv` for CSV; JSON otherwise',
  schema: { type: 'string' as const, enum: ['application/json', 'text/csv'] },
};

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(SlaReportDto)
@ApiAuthErrors('Not an agent or ops key')
@ApiInvalidInput(
  'An unknown dimension, zone, commitment, clock or outcome, a date that is not ISO-8601 or outside the years 1900 to 9998, `to` not after `from`, or a cursor this list did not answer (named in details)',
)
@ApiDependencyUnavailableResponse('PostgreSQL')
@Roles('agent', 'ops')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: SlaReportService,
    private readonly cycles: SlaCyclesService,
  ) {}

  @Get('sla')
  @ApiOperation({
    summary: 'SLA attainment from the SLA records, grouped by any of policy, plan, priority, organisation, clock, assignee, day, week, month',
    description:
      'A cycle (one acknowledgement, one update interval, one next-reply wait, ...) counts where its deadline, or its start when it has ' +
      'none, falls in [from, to). Read from PostgreSQL only. CSV with `Accept: text/csv` or `format=csv`: a header line with the ' +
      'row fields, one line per row.',
  })
  @ApiHeader(acceptHeader)
  @ApiOkResponse({
    description: 'The rows, sorted by their keys',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(SlaReportDto) } },
      'text/csv': {
        schema: { type: 'string', example: 'priority,total,met,breached,running,runningLate,attainment,medianBusinessMs,p90BusinessMs' },
      },
    },
  })
  async sla(
    @Query() query: SlaReportQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<SlaReportDto | string> {
    const type = answerType(accept, ['application/json', 'text/csv'], query.format);
    const report = await this.reports.report(query);
    if (type !== 'text/csv') return report;
    reply.header('content-type', 'text/csv; charset=utf-8');
    return toCsv([...report.groupBy, ...reportMeasures], report.rows as unknown as Array<Record<string, unknown>>);
  }

  @Get('sla/cycles')
  @ApiOperation({
    summary: "The cycles behind a report's cell (same filters, and an outcome), newest first, a page at a time",
    description: 'Keyset pagination: pass `nextCursor` as `cursor` for the next page. Read from PostgreSQL only.',
  })
  @ApiOkResponse({ type: SlaCyclesPageDto })
  listCycles(@Query() query: SlaCyclesQueryDto): Promise<SlaCyclesPageDto> {
    return this.cycles.list(query);
  }
}
