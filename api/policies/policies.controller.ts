import { BadRequestException, Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { SchedulePreview } from '../../workflows/policy';
import { Roles } from '../auth/auth.decorators';
import { ApiDependencyUnavailableResponse } from '../common/api-dependency-unavailable';
import { ApiInvalidInput, ApiRequestBodyErrors } from '../common/api-error-responses';
import { ErrorDto } from '../common/dto/error.dto';
import { PolicyConflictDto, PolicyDocumentDto, PolicyDocumentInputDto, PolicySummaryDto, SchedulePreviewDto } from './dto/policy-responses.dto';
import { ScheduleQueryDto } from './dto/schedule-query.dto';
import { PoliciesService, type PolicySummary, type StoredPolicy } from './policies.service';

/**
 * Policies and the schedule preview. Every route needs an API key (the global guard): reading is
 * open to every role, storing a policy to ops only (docs/design.md, API surface).
 */
@ApiTags('policies')
@ApiBearerAuth()
@ApiUnauthorizedResponse({ type: ErrorDto, description: 'No API key, a malformed Authorization header, or an unknown or revoked key' })
@ApiDependencyUnavailableResponse('PostgreSQL')
@Controller('policies')
export class PoliciesController {
  constructor(private readonly policies: PoliciesService) {}

  @Get()
  @ApiOperation({ summary: 'Every policy at its latest version: the presets and the custom ones' })
  @ApiOkResponse({ type: [PolicySummaryDto] })
  list(): Promise<PolicySummary[]> {
    return this.policies.list();
  }

  @Get(':id')
  @ApiOperation({ summary: 'A policy document, at its latest version or the one asked for' })
  @ApiParam({ name: 'id', example: 'syneto' })
  @ApiQuery({
    name: 'version',
    required: false,
    schema: { type: 'integer', minimum: 1, maximum: 999_999_999 },
    description: 'A stored version (1, 2, ...); the latest when absent',
  })
  @ApiOkResponse({ type: PolicyDocumentDto })
  @ApiInvalidInput('version is not a positive integer, or a NUL character in id (named in details)')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown policy, or no such version of it' })
  get(@Param('id') id: string, @Query('version') version?: string): Promise<StoredPolicy> {
    return this.policies.get(id, parseVersion(version));
  }

  @Post()
  @Roles('ops')
  @ApiOperation({
    summary: 'Store a custom policy (ops): version 1 for a new id, the next version for a changed document',
    description:
      'The body is a policy document (JSON). It is validated as a whole; a 400 names every invalid path. ' +
      'A document equal to the latest stored version is not stored again: the answer is 200 with that version. ' +
      'The ids of the presets are reserved (409): copy a preset under another id to customise it.',
  })
  @ApiBody({ type: PolicyDocumentInputDto })
  @ApiCreatedResponse({
    type: PolicyDocumentDto,
    description: 'Stored as a new version',
    headers: { Location: { description: 'The stored version: `/policies/<id>?version=<n>`', schema: { type: 'string' } } },
  })
  @ApiOkResponse({ type: PolicyDocumentDto, description: 'Equal to the latest version: nothing stored' })
  @ApiInvalidInput('Malformed JSON, or an invalid document (every invalid path in details)')
  @ApiForbiddenResponse({ type: ErrorDto, description: 'A role other than ops' })
  @ApiConflictResponse({ type: PolicyConflictDto, description: 'The id is a preset id, or another request is storing the same policy' })
  @ApiRequestBodyErrors()
  async create(@Body() body: unknown, @Res({ passthrough: true }) response: FastifyReply): Promise<StoredPolicy> {
    const { policy, created } = await this.policies.create(body);
    response.status(created ? 201 : 200);
    if (created) response.header('location', `/policies/${encodeURIComponent(policy.id)}?version=${policy.version}`);
    return policy;
  }

  @Get(':id/schedule')
  @ApiOperation({
    summary: 'Schedule preview: the deadlines a ticket opened at openedAt would get (same JSON as `npx slaflow schedule`)',
  })
  @ApiParam({ name: 'id', example: 'syneto' })
  @ApiOkResponse({ type: SchedulePreviewDto })
  @ApiInvalidInput('A missing, bad or unknown query parameter, named with the values it accepts')
  @ApiNotFoundResponse({ type: ErrorDto, description: 'Unknown policy' })
  schedule(@Param('id') id: string, @Query() query: ScheduleQueryDto): Promise<SchedulePreview> {
    return this.policies.schedule(id, query);
  }
}

function parseVersion(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^[1-9]\d{0,8}$/.test(text)) {
    throw new BadRequestException({
      message: `version '${text}' is not a positive integer`,
      details: [{ field: 'version', problems: [`version '${text}' is not a positive integer`] }],
    });
  }
  return Number(text);
}
