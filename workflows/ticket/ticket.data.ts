import type { Contact } from '../policy';
import type { Notification } from './activities.contract';
import type { ClockData, Pause } from './clock';
import type { IntakeFields, SubIncidentState, TicketStatus } from './contract';
import type { SilenceData } from './customer-silence';

/**
 * Everything a ticket's workflow knows, as plain JSON: what the query reads, what continue-as-new
 * carries to the next run. Instants are epoch milliseconds.
 */
export interface TicketData {
  ticketId: string;
  organisation: string;
  subject: string;
  description: string | null;
  channel: string | null;
  plan: string;
  priority: string;
  openedAt: number;
  status: TicketStatus;
  statusSince: number;
  overQuota: boolean;
  customerContacts: Contact[];
  assignee: string | null;
  escalationLevel: number;
  clocks: ClockData[];
  /** Intervals awaiting the customer (and between resolution and a reopen): kept out of pausable clocks. */
  pauses: Pause[];
  silence: SilenceData | null;
  resolution: { code: string; summary: string; at: number } | null;
  closure: { reason: string; at: number; by: 'customer' | 'agent' | 'policy' } | null;
  reopenUntil: number | null;
  reopenWindowOver: boolean;
  hardware: { diagnosedAt: number; replacementRequired: boolean; deliveredAt: number | null } | null;
  rcaRequired: boolean;
  rcaDraftAt: number | null;
  rcaFinalAt: number | null;
  subIncidents: SubIncidentState[];
  parentTicketId: string | null;
  linkedFromTicketId: string | null;
  /** Absent in data carried over from runs that predate intake fields. */
  fields?: IntakeFields;
  slaBreached: boolean;
  notificationCounter: number;
  parked: ParkedNotification[];
  notificationFailures: number;
  sequence: number;
}

export interface ParkedNotification {
  notification: Notification;
  error: string;
  parkedAt: number;
  attempts: number;
  /**
   * Set when it parked because its own delivery log (PostgreSQL) could not be written: the machine
   * sends it again by itself at `at`, `round` counting those tries (see `autoRetryDelayMs`).
   */
  autoRetry?: { round: number; at: number };
}
