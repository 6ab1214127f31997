import { Column, Entity, PrimaryColumn } from 'typeorm';

export type NotificationDeliveryStatus = 'delivered' | 'failed';

/**
 * One recipient of one notification and how delivering to it went (read-only here: the notify
 * activity writes it). Ops list the `failed` rows and retry them.
 */
@Entity({ name: 'notification_deliveries' })
export class NotificationDeliveryEntity {
  @PrimaryColumn({ name: 'notification_id', type: 'text' })
  notificationId!: string;

  /** `email:<address>` or `webhook:<url>`. */
  @PrimaryColumn({ type: 'text' })
  recipient!: string;

  @Column({ name: 'ticket_id', type: 'text' })
  ticketId!: string;

  @Column({ type: 'text' })
  organisation!: string;

  /** warning, breach, reminder, escalation, survey, closure, rca-due. */
  @Column({ type: 'text' })
  kind!: string;

  @Column({ type: 'text', nullable: true })
  clock!: string | null;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  body!: string;

  /** The instant the notification announces (deadline, threshold, close). */
  @Column({ type: 'timestamptz' })
  at!: Date;

  @Column({ type: 'text' })
  status!: NotificationDeliveryStatus;

  @Column({ type: 'integer' })
  attempts!: number;

  /** The error of the latest failed attempt; kept after a later success. */
  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError!: string | null;

  @Column({ name: 'first_attempt_at', type: 'timestamptz' })
  firstAttemptAt!: Date;

  @Column({ name: 'last_attempt_at', type: 'timestamptz' })
  lastAttemptAt!: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt!: Date | null;
}
