import type { TicketState } from './contract';

/**
 * What the ticket workflow asks of the outside world. Implemented in activities/, faked in tests;
 * the workflow sees only these types.
 */
export interface TicketEvent {
  ticketId: string;
  /** Position of the event in this ticket's history: with ticketId, the idempotency key. */
  sequence: number;
  type: string;
  at: string;
  state: TicketState;
}

export interface TicketActivities {
  /** Appends the event to the audit trail and updates the ticket's projection; idempotent. */
  recordTicketEvent(event: TicketEvent): Promise<void>;
}
