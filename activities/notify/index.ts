export { createNotifyActivities, notificationDeliveryFailed, type FailedRecipient, type NotifyDeps } from './notify.activities';
export { createMailTransport, type MailTransportOptions } from './mail-transport';
export { notificationMessageId, type EmailChannel } from './email.channel';
export { webhookBody } from './webhook.channel';
export { webhookSignature } from './webhook-signature';
export { recipientKey } from '../../workflows/ticket/recipient-key';
