import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TicketState } from '../../workflows/ticket/contract';

/** One entry of a ticket's append-only audit trail (read-only here: activities write it). */
@Entity({ name: 'ticket_events' })
export class TicketEventEntity {
  @PrimaryColumn({ name: 'ticket_id', type: 'text' })
  ticketId!: string;

  @PrimaryColumn({ type: 'integer' })
  sequence!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ type: 'timestamptz' })
  at!: Date;

  /** The action's input with its actor, for events an action caused; null for the clocks' own. */
  @Column({ type: 'jsonb', nullable: true })
  detail!: Record<string, unknown> | null;

  @Column({ type: 'jsonb' })
  state!: TicketState;
}
