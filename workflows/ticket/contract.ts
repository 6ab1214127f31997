import { defineQuery, defineUpdate } from '@temporalio/workflow';

/**
 * The ticket workflow's contract: everything the API and the worker need to know about it, and
 * nothing they must not (no Node-only code, no classes: plain JSON in and out).
 */
export const ticketTaskQueue = 'slaflow-tickets';

export function ticketWorkflowId(ticketId: string): string {
  return `ticket-${ticketId}`;
}

export type TicketStatus = 'new' | 'in-progress' | 'resolved';

export type ClockName = 'acknowledge';
export type ClockStatus = 'running' | 'met' | 'breached';

export interface ClockState {
  clock: ClockName;
  /** The target as people read it, e.g. "30 calendar minutes". */
  target: string;
  dueAt: string;
  status: ClockStatus;
  /** When the clock stopped (for acknowledge: the first agent response). */
  stoppedAt?: string;
  breachedAt?: string;
}

export interface OpenTicketInput {
  ticketId: string;
  organisation: string;
  subject: string;
  priority: string;
  /** ISO-8601 instant the ticket was opened (decided by the API, not by workflow time). */
  openedAt: string;
  acknowledgeWithinMinutes: number;
}

export interface TicketState {
  ticketId: string;
  organisation: string;
  subject: string;
  priority: string;
  status: TicketStatus;
  openedAt: string;
  clocks: ClockState[];
  resolution?: { code: string; summary: string; at: string };
}

export interface RespondInput {
  kind: 'acknowledgement' | 'update';
  body: string;
}

export interface ResolveInput {
  code: string;
  summary: string;
}

/** Failure type of an action the ticket's state does not allow; the API answers it with 409. */
export const stateConflictFailureType = 'TicketStateConflict';

export const stateQuery = defineQuery<TicketState>('state');
export const respondUpdate = defineUpdate<TicketState, [RespondInput]>('respond');
export const resolveUpdate = defineUpdate<TicketState, [ResolveInput]>('resolve');
