import { describeTarget } from '../calendar';
import { isTimed } from '../policy';
import { workingRemaining, type ClockData } from './clock';
import type { SlaCycleRecord } from './activities.contract';
import type { BreachState, ClockState, TicketState, WarningState } from './contract';
import { clockCycles } from './cycles';
import type { TicketMachine } from './ticket.machine';

const iso = (ms: number): string => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined): string | null => (ms === null || ms === undefined ? null : iso(ms));

/** The deadline a clock shows, and measures remaining or overdue time against: the one in force, or the one it missed. */
function shownDue(clock: ClockData): number | null {
  if (clock.status !== 'running' && clock.status !== 'breached') return null;
  return clock.dueAt ?? clock.breaches.at(-1)?.dueAt ?? null;
}

function clockState(machine: TicketMachine, clock: ClockData, now: number): ClockState {
  const due = shownDue(clock);
  const remaining = workingRemaining(clock, machine.calendar(clock), due, now);
  const commitment = clock.target?.commitment ?? null;
  return {
    clock: clock.clock,
    target: isTimed(clock.target) ? describeTarget(clock.target) : clock.target ? 'best effort' : null,
    commitment,
    status: clock.status,
    startedAt: isoOrNull(clock.startedAt),
    dueAt: isoOrNull(due),
    remainingMs: remaining !== null && remaining >= 0 ? remaining : null,
    overdueMs: remaining !== null && remaining < 0 ? -remaining : null,
    stoppedAt: isoOrNull(clock.stoppedAt),
    breaches: clock.breaches.map((b): BreachState => ({
      clock: clock.clock,
      dueAt: iso(b.dueAt),
      at: iso(b.at),
      commitment: commitment ?? 'best-effort',
    })),
    warnings: clock.warnings.map((w): WarningState => ({ clock: clock.clock, threshold: w.threshold, at: iso(w.at) })),
    breachCount: clock.breachCount ?? clock.breaches.length,
    warningCount: clock.warningCount ?? clock.warnings.length,
  };
}

/** What the `state` query answers and every audit event carries. */
export function ticketState(machine: TicketMachine, now: number): TicketState {
  const d = machine.data;
  const policy = machine.snapshot.document;
  const clocks = d.clocks.map((c) => clockState(machine, c, now));
  return {
    ticketId: d.ticketId,
    organisation: d.organisation,
    subject: d.subject,
    policy: policy.id,
    policyVersion: policy.version,
    plan: d.plan,
    priority: d.priority,
    status: d.status,
    openedAt: iso(d.openedAt),
    statusSince: iso(d.statusSince),
    overQuota: d.overQuota,
    assignee: d.assignee,
    escalationLevel: d.escalationLevel,
    escalationName: policy.escalation.levels.find((l) => l.level === d.escalationLevel)?.name ?? null,
    clocks,
    breaches: clocks.flatMap((c) => c.breaches).sort((a, b) => a.at.localeCompare(b.at)),
    slaBreached: d.slaBreached,
    awaitingCustomer: d.silence
      ? {
          since: iso(d.silence.since),
          requests: d.silence.requests,
          reminders: d.silence.reminders,
          nextReminderAt: isoOrNull(d.silence.nextReminderAt),
          closesAt: isoOrNull(d.silence.closesAt),
        }
      : null,
    resolution: d.resolution && { code: d.resolution.code, summary: d.resolution.summary, at: iso(d.resolution.at) },
    closure: d.closure && { reason: d.closure.reason, at: iso(d.closure.at), by: d.closure.by },
    reopenUntil: d.reopenWindowOver ? null : isoOrNull(d.reopenUntil),
    hardware: d.hardware && {
      diagnosedAt: iso(d.hardware.diagnosedAt),
      replacementRequired: d.hardware.replacementRequired,
      deliveredAt: isoOrNull(d.hardware.deliveredAt),
    },
    rca: { required: d.rcaRequired, draftAt: isoOrNull(d.rcaDraftAt), finalAt: isoOrNull(d.rcaFinalAt) },
    subIncidents: d.subIncidents.map((s) => ({ ...s })),
    parentTicketId: d.parentTicketId,
    linkedFromTicketId: d.linkedFromTicketId,
    fields: { ...d.fields },
    parkedNotifications: d.parked.map((p) => ({
      notificationId: p.notification.notificationId,
      kind: p.notification.kind,
      subject: p.notification.subject,
      error: p.error,
      parkedAt: iso(p.parkedAt),
      attempts: p.attempts,
      autoRetryAt: isoOrNull(p.autoRetry?.at ?? null),
    })),
    notificationFailures: d.notificationFailures,
    sequence: d.sequence,
  };
}

/** Every clock's cycles, for the SLA records each audit event writes (`sla_cycles`). */
export function ticketCycles(machine: TicketMachine, now: number): SlaCycleRecord[] {
  const d = machine.data;
  const context = { priority: d.priority, assignee: d.assignee };
  return d.clocks.flatMap((clock) => clockCycles(clock, machine.calendar(clock), d.pauses, now, context));
}

/** The Web UI's "current details": a short markdown status an operator reads at a glance. */
export function currentDetails(state: TicketState): string {
  const lines = [
    `**${state.status}** · ${state.priority} · ${state.policy} v${state.policyVersion} / ${state.plan}${state.overQuota ? ' · over quota' : ''}`,
    `${state.organisation} — ${state.subject}`,
    '',
    '| clock | target | status | due |',
    '| --- | --- | --- | --- |',
    ...state.clocks.map(
      (c) => `| ${c.clock} | ${c.target ?? '—'}${c.commitment === 'best-effort' ? ' (best effort)' : ''} | ${c.status} | ${c.dueAt ?? '—'} |`,
    ),
  ];
  // The state lists a clock's most recent breaches; its count is the total.
  const breachTotal = state.clocks.reduce((sum, c) => sum + c.breachCount, 0);
  if (breachTotal) {
    const shown = state.breaches
      .slice(-5)
      .map((b) => `${b.clock} @ ${b.dueAt}`)
      .join(', ');
    lines.push('', `**SLA breached** ${breachTotal}×${breachTotal > 5 ? ', latest' : ''}: ${shown}`);
  }
  if (state.escalationName) lines.push('', `Escalated to level ${state.escalationLevel}: ${state.escalationName}`);
  if (state.awaitingCustomer) {
    const w = state.awaitingCustomer;
    lines.push(
      '',
      `Waiting on the customer since ${w.since} (${w.requests} request(s), ${w.reminders} reminder(s)); closes ${w.closesAt ?? 'never by itself'}`,
    );
  }
  if (state.parkedNotifications.length) {
    lines.push('', `**${state.parkedNotifications.length} notification(s) parked** — signal \`retryNotification\` to try again:`);
    for (const p of state.parkedNotifications) lines.push(`- ${p.notificationId} (${p.kind}): ${p.error}`);
  }
  return lines.join('\n');
}
