import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type Client } from '@temporalio/client';
import type { Repository } from 'typeorm';
import { recipientKey } from '../../workflows/ticket/recipient-key';
import { retryNotificationSignal, ticketWorkflowId, type ParkedNotificationDetail } from '../../workflows/ticket/contract';
import { decodeCursor, page } from '../common/cursor';
import { postgresUnavailableReason } from '../database/postgres-errors';
import { isTemporalNotFound } from '../temporal/temporal-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ListNotificationsQueryDto } from './dto/list-notifications.dto';
import type {
  BulkRetryDto,
  NotificationDeliveryDto,
  NotificationRetryDto,
  NotificationsPageDto,
  RetryRecipientDto,
} from './dto/notification-delivery.dto';
import type { RetryNotificationsDto } from './dto/retry-notifications.dto';
import { NotificationDeliveryEntity } from './notification-delivery.entity';
import { listParkedWorkflows, parkedIn } from './parked-in-workflows';

/** How many workflows holding parked notifications one listing asks (each is one query). */
const parkedWorkflowsListed = 200;

/** Ticket ids are the part of a notification id before its last `/` (`<ticket>/<n>-<kind>[-<clock>]`). */
export function ticketIdOf(notificationId: string): string | null {
  const slash = notificationId.lastIndexOf('/');
  return slash > 0 ? notificationId.slice(0, slash) : null;
}

function fromLog(row: NotificationDeliveryEntity): NotificationDeliveryDto {
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
    source: 'log',
    parked: false,
    autoRetryAt: null,
  };
}

/** One row per recipient of a notification the workflow holds parked and the log never saw. */
function fromWorkflow(parked: ParkedNotificationDetail): NotificationDeliveryDto[] {
  const { notification } = parked;
  const recipients = [...new Set(notification.recipients.map(recipientKey))];
  return recipients.map((recipient) => ({
    notificationId: notification.notificationId,
    ticketId: notification.ticketId,
    organisation: notification.organisation,
    kind: notification.kind,
    clock: notification.clock ?? null,
    recipient,
    status: 'failed',
    attempts: parked.attempts,
    lastError: parked.error,
    subject: notification.subject,
    at: notification.at,
    firstAttemptAt: null,
    lastAttemptAt: parked.parkedAt,
    deliveredAt: null,
    source: 'workflow',
    parked: true,
    autoRetryAt: parked.autoRetryAt,
  }));
}

/** A row's place in the list: latest attempt first, then notification id and recipient (code-point order). */
function rowKey(row: NotificationDeliveryDto): [string, string, string] {
  return [new Date(row.lastAttemptAt).toISOString(), row.notificationId, row.recipient];
}

function compareRows(a: readonly [string, string, string], b: readonly [string, string, string]): number {
  const byCodePoint = (x: string, y: string) => (x < y ? -1 : x > y ? 1 : 0);
  return byCodePoint(b[0], a[0]) || byCodePoint(a[1], b[1]) || byCodePoint(a[2], b[2]);
}

/**
 * Operations on notifications. Two sources are read: the delivery log (written by the notify
 * activity, one row per attempt's recipient) and the ticket workflows themselves, which hold every
 * parked notification, including those parked while PostgreSQL was down and the log could not be
 * written. A retry is the ticket workflow's own `retryNotification` signal, so the workflow stays
 * the one place that decides what is parked and sends it.
 */
@Injectable()
export class OpsNotificationsService {
  private readonly logger = new Logger(OpsNotificationsService.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @InjectRepository(NotificationDeliveryEntity) private readonly deliveries: Repository<NotificationDeliveryEntity>,
  ) {}

