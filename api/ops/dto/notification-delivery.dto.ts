import { ApiProperty } from '@nestjs/swagger';
import { ErrorDto } from '../../common/dto/error.dto';
import { deliveryStatuses } from './list-notifications.dto';

/** One recipient of one notification, as the delivery log has it. */
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
  @ApiProperty({ format: 'date-time' }) firstAttemptAt!: string;
  @ApiProperty({ format: 'date-time' }) lastAttemptAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) deliveredAt!: string | null;
}

export class RetryRecipientDto {
  @ApiProperty() recipient!: string;
  @ApiProperty({ enum: deliveryStatuses }) status!: string;
  @ApiProperty() attempts!: number;
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
