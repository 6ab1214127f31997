import { ApplicationFailure, cancellationSignal, heartbeat, log } from '@temporalio/activity';
import type { Pool } from 'pg';
import type { Contact } from '../../workflows/policy';
import {
  notificationLogUnavailable,
  type Notification,
  type NotificationResult,
  type TicketActivities,
} from '../../workflows/ticket/activities.contract';
import { type DeliveryOutcome, deliverOnce } from './delivery-log';
import { type EmailChannel, sendNotificationEmail } from './email.channel';
import { recipientKey } from '../../workflows/ticket/recipient-key';
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
const parallelDeliveries = 4;

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

      // Recipients are served side by side, so a notification takes about one delivery timeout
      // however many endpoints are down, and stays inside the activity's start-to-close timeout.
      // The bound keeps one notification from holding more than a few database connections.
      const pending = [...recipients];
      const outcomes = new Map<string, DeliveryOutcome>();
      let logError: unknown;
      const lane = async (): Promise<void> => {
        for (let entry = pending.shift(); entry; entry = pending.shift()) {
          // A cancelled activity starts no further delivery; what was served so far is in the log.
          if (cancellationSignal().aborted) return;
          const [recipient, contact] = entry;
          let outcome: DeliveryOutcome;
          try {
            outcome = await deliverOnce(deps.pool, notification, recipient, () => send(notification, contact, recipient));
          } catch (error) {
            // The log could not be read or written, so this recipient was not sent to (at most once
            // needs the log). The others are still tried: their rows may be reachable.
            logError ??= error;
            continue;
          }
          outcomes.set(recipient, outcome);
          const fields = { notificationId: notification.notificationId, ticketId: notification.ticketId, recipient };
          if (outcome.status === 'failed') log.warn('notification not delivered', { ...fields, error: outcome.error });
          else if (outcome.status === 'delivered') log.info('notification delivered', fields);
          heartbeat({ attempted: outcomes.size });
        }
      };
      await Promise.all(Array.from({ length: Math.min(parallelDeliveries, recipients.size) }, lane));
      cancellationSignal().throwIfAborted();
      if (logError !== undefined) {
        const reason = logError instanceof Error ? logError.message : String(logError);
        throw ApplicationFailure.retryable(
          `notification ${notification.notificationId}: the delivery log (PostgreSQL) could not be written, so ${recipients.size - outcomes.size} of ${recipients.size} recipients were not sent to: ${reason}`,
          notificationLogUnavailable,
        );
      }

      const failed: FailedRecipient[] = [];
      let delivered = 0;
      for (const recipient of recipients.keys()) {
        const outcome = outcomes.get(recipient);
        if (outcome?.status === 'failed') failed.push({ recipient, error: outcome.error });
        else if (outcome) delivered += 1;
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