  /**
   * The log's rows and the workflows' parked notifications. While PostgreSQL is down the log is
   * left out (`logUnavailable` says why) and what the workflows hold parked is still listed: that is
   * when operations need it.
   */
  async list(query: ListNotificationsQueryDto): Promise<{ page: NotificationsPageDto; logUnavailable: string | null }> {
    const limit = query.limit ?? 100;
    const after = query.cursor ? (decodeCursor(query.cursor, ['instant', 'string', 'string']) as [string, string, string]) : null;
    let logged: NotificationDeliveryDto[] = [];
    let logUnavailable: string | null = null;
    try {
      logged = await this.logged(query, limit + 1, after);
    } catch (error) {
      logUnavailable = postgresUnavailableReason(error);
      // Delivered rows live only in the log: without it there is nothing to answer them with.
      if (logUnavailable === null || query.status === 'delivered') throw error;
    }
    if (query.status === 'delivered') return { page: page(logged, limit, rowKey), logUnavailable };

    const parked = await this.parkedNotifications({ ticketId: query.ticketId, organisation: query.organisation });
    const byKey = new Map(logged.map((row) => [`${row.notificationId}\n${row.recipient}`, row]));
    const unlogged: NotificationDeliveryDto[] = [];
    for (const p of parked) {
      for (const row of fromWorkflow(p)) {
        const known = byKey.get(`${row.notificationId}\n${row.recipient}`);
        if (known) Object.assign(known, { parked: known.status !== 'delivered', autoRetryAt: p.autoRetryAt });
        else if (after === null || compareRows(rowKey(row), after) > 0) unlogged.push(row);
      }
    }
    const rows = [...unlogged, ...logged].sort((a, b) => compareRows(rowKey(a), rowKey(b))).slice(0, limit + 1);
    return { page: page(rows, limit, rowKey), logUnavailable };
  }

  /** The log's rows of one notification; none while PostgreSQL is down (the workflow is asked instead). */
  private async loggedRecipients(notificationId: string): Promise<NotificationDeliveryEntity[]> {
    try {
      return await this.deliveries.find({ where: { notificationId }, order: { recipient: 'ASC' } });
    } catch (error) {
      if (postgresUnavailableReason(error) === null) throw error;
      return [];
    }
  }

