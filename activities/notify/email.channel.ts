import { createHash } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import type { Notification } from '../../workflows/ticket/activities.contract';

export interface EmailChannel {
  /** The worker's one transport; only `sendMail` is used. */
  transport: Pick<Transporter, 'sendMail'>;
  /** `Name <address>` or a bare address. */
  from: string;
}

/**
 * The same notification to the same recipient always carries the same Message-ID, so if a retry
 * does deliver twice (the relay took the message but the log write was lost) mail clients and
 * the desk can tell it is a duplicate and not a second warning.
 */
export function notificationMessageId(notificationId: string, recipient: string, from: string): string {
  const digest = createHash('sha256').update(`${notificationId}\n${recipient}`, 'utf8').digest('hex').slice(0, 40);
  const domain = /@([^\s<>@]+)>?\s*$/.exec(from)?.[1] ?? 'slaflow.invalid';
  return `<notification.${digest}@${domain}>`;
}

export async function sendNotificationEmail(
  channel: EmailChannel,
  notification: Notification,
  to: { address: string; name?: string },
  recipient: string,
): Promise<void> {
  await channel.transport.sendMail({
    from: channel.from,
    to: to.name ? { name: to.name, address: to.address } : to.address,
    subject: notification.subject,
    text: notification.body,
    messageId: notificationMessageId(notification.notificationId, recipient, channel.from),
    headers: {
      // RFC 3834: out-of-office and other robots must not answer a machine-sent notice.
      'Auto-Submitted': 'auto-generated',
      'X-Slaflow-Notification-Id': notification.notificationId,
      'X-Slaflow-Ticket-Id': notification.ticketId,
    },
  });
}
