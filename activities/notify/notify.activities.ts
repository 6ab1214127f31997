import { ApplicationFailure, cancellationSignal, heartbeat, log } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Contact } from '../../workflows/policy';
import type { Notification, NotificationResult, TicketActivities } from '../../workflows/ticket/activities.contract';
import { deliverOnce } from './delivery-log';
import { type EmailChannel, sendNotificationEmail } from './email.channel';
import { recipientKey } from './recipient-key';
import { postNotificationWebhook } from './webhook.channel';

export interface NotifyDeps {
  pool: Pool;
  /** Absent when SMTP_URL is not set: every email recipient then fails, saying so, and the notification parks. */
  mail?: EmailChannel;
  /** HMAC key of webhook signatures; absent, every webhook recipient fails, saying so. */
  webhookSecret?: string;
  /** Limit of one delivery attempt to one webhook (the SMTP transport carries its own). */
  deliveryTimeoutMs?: number;
}

/** The `type` of the failure thrown when some recipient was not served; its details list them. */
export const notificationDeliveryFailed = 'NotificationDeliveryFailed';

export interface FailedRecipient {
  recipient: string;
  error: string;
}

const defaultDeliveryTimeoutMs = 10_000;

/**
 * Email and signed webhooks for every warning, breach, reminder, escalation, survey, closure and
 * RCA notice. Each recipient is served at most once per notification id (see `deliverOnce`), so
 * Temporal's retries, workflow replays and ops retries repeat only what has not been delivered.
 */
export function createNotifyActivities(deps: NotifyDeps): Pick<TicketActivities, 'notify'> {
  const timeoutMs = deps.deliveryTimeoutMs ?? defaultDeliveryTimeoutMs;

  async function send(notification: Notification, contact: Contact, recipient: string): Promise<void> {
    switch (contact.kind) {
      case 'email':
        if (!deps.mail) throw new Error('email is not configured on the worker: set SMTP_URL (smtp://host:port)');
        return sendNotificationEmail(deps.mail, notification, contact, recipient);
      case 'webhook':
        if (!deps.webhookSecret) {
          throw new Error('webhooks are not configured on the worker: set SLAFLOW_WEBHOOK_SECRET (the signing key)');
        }
        return postNotificationWebhook(contact.url, notification, {
          secret: deps.webhookSecret,
          timeoutMs,
          cancellation: cancellationSignal(),
        });
      default:
        throw new Error(`unknown contact kind "${(contact as { kind: unknown }).kind}"`);
    }
  }

  return {
    async notify(notification: Notification): Promise<NotificationResult> {
      const recipients = new Map<string, Contact>();
      for (const contact of notification.recipients) {
        const key = recipientKey(contact);
        if (!recipients.has(key)) recipients.set(key, contact);
      }

      let delivered = 0;
      const failed: FailedRecipient[] = [];
      for (const [recipient, contact] of recipients) {
        const outcome = await deliverOnce(deps.pool, notification, recipient, () => send(notification, contact, recipient));
        const fields = { notificationId: notification.notificationId, ticketId: notification.ticketId, recipient };
        if (outcome.status === 'failed') {
          failed.push({ recipient, error: outcome.error });
          log.warn('notification not delivered', { ...fields, error: outcome.error });
        } else {
          delivered += 1;
          if (outcome.status === 'delivered') log.info('notification delivered', fields);
        }
        // A cancelled activity stops between recipients; what was served so far is in the log.
        heartbeat({ served: delivered });
        cancellationSignal().throwIfAborted();
      }

      if (failed.length > 0) {
        const names = failed.map(({ recipient, error }) => `${recipient} (${error})`).join('; ');
        throw ApplicationFailure.retryable(
          `notification ${notification.notificationId}: ${failed.length} of ${recipients.size} recipients not served: ${names}`,
          notificationDeliveryFailed,
          { failed, delivered },
        );
      }
      return { notificationId: notification.notificationId, delivered };
    },
  };
}
