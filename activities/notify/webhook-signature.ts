import { createHmac } from 'node:crypto';

/**
 * Stripe-style signature: HMAC-SHA256 over `<unix seconds>.<raw body>`. Binding the timestamp into
 * the MAC lets a receiver refuse replays of an old, validly signed request.
 */
export function webhookSignature(secret: string, timestampSeconds: number, rawBody: string): string {
  const mac = createHmac('sha256', secret).update(`${timestampSeconds}.${rawBody}`, 'utf8').digest('hex');
  return `sha256=${mac}`;
}
