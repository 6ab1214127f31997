import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The searchable projection of a ticket (read-only here: activities write it). */
@Entity({ name: 'tickets' })
export class TicketEntity {
  @PrimaryColumn({ type: 'text' })
  id!: string;

  @Column({ type: 'text' })
  organisation!: string;

  @Column({ type: 'text' })
  subject!: string;

  @Column({ type: 'text' })
  priority!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt!: Date;

  @Column({ name: 'acknowledge_due_at', type: 'timestamptz', nullable: true })
  acknowledgeDueAt!: Date | null;

  @Column({ name: 'sla_breached', type: 'boolean' })
  slaBreached!: boolean;

  @Column({ name: 'last_event_sequence', type: 'integer' })
  lastEventSequence!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
