import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { clockNames, type PolicyDocument } from '../../../workflows/policy';
import { ErrorDto } from '../../common/dto/error.dto';

// Response shapes for the OpenAPI document; the values are the service's objects as they are.

export class PolicySummaryDto {
  @ApiProperty({ example: 'syneto' }) id!: string;
  @ApiProperty({ example: 1, description: 'Latest stored version' }) version!: number;
  @ApiProperty({ example: 'Syneto Customer Support' }) name!: string;
  @ApiProperty({ description: 'Shipped with slaflow (policies/presets); its id is reserved' }) preset!: boolean;
  @ApiProperty({ type: [String], example: ['basic', 'pro', 'mission-critical'] }) plans!: string[];
  @ApiProperty({ type: [String], example: ['P1', 'P2', 'P3', 'P4'] }) priorities!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

const loose = { type: 'object', additionalProperties: true } as const;

/** Every key of a policy document is listed (compiling fails when the document type gains one this lacks). */
// Optional keys are declared `!: T | undefined` rather than `?:`, so that `implements` demands them all
// (and so with an explicit type: the reflected type of such a union is Object).
export class PolicyDocumentDto implements Record<keyof PolicyDocument, unknown> {
  @ApiProperty({ example: 'acme-support', description: 'Lower-case letters, digits and dashes', pattern: '^[a-z0-9][a-z0-9-]*$' }) id!: string;
  @ApiProperty({ type: 'integer', example: 1, description: 'Set by the store: 1 for a new id, +1 for every change' })
  version!: number;
  @ApiProperty({ example: 'Acme support policy' }) name!: string;
  @ApiPropertyOptional({ type: String, description: 'Where the text comes from (file or address), for people' }) source!: string | undefined;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Calendars by id: working hours in an IANA zone with holidays, or 24x7' })
  calendars!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '{ id, name, calendar }' })
  plans!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true }, description: '{ id, name, rank, description? }' })
  priorities!: unknown[];
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: `targets[plan][priority][clock] = { amount, unit, commitment, calendar?, source? }; clocks: ${clockNames.join(', ')}`,
  })
  targets!: Record<string, unknown>;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } }) deskContacts!: unknown[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ levels: [{ level, name, contacts }], onBreach }' })
  escalation!: Record<string, unknown>;
  @ApiProperty({ type: 'object', additionalProperties: true, description: '{ requiredFields, recommendedFields, channels, ... }' })
  intake!: Record<string, unknown>;
  @ApiPropertyOptional({
    type: 'array',
    items: { type: 'number' },
    description: 'Fractions of a target at which a warning goes out (default [0.75])',
  })
  warningThresholds!: number[] | undefined;
  @ApiPropertyOptional({ ...loose, description: 'Reminders to a silent customer and the automatic close' }) customerSilence!:
    Record<string, unknown> | undefined;
  @ApiPropertyOptional({ ...loose, description: '{ amount, unit }: a closed ticket reopens on a reply within this window' }) reopenWindow!:
    Record<string, unknown> | undefined;
  @ApiPropertyOptional({ ...loose, description: 'When a root-cause analysis is due, draft and final' }) rca!: Record<string, unknown> | undefined;
  @ApiPropertyOptional({ type: [String], description: 'Resolution codes accepted on resolve; any code when absent' }) resolutionCodes!:
    string[] | undefined;
  @ApiPropertyOptional({ ...loose, description: '{ contractRequired, incidentsPerMonth?, quotaZone? }' }) entitlement!:
    Record<string, unknown> | undefined;
  @ApiPropertyOptional({ type: Boolean, description: 'A satisfaction survey goes to the customer when the ticket closes' }) surveyOnClose!:
    boolean | undefined;
  @ApiPropertyOptional({ type: [String], description: 'Notes on readings of the text, for people' }) notes!: string[] | undefined;
}

/** The body of `POST /policies`: a document; a version in it is ignored (the store numbers versions). */
export class PolicyDocumentInputDto extends OmitType(PolicyDocumentDto, ['version'] as const) {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'Checked as a version, then ignored: the store numbers versions' })
  version?: number;
}

export class ScheduleClockDto {
  @ApiProperty({ enum: clockNames }) clock!: string;
  @ApiProperty({ example: '4 business hours' }) target!: string;
  @ApiProperty({ enum: ['committed', 'best-effort'] }) commitment!: string;
  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'UTC; null for a clock that starts on a later event (update, RCA, hardware replacement)',
  })
  dueAt!: string | null;
}

export class SchedulePreviewDto {
  @ApiProperty({ example: 'syneto' }) policy!: string;
  @ApiProperty({ example: 1 }) version!: number;
  @ApiProperty({ example: 'pro' }) plan!: string;
  @ApiProperty({ example: 'P2' }) priority!: string;
  @ApiProperty({ format: 'date-time', example: '2026-02-10T08:00:00.000Z' }) openedAt!: string;
  @ApiProperty({ type: [ScheduleClockDto], description: 'Clocks with a target, in a fixed order; a clock without one is left out' })
  clocks!: ScheduleClockDto[];
}

export class PresetConflictDetailsDto {
  @ApiProperty({ example: 'syneto' }) id!: string;
  @ApiProperty({ type: [String], description: 'Every reserved preset id' }) presets!: string[];
}

/** 409 of `POST /policies`. */
export class PolicyConflictDto extends ErrorDto {
  @ApiPropertyOptional({
    type: PresetConflictDetailsDto,
    description: 'For a preset id; absent when another request is storing the same policy at the same moment (try again)',
  })
  details?: PresetConflictDetailsDto;
}
