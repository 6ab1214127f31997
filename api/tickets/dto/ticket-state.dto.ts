import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { clockNames, type ClockName, type Commitment } from '../../../workflows/policy';
import {
  ticketStatuses,
  type BreachState,
  type ClockState,
  type ClockStatus,
  type ParkedNotificationState,
  type SubIncidentState,
  type TicketState,
  type TicketStatus,
  type WarningState,
} from '../../../workflows/ticket/contract';

// Response shapes for the OpenAPI document; the values are the workflow's TicketState as is. Each
// class implements its contract type, so a field the workflow adds and these lack fails to compile
// (the e2e test bad-input checks the other way: every key of a real answer is documented).

/** Every value of `T`, as a list; compiling fails when the list misses one. */
function allOf<T extends string>() {
  return <const L extends readonly T[]>(list: [T] extends [L[number]] ? L : never): readonly T[] => list;
}

const clockStatuses = allOf<ClockStatus>()(['pending', 'running', 'paused', 'met', 'breached', 'stopped']);
const commitments = allOf<Commitment>()(['committed', 'best-effort']);
const closedBy = allOf<NonNullable<TicketState['closure']>['by']>()(['customer', 'agent', 'policy']);
const subIncidentStatuses = allOf<SubIncidentState['status']>()(['open', 'resolved']);

const dateTime = { type: String, format: 'date-time' } as const;
const nullableDateTime = { ...dateTime, nullable: true } as const;

export class BreachStateDto implements BreachState {
  @ApiProperty({ enum: clockNames }) clock!: ClockName;
  @ApiProperty({ ...dateTime, description: 'The deadline that was missed' }) dueAt!: string;
  @ApiProperty({ ...dateTime, description: 'When the breach was recorded: the deadline itself, or the moment a re-target found it past' })
  at!: string;
  @ApiProperty({ enum: commitments }) commitment!: Commitment;
}

export class WarningStateDto implements WarningState {
  @ApiProperty({ enum: clockNames }) clock!: ClockName;
  @ApiProperty({ example: 0.75, description: 'Fraction of the target' }) threshold!: number;
  @ApiProperty(dateTime) at!: string;
}

export class ClockStateDto implements ClockState {
  @ApiProperty({ enum: clockNames }) clock!: ClockName;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '4 business hours',
    description: 'The target as people read it; null for a clock tracked without one',
  })
  target!: string | null;
  @ApiProperty({ enum: commitments, nullable: true }) commitment!: Commitment | null;
  @ApiProperty({ enum: clockStatuses }) status!: ClockStatus;
  @ApiProperty(nullableDateTime) startedAt!: string | null;
  @ApiProperty({ ...nullableDateTime, description: 'The current deadline; null while pending, paused, stopped or without target' })
  dueAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "Working time left until dueAt (ms, on the clock's calendar), when running" })
  remainingMs!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Working time past the deadline (ms), once breached and still running' })
  overdueMs!: number | null;
  @ApiProperty(nullableDateTime) stoppedAt!: string | null;
  @ApiProperty({ type: [BreachStateDto], description: 'The most recent breaches (20 at most); the audit trail has every one' })
  breaches!: BreachStateDto[];
  @ApiProperty({ type: [WarningStateDto], description: 'The most recent warnings (20 at most)' }) warnings!: WarningStateDto[];
  @ApiProperty() breachCount!: number;
  @ApiProperty() warningCount!: number;
}

export class AwaitingCustomerDto implements NonNullable<TicketState['awaitingCustomer']> {
  @ApiProperty(dateTime) since!: string;
  @ApiProperty({ description: 'Information requests while waiting' }) requests!: number;
  @ApiProperty() reminders!: number;
  @ApiProperty(nullableDateTime) nextReminderAt!: string | null;
  @ApiProperty({ ...nullableDateTime, description: 'When the policy closes the ticket for customer silence' }) closesAt!: string | null;
}

export class ResolutionDto implements NonNullable<TicketState['resolution']> {
  @ApiProperty() code!: string;
  @ApiProperty() summary!: string;
  @ApiProperty(dateTime) at!: string;
}

export class ClosureDto implements NonNullable<TicketState['closure']> {
  @ApiProperty() reason!: string;
  @ApiProperty(dateTime) at!: string;
  @ApiProperty({ enum: closedBy }) by!: 'customer' | 'agent' | 'policy';
}

export class HardwareDto implements NonNullable<TicketState['hardware']> {
  @ApiProperty(dateTime) diagnosedAt!: string;
  @ApiProperty() replacementRequired!: boolean;
  @ApiProperty(nullableDateTime) deliveredAt!: string | null;
}

export class RcaStateDto implements NonNullable<TicketState['rca']> {
  @ApiProperty() required!: boolean;
  @ApiProperty(nullableDateTime) draftAt!: string | null;
  @ApiProperty(nullableDateTime) finalAt!: string | null;
}

export class SubIncidentDto implements SubIncidentState {
  @ApiProperty() ticketId!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() priority!: string;
  @ApiProperty({ enum: subIncidentStatuses }) status!: 'open' | 'resolved';
}

