import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiExtraModels, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags, getSchemaPath } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { Principal } from '../auth/principal';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ApiAuthErrors, ApiInvalidInput } from '../common/api-error-responses';
import { answerType } from './answer-format';
import { StatementDto, StatementQueryDto } from './dto/statement.dto';
import { statementCsv } from './statement-csv';
import { statementHtml } from './statement-html';
import { StatementService } from './statement.service';

@ApiTags('reports')
@ApiBearerAuth()
@ApiExtraModels(StatementDto)
@ApiAuthErrors("Another organisation's key")
@ApiInvalidInput('A month that is not YYYY-MM or outside the years 1900 to 9998, or an unknown zone (named in details)')
@ApiDependencyUnavailableResponse('PostgreSQL')
@Controller('organisations')
export class StatementsController {
  constructor(private readonly statements: StatementService) {}

  @Get(':org/statement')
  @Roles('customer', 'agent', 'ops')
  @ApiOperation({
    summary: "An organisation's monthly SLA statement: committed cycles met and breached per plan, priority and clock, every breach, incidents used",
    description:
      'JSON by default; `Accept: text/csv` for one CSV table (`record` is `line` or `breach`); `Accept: text/html` for a printable, ' +
      'self-contained page. A customer key reads its own organisation only.',
  })
  @ApiParam({ name: 'org', description: 'The organisation', example: 'acme' })
  @ApiHeader({
    name: 'accept',
    required: false,
    description: '`text/csv` or `text/html`; JSON otherwise',
    schema: { type: 'string', enum: ['application/json', 'text/csv', 'text/html'] },
  })
  @ApiOkResponse({
    description: 'The statement',
    content: {
      'application/json': { schema: { $ref: getSchemaPath(StatementDto) } },
      'text/csv': { schema: { type: 'string' } },
      'text/html': { schema: { type: 'string' } },
    },
  })
  async statement(
    @Param('org') organisation: string,
    @Query() query: StatementQueryDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementDto | string> {
    const type = answerType(accept, ['application/json', 'text/csv', 'text/html']);
    const statement = await this.statements.statement(organisation, query, principal);
    if (type === 'application/json') return statement;
    reply.header('content-type', `${type}; charset=utf-8`);
    return type === 'text/csv' ? statementCsv(statement) : statementHtml(statement);
  }
}
