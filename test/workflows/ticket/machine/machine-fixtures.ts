import { resolvePolicySnapshot } from '../../../../policies/resolve-snapshot';
import { validatePolicyDocument } from '../../../../policies/validate-policy';
import type { ClockName, PolicyDocument, PolicySnapshot } from '../../../../workflows/policy';
import type { Notification, NotificationKind } from '../../../../workflows/ticket/activities.contract';
import type { ClockData } from '../../../../workflows/ticket/clock';
import { TicketMachine, type TicketFeatures } from '../../../../workflows/ticket/ticket.machine';

/**
 * The pure machine without Temporal: a small policy whose numbers are easy to add up by hand, a
 * ticket opened on it at a chosen instant, and readers for its clocks and effects.
 *
 * Plan `always` counts on a 24x7 calendar, plan `office` on Monday–Friday 09:00–17:00 UTC. P1 owes
 * an RCA (draft and final); P2 does not.
 */
export const minute = 60_000;
export const hour = 60 * minute;
export const day = 24 * hour;

/** Monday 6 January 2031, 09:00 UTC: the opening of the office calendar's week. */
export const MONDAY_9 = Date.parse('2031-01-06T09:00:00Z');
export const at = (iso: string): number => Date.parse(iso);

export const desk = { kind: 'email' as const, address: 'desk@slaflow.example' };
export const level1 = { kind: 'email' as const, address: 'duty-manager@slaflow.example' };
export const customer = { kind: 'email' as const, address: 'it@acme.example' };

const committed = 'committed' as const;

export function machinePolicy(change: (document: PolicyDocument) => void = () => undefined): PolicyDocument {
  const document: PolicyDocument = {
    id: 'machine-test',
    name: 'Machine test policy',
    calendars: {
      always: { kind: '24x7' },
      office: {
        kind: 'working',
        zone: 'UTC',
        week: {
          1: [{ start: '09:00', end: '17:00' }],
          2: [{ start: '09:00', end: '17:00' }],
          3: [{ start: '09:00', end: '17:00' }],
          4: [{ start: '09:00', end: '17:00' }],
          5: [{ start: '09:00', end: '17:00' }],
        },
      },
    },
    plans: [
      { id: 'always', name: '24x7', calendar: 'always' },
      { id: 'office', name: 'Office hours', calendar: 'office' },
    ],
    priorities: [
      { id: 'P1', name: 'Urgent', rank: 1 },
      { id: 'P2', name: 'Normal', rank: 2 },
    ],
    targets: {
      always: {
        P1: {
          acknowledge: { amount: 30, unit: 'calendar-minutes', commitment: committed },
          update: { amount: 1, unit: 'calendar-hours', commitment: committed },
          resolve: { amount: 8, unit: 'calendar-hours', commitment: committed },
          'hardware-replacement': { amount: 4, unit: 'calendar-hours', commitment: committed },
          'rca.draft': { amount: 2, unit: 'calendar-days', commitment: committed },
          'rca.final': { amount: 5, unit: 'calendar-days', commitment: committed },
        },
        P2: {
          acknowledge: { amount: 2, unit: 'calendar-hours', commitment: committed },
          update: { amount: 4, unit: 'calendar-hours', commitment: committed },
          resolve: { amount: 24, unit: 'calendar-hours', commitment: 'best-effort' },
        },
      },
      office: {
        P1: {
          acknowledge: { amount: 1, unit: 'business-hours', commitment: committed },
          update: { amount: 2, unit: 'business-hours', commitment: committed },
          resolve: { amount: 2, unit: 'business-days', commitment: committed },
        },
        P2: {
          acknowledge: { amount: 4, unit: 'business-hours', commitment: committed },
          resolve: { untimed: true, commitment: 'best-effort' },
        },
      },
    },
    deskContacts: [desk],
    escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [level1] }], onBreach: true },
    customerSilence: {
      reminderEvery: { amount: 2, unit: 'calendar-days' },
      maxReminders: 2,
      close: { rule: 'inactivity', after: { amount: 5, unit: 'calendar-days' } },
    },
    reopenWindow: { amount: 7, unit: 'calendar-days' },
    rca: { priorities: ['P1'], final: true },
    intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
  };
  change(document);
  return document;
}

/** The policy as a ticket carries it: validated as the API validates it, holidays resolved. */
export function machineSnapshot(change?: (document: PolicyDocument) => void, at = MONDAY_9): PolicySnapshot {
  const document = validatePolicyDocument(machinePolicy(change));
  return resolvePolicySnapshot({ ...document, version: 1 }, { at });
}

export interface OpenOptions {
  plan?: 'always' | 'office';
  priority?: 'P1' | 'P2';
  openedAt?: number;
  /** When the machine first runs (the workflow's first task); the opening by default. */
  now?: number;
  features?: TicketFeatures;
  snapshot?: PolicySnapshot;
}

export const allFeatures: TicketFeatures = { durableNotifications: true, boundedClockHistory: true };

export function openTicket(options: OpenOptions = {}): TicketMachine {
  const openedAt = options.openedAt ?? MONDAY_9;
  return TicketMachine.open(
    {
      ticketId: 'T-1',
      organisation: 'acme',
      subject: 'Backups fail',
      plan: options.plan ?? 'always',
      priority: options.priority ?? 'P1',
      openedAt: new Date(openedAt).toISOString(),
      snapshot: options.snapshot ?? machineSnapshot(),
      customerContacts: [customer],
    },
    options.now ?? openedAt,
    options.features ?? allFeatures,
  );
}

export function clockOf(machine: TicketMachine, name: ClockName): ClockData {
  const clock = machine.data.clocks.find((c) => c.clock === name);
  if (!clock) throw new Error(`the ticket has no ${name} clock`);
  return clock;
}

/** The audit event types raised so far, in order (the outbox is kept: tests read it whole). */
export function eventTypes(machine: TicketMachine): string[] {
  return machine.outbox.flatMap((e) => (e.kind === 'event' ? [e.type] : []));
}

export function notifications(machine: TicketMachine, kind?: NotificationKind): Notification[] {
  return machine.outbox.flatMap((e) => (e.kind === 'notify' && (kind === undefined || e.notification.kind === kind) ? [e.notification] : []));
}

export const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
