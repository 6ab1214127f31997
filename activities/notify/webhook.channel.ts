import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
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

/**
 * Connections kept open between deliveries, per protocol: a storm of breaches posts to the same few
 * endpoints. `node:http`, not `fetch`: on the 2-core machine a `fetch` cost about three times the
 * CPU of the same request through `node:http` (docs/benchmarks.md, "storm").
 */
const agents = { 'http:': new HttpAgent({ keepAlive: true }), 'https:': new HttpsAgent({ keepAlive: true }) } as const;

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
  let answer: { status: number; excerpt: string };
  try {
    answer = await post(
      target,
      {
        'content-type': 'application/json',
        'user-agent': 'slaflow-notifications',
        'x-slaflow-timestamp': String(timestamp),
        'x-slaflow-signature': webhookSignature(secret, timestamp, rawBody),
        'x-slaflow-notification-id': notification.notificationId,
      },
      rawBody,
      cancellation ? AbortSignal.any([timeout, cancellation]) : timeout,
    );
  } catch (error) {
    if (timeout.aborted) throw new Error(`webhook did not answer within ${timeoutMs} ms`);
    throw error;
  }
  // A redirect is not followed (it would re-send a signed body somewhere the policy did not name): it counts as a failure.
  if (answer.status < 200 || answer.status > 299) {
    throw new Error(`webhook answered HTTP ${answer.status}${answer.excerpt ? `: ${answer.excerpt}` : ''}`);
  }
}

/** One POST; the answer's status and the start of its body (read to the end, so the connection is reused). */
function post(target: URL, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<{ status: number; excerpt: string }> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        agent: agents[target.protocol as keyof typeof agents],
        signal,
      },
      (response) => {
        const chunks: Buffer[] = [];
        let length = 0;
        response.on('data', (chunk: Buffer) => {
          if (length < excerptBytes) chunks.push(chunk);
          length += chunk.length;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, excerpt: Buffer.concat(chunks).toString('utf8').slice(0, excerptBytes).trim() }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const excerptBytes = 200;
