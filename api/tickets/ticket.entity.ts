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

  @Column({ type: 'text', nullable: true })
  policy!: string | null;

  @Column({ type: 'text', nullable: true })
  plan!: string | null;

  @Column({ name: 'next_deadline_at', type: 'timestamptz', nullable: true })
  nextDeadlineAt!: Date | null;

  @Column({ name: 'resolve_due_at', type: 'timestamptz', nullable: true })
  resolveDueAt!: Date | null;

  @Column({ name: 'breach_count', type: 'integer' })
  breachCount!: number;

  @Column({ name: 'escalation_level', type: 'integer' })
  escalationLevel!: number;

  /** The state the workflow last reported: the answer of `GET /tickets/:id` once it has ended. */
  @Column({ type: 'jsonb', nullable: true })
  state!: unknown;

  /** The intake fields given at opening (also in `state`). */
  @Column({ type: 'jsonb', default: () => "'{}'::jsonb" })
  fields!: Record<string, string | number | boolean>;

  @Column({ name: 'last_event_sequence', type: 'integer' })
  lastEventSequence!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
