import { createTransport, type Transporter } from 'nodemailer';

export interface MailTransportOptions {
  /** smtp:// or smtps:// URL, credentials included if the relay needs them. */
  smtpUrl: string;
  /** Applied to each stage of the exchange (connect, greeting, every reply), so a silent relay fails in time. */
  timeoutMs: number;
}

/**
 * The worker's one SMTP transport. Not pooled: notifications are few and bursty, and a fresh
 * connection per message means a relay that restarted is simply reached again on the next try.
 */
export function createMailTransport({ smtpUrl, timeoutMs }: MailTransportOptions): Transporter {
  return createTransport({
    url: smtpUrl,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
    dnsTimeout: timeoutMs,
  });
}