  private async logged(query: ListNotificationsQueryDto, limit: number, after: [string, string, string] | null): Promise<NotificationDeliveryDto[]> {
    const builder = this.deliveries.createQueryBuilder('delivery');
    if (query.status) builder.andWhere('delivery.status = :status', { status: query.status });
    if (query.ticketId) builder.andWhere('delivery.ticket_id = :ticketId', { ticketId: query.ticketId });
    if (query.organisation) builder.andWhere('delivery.organisation = :organisation', { organisation: query.organisation });
    if (after) {
      // Latest attempt first, then notification and recipient in code-point order, as compareRows has it.
      builder.andWhere(
        `(delivery.last_attempt_at < :at OR (delivery.last_attempt_at = :at AND
          (delivery.notification_id COLLATE "C", delivery.recipient COLLATE "C") > (:notificationId COLLATE "C", :recipient COLLATE "C")))`,
        { at: after[0], notificationId: after[1], recipient: after[2] },
      );
    }
    const rows = await builder
      .orderBy('delivery.last_attempt_at', 'DESC')
      .addOrderBy('delivery.notification_id COLLATE "C"', 'ASC')
      .addOrderBy('delivery.recipient COLLATE "C"', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(fromLog);
  }

  async retry(notificationId: string): Promise<NotificationRetryDto> {
    const rows = await this.loggedRecipients(notificationId);
    const ticketId = rows[0]?.ticketId ?? ticketIdOf(notificationId);
    if (!ticketId) throw new NotFoundException(`unknown notification ${notificationId}`);
    const workflowId = ticketWorkflowId(ticketId);
    let recipients: RetryRecipientDto[] = rows.map((row) => ({ recipient: row.recipient, status: row.status, attempts: row.attempts }));
    if (rows.length === 0) {
      // Never logged: the workflow may still hold it parked (the log was down when it was tried).
      const held = (await this.parkedOf(workflowId)).find((p) => p.notification.notificationId === notificationId);
      if (!held) throw new NotFoundException(`unknown notification ${notificationId}`);
      recipients = fromWorkflow(held).map((row) => ({ recipient: row.recipient, status: row.status, attempts: row.attempts }));
    }
    await this.signal(workflowId, ticketId, notificationId);
    const pending = recipients.filter((r) => r.status !== 'delivered').length;
    return {
      notificationId,
      ticketId,
      workflowId,
      signal: retryNotificationSignal.name,
      recipients,
      message:
        pending > 0
          ? `signalled ${workflowId}: if the notification is parked it is sent again to the ${pending} recipient(s) not yet delivered`
          : `signalled ${workflowId}: every recipient is already delivered, so a parked copy is cleared without sending again`,
    };
  }

  /** Retries every parked notification of the tickets the filter names, one signal per ticket. */
  async retryMany(filter: RetryNotificationsDto): Promise<BulkRetryDto> {
    if (!filter.ticketId && !filter.organisation && filter.all !== true) {
      throw new BadRequestException({
        message: 'say which parked notifications to retry: ticketId, organisation, or all: true',
        details: [{ field: 'all', problems: ['give ticketId, organisation, or all: true'] }],
      });
    }
    const workflows = await listParkedWorkflows(
      this.temporal,
      { ticketWorkflowId: filter.ticketId ? ticketWorkflowId(filter.ticketId) : undefined, organisation: filter.organisation },
      Number.POSITIVE_INFINITY,
    );
    const tickets = [];
    for (const { workflowId, parked } of workflows) {
      try {
        await this.temporal.workflow.getHandle(workflowId).signal(retryNotificationSignal, {});
      } catch (error) {
        // Ended since it was listed: it held nothing parked when it ended.
        if (isTemporalNotFound(error)) continue;
        throw error;
      }
      tickets.push({ ticketId: workflowId.replace(/^ticket-/, ''), workflowId, parked });
    }
    const total = tickets.reduce((sum, t) => sum + t.parked, 0);
    return {
      signalled: tickets.length,
      tickets,
      message: tickets.length
        ? `signalled ${tickets.length} ticket workflow(s) holding ${total} parked notification(s): each is sent again to the recipients not yet delivered`
        : 'no running ticket holds a parked notification that matches',
    };
  }

  private async parkedNotifications(filter: { ticketId?: string; organisation?: string }): Promise<ParkedNotificationDetail[]> {
    const workflows = await listParkedWorkflows(
      this.temporal,
      { ticketWorkflowId: filter.ticketId ? ticketWorkflowId(filter.ticketId) : undefined, organisation: filter.organisation },
      parkedWorkflowsListed,
    );
    const held = await Promise.all(workflows.map(({ workflowId }) => this.parkedOf(workflowId)));
    return held.flat();
  }

  /** What a workflow holds parked; nothing when it has ended (an ended ticket holds nothing parked). */
  private async parkedOf(workflowId: string): Promise<ParkedNotificationDetail[]> {
    try {
      return await parkedIn(this.temporal, workflowId);
    } catch (error) {
      if (isTemporalNotFound(error)) return [];
      this.logger.warn(`could not ask ${workflowId} for its parked notifications: ${(error as Error).message}`);
      throw error;
    }
  }

  private async signal(workflowId: string, ticketId: string, notificationId: string): Promise<void> {
    const handle = this.temporal.workflow.getHandle(workflowId);
    try {
      await handle.signal(retryNotificationSignal, { notificationId });
    } catch (error) {
      if (!isTemporalNotFound(error)) throw error;
      // A finished workflow holds nothing parked (it only ends with nothing parked) and cannot be signalled.
      const ended = await this.endedStatus(handle);
      throw new ConflictException({
        message: `the workflow ${workflowId} of ticket ${ticketId} has ended (${ended}): nothing of it is parked any more`,
        details: { ticketId, workflowId, workflowStatus: ended },
      });
    }
  }

  private async endedStatus(handle: ReturnType<Client['workflow']['getHandle']>): Promise<string> {
    try {
      return (await handle.describe()).status.name;
    } catch (error) {
      if (isTemporalNotFound(error)) return 'past its retention, no longer in Temporal';
      throw error;
    }
  }
}
