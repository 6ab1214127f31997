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

  @Column({ type: 'jsonb' })
  state!: TicketState;
}
