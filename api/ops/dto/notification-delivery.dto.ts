import { ApiProperty } from '@nestjs/swagger';
import { ErrorDto } from '../../common/dto/error.dto';
import { deliveryStatuses } from './list-notifications.dto';

export const deliverySources = ['log', 'workflow'] as const;

/**
 * One recipient of one notification: as the delivery log has it, or, for a notification parked
 * before any attempt could be logged (PostgreSQL was down), as its ticket's workflow holds it.
 */
export class NotificationDeliveryDto {
  @ApiProperty({ example: '3f6c…/2-breach-acknowledge', description: 'Stable for the obligation announced; contains `/`: URL-encode it in paths' })
  notificationId!: string;
  @ApiProperty() ticketId!: string;
  @ApiProperty() organisation!: string;
  @ApiProperty({ enum: ['warning', 'breach', 'reminder', 'escalation', 'survey', 'closure', 'rca-due'] }) kind!: string;
  @ApiProperty({ nullable: true, type: String, example: 'acknowledge' }) clock!: string | null;
  @ApiProperty({ example: 'email:desk@example.com', description: '`email:<address>` or `webhook:<url>`' }) recipient!: string;
  @ApiProperty({ enum: deliveryStatuses }) status!: string;
  @ApiProperty({ description: 'Attempts made to this recipient so far' }) attempts!: number;
  @ApiProperty({ nullable: true, type: String, description: 'Error of the latest failed attempt (kept after a later success)' })
  lastError!: string | null;
  @ApiProperty() subject!: string;
  @ApiProperty({ format: 'date-time', description: 'The instant the notification announces' }) at!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String, description: 'null when no attempt was logged (source `workflow`)' })
  firstAttemptAt!: string | null;
  @ApiProperty({ format: 'date-time', description: 'For source `workflow`: when it parked' }) lastAttemptAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
  @ApiProperty({
    enum: deliverySources,
    description: '`log`: from the delivery log; `workflow`: parked in its ticket workflow with no attempt logged (the log was unreachable)',
  })
  source!: (typeof deliverySources)[number];
  @ApiProperty({ description: "Held parked in its ticket's workflow now: POST /ops/notifications/{id}/retry sends it again" })
  parked!: boolean;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'When the workflow retries it by itself (it parked because its delivery log was down); null otherwise',
  })
  autoRetryAt!: string | null;
}

export class RetryRecipientDto {
  @ApiProperty() recipient!: string;
  @ApiProperty({ enum: deliveryStatuses }) status!: string;
  @ApiProperty() attempts!: number;
}

/** A ticket whose workflow was asked to send its parked notifications again. */
export class RetriedTicketDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty({ example: 'ticket-3f6c…' }) workflowId!: string;
  @ApiProperty({ description: 'Notifications it held parked when listed' }) parked!: number;
}

/** What a retry of many did: every ticket workflow signalled. */
export class BulkRetryDto {
  @ApiProperty({ description: 'Ticket workflows signalled' }) signalled!: number;
  @ApiProperty({ type: [RetriedTicketDto] }) tickets!: RetriedTicketDto[];
  @ApiProperty() message!: string;
}

/** What a retry did: the signal it sent, and where each recipient stood when it was sent. */
export class NotificationRetryDto {
  @ApiProperty() notificationId!: string;
  @ApiProperty() ticketId!: string;
  @ApiProperty({ example: 'ticket-3f6c…' }) workflowId!: string;
  @ApiProperty({ example: 'retryNotification' }) signal!: string;
  @ApiProperty({ type: [RetryRecipientDto], description: 'The delivery log before the retry; recipients already delivered are not sent again' })
  recipients!: RetryRecipientDto[];
  @ApiProperty() message!: string;
}

export class RetryConflictDetailsDto {
  @ApiProperty() ticketId!: string;
  @ApiProperty({ example: 'ticket-3f6c…' }) workflowId!: string;
  @ApiProperty({ example: 'COMPLETED', description: "Temporal's status of the ended workflow, or a sentence when it is past its retention" })
  workflowStatus!: string;
}

/** 409 of a retry: the ticket's workflow has ended and cannot be signalled. */
export class RetryConflictDto extends ErrorDto {
  @ApiProperty({ type: RetryConflictDetailsDto }) details!: RetryConflictDetailsDto;
}

export class NotificationsPageDto {
  @ApiProperty({ type: [NotificationDeliveryDto], description: 'Latest attempt first, then by notification id and recipient' })
  items!: NotificationDeliveryDto[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as `cursor` for the next page; null on the last' }) nextCursor!: string | null;
}