export class ParkedNotificationDto implements ParkedNotificationState {
  @ApiProperty({ description: 'Retry it with POST /ops/notifications/{id}/retry' }) notificationId!: string;
  @ApiProperty({ example: 'breach' }) kind!: string;
  @ApiProperty() subject!: string;
  @ApiProperty() error!: string;
  @ApiProperty(dateTime) parkedAt!: string;
  @ApiProperty() attempts!: number;
  @ApiProperty({
    ...dateTime,
    nullable: true,
    description: 'When the workflow sends it again by itself (it parked because its delivery log was down); null: waiting for operations',
  })
  autoRetryAt!: string | null;
}

export class TicketStateDto implements TicketState {
  @ApiProperty() ticketId!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty() subject!: string;
  @ApiProperty({ example: 'syneto' }) policy!: string;
  @ApiProperty({ description: 'The policy version the ticket keeps' }) policyVersion!: number;
  @ApiProperty({ example: 'pro' }) plan!: string;
  @ApiProperty({ example: 'P2' }) priority!: string;
  @ApiProperty({ enum: ticketStatuses }) status!: TicketStatus;
  @ApiProperty(dateTime) openedAt!: string;
  @ApiProperty(dateTime) statusSince!: string;
  @ApiProperty({ description: "Over the plan's monthly incident quota: every target is best-effort" }) overQuota!: boolean;
  @ApiProperty({ type: String, nullable: true }) assignee!: string | null;
  @ApiProperty({ description: '0 until the first escalation' }) escalationLevel!: number;
  @ApiProperty({ type: String, nullable: true }) escalationName!: string | null;
  @ApiProperty({ type: [ClockStateDto] }) clocks!: ClockStateDto[];
  @ApiProperty({ type: [BreachStateDto], description: "Every clock's recent breaches, oldest first" }) breaches!: BreachStateDto[];
  @ApiProperty({ description: 'A committed clock has breached' }) slaBreached!: boolean;
  @ApiProperty({ type: AwaitingCustomerDto, nullable: true }) awaitingCustomer!: AwaitingCustomerDto | null;
  @ApiProperty({ type: ResolutionDto, nullable: true }) resolution!: ResolutionDto | null;
  @ApiProperty({ type: ClosureDto, nullable: true }) closure!: ClosureDto | null;
  @ApiProperty({ ...nullableDateTime, description: 'A closed ticket reopens on a reply until then' }) reopenUntil!: string | null;
  @ApiProperty({ type: HardwareDto, nullable: true }) hardware!: HardwareDto | null;
  @ApiProperty({ type: RcaStateDto }) rca!: RcaStateDto;
  @ApiProperty({ type: [SubIncidentDto] }) subIncidents!: SubIncidentDto[];
  @ApiProperty({ type: String, nullable: true }) parentTicketId!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The closed ticket a late reply opened this one from' }) linkedFromTicketId!:
    string | null;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }] },
    description: 'The intake fields given when the ticket was opened (empty for tickets opened before they were kept)',
    example: { callbackNumber: '+1 312 555 0100', serialNumber: 'SN-4411' },
  })
  fields!: Record<string, string | number | boolean>;
  @ApiProperty({ type: [ParkedNotificationDto] }) parkedNotifications!: ParkedNotificationDto[];
  @ApiProperty({ description: 'Every notification that failed after its retries, parked or since retried' }) notificationFailures!: number;
  @ApiProperty({ description: "Events recorded so far (the audit trail's sequence)" }) sequence!: number;
}

export class TicketEventDto {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'acknowledge.breached' }) type!: string;
  @ApiProperty(dateTime) at!: string;
  @ApiPropertyOptional({
    description: "For an event an action caused: the action's input as sent (body, reason, code, ...) and its actor (the API key's role and id)",
    type: 'object',
    additionalProperties: true,
    properties: {
      actor: {
        type: 'object',
        properties: { role: { type: 'string', enum: ['customer', 'agent', 'ops'] }, keyId: { type: 'string' } },
        required: ['role', 'keyId'],
      },
    },
    example: { kind: 'update', body: 'Replacing the controller now.', actor: { role: 'agent', keyId: '3f2c…' } },
  })
  detail?: Record<string, unknown>;
  @ApiProperty({ type: TicketStateDto }) state!: TicketStateDto;
}

/** What intake said of the request: recommended fields it lacked (the ticket opened all the same). */
export class IntakeReportDto {
  @ApiProperty({ type: [String], example: ['serialNumber'], description: "The policy's recommended intake fields the request did not give" })
  missingRecommended!: string[];
}

/** The answer to opening a ticket: its state, and what intake noticed. */
export class OpenedTicketDto extends TicketStateDto {
  @ApiProperty({ type: IntakeReportDto }) intake!: IntakeReportDto;
}

export class TicketEventsPageDto {
  @ApiProperty({ type: [TicketEventDto], description: 'In the order they happened (by sequence)' }) items!: TicketEventDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}
