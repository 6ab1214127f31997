import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { Repository } from 'typeorm';
import { retryNotificationSignal, ticketWorkflowId } from '../../workflows/ticket/contract';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import type { NotificationDeliveryDto, NotificationRetryDto } from './dto/notification-delivery.dto';
import { NotificationDeliveryEntity } from './notification-delivery.entity';

function toDto(row: NotificationDeliveryEntity): NotificationDeliveryDto {
  return {
    notificationId: row.notificationId,
    ticketId: row.ticketId,
    organisation: row.organisation,
    kind: row.kind,
    clock: row.clock,
    recipient: row.recipient,
    status: row.status,
    attempts: row.attempts,
    lastError: row.lastError,
    subject: row.subject,
    at: row.at.toISOString(),
    firstAttemptAt: row.firstAttemptAt.toISOString(),
    lastAttemptAt: row.lastAttemptAt.toISOString(),
    deliveredAt: row.deliveredAt?.toISOString() ?? null,
  };
}

/**
 * Operations on notifications: the delivery log (written only by the notify activity) is read
 * here, and a retry is the ticket workflow's own `retryNotification` signal, so the workflow stays
 * the one place that decides what is parked and sends it.
 */
@Injectable()
export class OpsNotificationsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @InjectRepository(NotificationDeliveryEntity) private readonly deliveries: Repository<NotificationDeliveryEntity>,
  ) {}

  async list(query: ListNotificationsQueryDto): Promise<NotificationDeliveryDto[]> {
    const builder = this.deliveries.createQueryBuilder('delivery');
    if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
    if (query.ticketId) builder.andWhere('delivery.ticket_id = :ticketId', { ticketId: query.ticketId });
    const rows = await builder
      .orderBy('delivery.last_attempt_at', 'DESC')
      .addOrderBy('delivery.notification_id', 'ASC')
      .addOrderBy('delivery.recipient', 'ASC')
      .limit(query.limit ?? 100)
      .getMany();
    return rows.map(toDto);
  }

  async retry(notificationId: string): Promise<NotificationRetryDto> {
    const rows = await this.deliveries.find({ where: { notificationId }, order: { recipient: 'ASC' } });
    if (rows.length === 0) throw new NotFoundException(`unknown notification ${notificationId}`);
    const ticketId = rows[0].ticketId;
    const workflowId = ticketWorkflowId(ticketId);
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      await handle.signal(retryNotificationSignal, { notificationId });
    } catch (error) {
      if (!(error instanceof WorkflowNotFoundError)) throw error;
      // A finished workflow holds nothing parked (it only ends with nothing parked) and cannot be signalled.
      const ended = await this.endedStatus(handle);
      throw new ConflictException({
        message: `the workflow ${workflowId} of ticket ${ticketId} has ended (${ended}): nothing of it is parked any more`,
        details: { ticketId, workflowId, workflowStatus: ended },
      });
    }
    const pending = rows.filter((row) => row.status !== 'delivered').length;
    return {
      notificationId,
      ticketId,
      workflowId,
      signal: retryNotificationSignal.name,
      recipients: rows.map((row) => ({ recipient: row.recipient, status: row.status, attempts: row.attempts })),
      message:
        pending > 0
          ? `signalled ${workflowId}: if the notification is parked it is sent again to the ${pending} recipient(s) not yet delivered`
          : `signalled ${workflowId}: every recipient is already delivered, so a parked copy is cleared without sending again`,
    };
  }

  private async endedStatus(handle: ReturnType<Client['workflow']['getHandle']>): Promise<string> {
    try {
      return (await handle.describe()).status.name;
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) return 'past its retention, no longer in Temporal';
      throw error;
    }
  }
}
