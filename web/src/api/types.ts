import type { Calendar } from '../../../workflows/calendar';
import type { CountedStanding, Standing } from '../../../workflows/ticket/clock-standing';

// The API's answers as the page reads them (api/board/dto, api/tickets/dto, the reports contract).
export type Role = 'customer' | 'agent' | 'ops';

export interface Session {
  role: Role;
  organisation: string | null;
}

export interface BoardClock {
  clock: string;
  target: string | null;
  commitment: string | null;
  status: string;
  standing: Standing;
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  breachCount: number;
  warnings: Array<{ threshold: number; at: string }>;
  breaches: Array<{ dueAt: string; at: string }>;
  calendar: string | null;
}

export interface BoardTicket {
  ticketId: string;
  subject: string;
  organisation: string;
  policy: string;
  policyVersion: number;
  plan: string;
  priority: string;
  status: string;
  openedAt: string;
  statusSince: string;
  assignee: string | null;
  standing: CountedStanding;
  nextDueAt: string | null;
  clocks: BoardClock[];
}

export interface Board {
  now: string;
  counts: Record<CountedStanding, number>;
  tickets: BoardTicket[];
  calendars: Record<string, Calendar>;
}

export interface TicketEvent {
  sequence: number;
  type: string;
  at: string;
  detail?: Record<string, unknown> & { actor?: { role: string; keyId: string } };
  state: TicketState;
}

export interface ClockState {
  clock: string;
  target: string | null;
  commitment: string | null;
  status: string;
  startedAt: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  breaches: Array<{ dueAt: string; at: string }>;
  warnings: Array<{ threshold: number; at: string }>;
  breachCount: number;
}

export interface TicketState {
  ticketId: string;
  organisation: string;
  subject: string;
  policy: string;
  policyVersion: number;
  plan: string;
  priority: string;
  status: string;
  openedAt: string;
  statusSince: string;
  assignee: string | null;
  escalationLevel: number;
  clocks: ClockState[];
  fields: Record<string, string | number | boolean>;
  awaitingCustomer: { since: string } | null;
  parkedNotifications: Array<{ notificationId: string; kind: string; subject: string; error: string; parkedAt: string; attempts: number }>;
  sequence: number;
}

export interface NotificationRow {
  notificationId: string;
  ticketId: string;
  organisation: string;
  kind: string;
  clock: string | null;
  recipient: string;
  status: string;
  attempts: number;
  lastError: string | null;
  subject: string;
  parked: boolean;
  lastAttemptAt: string | null;
}

export interface ReportRow {
  [key: string]: string | number | null;
  total: number;
  met: number;
  breached: number;
  running: number;
  runningLate: number;
  attainment: number | null;
  medianBusinessMs: number | null;
  p90BusinessMs: number | null;
}

export interface Report {
  from: string | null;
  to: string | null;
  zone: string;
  groupBy: string[] | string;
  rows: ReportRow[];
}

export interface CycleRow {
  ticketId: string;
  subject: string;
  organisation: string;
  policy: string;
  plan: string;
  priority: string;
  clock: string;
  cycle: number;
  commitment: string;
  outcome: string;
  startedAt: string;
  dueAt: string | null;
  stoppedAt: string | null;
  breachedAt: string | null;
  lateBusinessMs: number | null;
}
