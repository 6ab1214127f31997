import type { Notification } from '../../workflows/ticket/activities.contract';
import { webhookSignature } from './webhook-signature';

export interface WebhookRequestOptions {
  secret: string;
  timeoutMs: number;
  /** Aborts the request when the activity is cancelled. */
  cancellation?: AbortSignal;
}

/**
 * What a webhook receives: the notification without its recipient list, since the other
 * contacts' addresses are none of this endpoint's business.
 */
export function webhookBody(notification: Notification): string {
  const { notificationId, ticketId, organisation, kind, clock, at, subject, body } = notification;
  return JSON.stringify({ notificationId, ticketId, organisation, kind, clock, at, subject, body });
}

/** Posts the signed notification; anything but a 2xx answer in time is a failure. */
export async function postNotificationWebhook(
  url: string,
  notification: Notification,
  { secret, timeoutMs, cancellation }: WebhookRequestOptions,
): Promise<void> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:') {
    throw new Error(`webhook URL must be http(s), got ${target.protocol}//`);
  }
  const rawBody = webhookBody(notification);
  const timestamp = Math.floor(Date.now() / 1000);
  const timeout = AbortSignal.timeout(timeoutMs);
  let response: Response;
  try {
    response = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'slaflow-notifications',
        'x-slaflow-timestamp': String(timestamp),
        'x-slaflow-signature': webhookSignature(secret, timestamp, rawBody),
        'x-slaflow-notification-id': notification.notificationId,
      },
      body: rawBody,
      // A redirect would re-send a signed body somewhere the policy did not name: it counts as a failure.
      redirect: 'manual',
      signal: cancellation ? AbortSignal.any([timeout, cancellation]) : timeout,
    });
  } catch (error) {
    if (timeout.aborted) throw new Error(`webhook did not answer within ${timeoutMs} ms`);
    throw error;
  }
  if (response.status < 200 || response.status > 299) {
    const excerpt = (await response.text().catch(() => '')).slice(0, 200).trim();
    throw new Error(`webhook answered HTTP ${response.status}${excerpt ? `: ${excerpt}` : ''}`);
  }
  // Drain the body so the connection goes back to the pool.
  await response.arrayBuffer().catch(() => undefined);
}
