import type { SplitInput, TicketStatus } from './contract';
import { beginSilence, recordRequest } from './customer-silence';
import { retarget } from './retarget';
import type { TicketMachine } from './ticket.machine';

/**
 * The ticket's actions and the checks that refuse them. A check throws `TicketRefusal` and changes
 * nothing (the workflow runs it as the update's validator, so a refused action leaves no trace in
 * the history); the action runs its check again, then changes the ticket and raises the domain
 * events whose effect on each clock `clock-kinds.ts` decides.
 */

function requireStatus(m: TicketMachine, action: string, allowed: readonly TicketStatus[]): void {
  if (!allowed.includes(m.data.status)) m.refuse(action);
}

const policyOf = (m: TicketMachine) => m.snapshot.document;

/** The first agent response: the acknowledge clock is met and the update cadence starts. */
function firstResponse(m: TicketMachine, at: number): void {
  m.setStatus('in-progress', at);
  m.raise('first-response', at);
  m.event('acknowledged', at);
}

export function checkRespond(m: TicketMachine, kind: 'acknowledgement' | 'update'): void {
  if (kind === 'acknowledgement') requireStatus(m, 'acknowledge', ['new']);
  else requireStatus(m, 'send a progress update', ['new', 'in-progress']);
}

export function respond(m: TicketMachine, kind: 'acknowledgement' | 'update', at: number): void {
  checkRespond(m, kind);
  if (m.data.status === 'new') return firstResponse(m, at);
  m.raise('agent-responded', at);
  m.event('updated', at);
}

export function checkRequestInfo(m: TicketMachine): void {
  requireStatus(m, 'request information', ['new', 'in-progress', 'awaiting-customer']);
}

export function requestInfo(m: TicketMachine, at: number): void {
  checkRequestInfo(m);
  const data = m.data;
  const rule = policyOf(m).customerSilence;
  const calendar = m.planCalendar(rule?.calendar);
  if (data.status === 'awaiting-customer') {
    recordRequest(data.silence!, rule, calendar, at);
    m.event('info-requested', at);
    return;
  }
  if (data.status === 'new') firstResponse(m, at);
  m.beginWait(at);
  data.silence = beginSilence(rule, calendar, at);
  m.setStatus('awaiting-customer', at);
  m.event('info-requested', at);
}

export function checkCustomerReply(m: TicketMachine): void {
  if (m.data.status === 'closed' && !canReopen(m)) m.refuse('reply', 'its reopen window is over: open a new ticket');
}

export function customerReply(m: TicketMachine, at: number): void {
  checkCustomerReply(m);
  switch (m.data.status) {
    case 'awaiting-customer':
      m.endWait(at);
      m.data.silence = null;
      m.setStatus('in-progress', at);
      m.event('customer.replied', at);
      break;
    case 'resolved':
    case 'closed':
      // An answer to a resolution (or after close, inside the window) says the problem is back.
      reopen(m, at, 'customer replied');
      break;
    default:
      m.event('customer.replied', at);
  }
  m.raise('customer-replied', at);
}

function canReopen(m: TicketMachine): boolean {
  const d = m.data;
  return d.status === 'resolved' || (d.status === 'closed' && d.reopenUntil !== null && !d.reopenWindowOver);
}

export function checkReopen(m: TicketMachine): void {
  if (!canReopen(m)) m.refuse('reopen', m.data.status === 'closed' ? 'its reopen window is over' : undefined);
}

/** The time between the resolution and the reopen is kept out of the clocks that resume. */
export function reopen(m: TicketMachine, at: number, _reason: string): void {
  checkReopen(m);
  const data = m.data;
  const resolvedAt = data.resolution?.at ?? data.closure?.at ?? at;
  if (data.silence && data.pauses.some((p) => p.to === null)) m.endWait(at);
  data.pauses.push({ from: resolvedAt, to: at });
  data.silence = null;
  data.resolution = null;
  data.closure = null;
  data.reopenUntil = null;
  m.setStatus('in-progress', at);
  m.raise('reopened', at);
  m.event('reopened', at);
}

export function checkChangePriority(m: TicketMachine, priority: string): void {
  requireStatus(m, 'change the priority', ['new', 'in-progress', 'awaiting-customer']);
  const priorities = policyOf(m).priorities;
  if (!priorities.some((p) => p.id === priority)) {
    m.refusePolicy(`priority '${priority}' is not one of ${priorities.map((p) => p.id).join(', ')}`);
  }
  if (priority === m.data.priority) m.refuse('change the priority', `it is already ${priority}`);
}

export function changePriority(m: TicketMachine, priority: string, at: number): void {
  checkChangePriority(m, priority);
  m.data.priority = priority;
  retarget(m, priority, at);
  m.data.rcaRequired = m.rcaOwedFor(priority);
  m.event('priority-changed', at);
}

export function checkEscalate(m: TicketMachine): void {
  requireStatus(m, 'escalate', ['new', 'in-progress', 'awaiting-customer', 'resolved']);
  const levels = policyOf(m).escalation.levels;
  if (m.data.escalationLevel >= levels.length) {
    m.refuse('escalate', `already at the highest escalation level, ${levels.at(-1)?.name ?? 'none'}`);
  }
}

export function escalate(m: TicketMachine, at: number, reason: string): void {
  checkEscalate(m);
  m.raiseEscalation(at, reason);
}

export function checkAssign(m: TicketMachine): void {
  requireStatus(m, 'assign', ['new', 'in-progress', 'awaiting-customer', 'resolved']);
}

export function assign(m: TicketMachine, agent: string, at: number): void {
  checkAssign(m);
  const type = m.data.assignee === null ? 'assigned' : 'reassigned';
  m.data.assignee = agent;
  m.event(type, at);
}

export function checkDiagnosis(m: TicketMachine): void {
  requireStatus(m, 'record a diagnosis', ['in-progress', 'awaiting-customer']);
  if (m.clock('hardware-replacement')?.status === 'running') m.refuse('record a diagnosis', 'a replacement is already under way');
}

export function diagnosis(m: TicketMachine, replacementRequired: boolean, at: number): void {
  checkDiagnosis(m);
  m.data.hardware = { diagnosedAt: at, replacementRequired, deliveredAt: null };
  if (replacementRequired) m.raise('replacement-diagnosed', at);
  m.event('diagnosed', at);
}

export function checkPartsDelivered(m: TicketMachine): void {
  const hardware = m.data.hardware;
  if (m.clock('hardware-replacement')?.status !== 'running' && !(hardware?.replacementRequired && hardware.deliveredAt === null)) {
    m.refuse('record a parts delivery', 'no hardware replacement is under way');
  }
}

export function partsDelivered(m: TicketMachine, at: number): void {
  checkPartsDelivered(m);
  m.data.hardware!.deliveredAt = at;
  m.raise('parts-delivered', at);
  m.event('parts-delivered', at);
}

export function checkResolve(m: TicketMachine, code: string, internal = false): void {
  requireStatus(m, 'resolve', ['new', 'in-progress', 'awaiting-customer']);
  const open = m.data.subIncidents.filter((s) => s.status === 'open');
  if (!internal && open.length > 0) m.refuse('resolve', `${open.length} sub-incident(s) still open`);
  const codes = policyOf(m).resolutionCodes;
  if (!internal && codes && !codes.includes(code)) m.refusePolicy(`resolution code '${code}' is not one of ${codes.join(', ')}`);
}

export function resolve(m: TicketMachine, code: string, summary: string, at: number, internal = false): void {
  checkResolve(m, code, internal);
  const data = m.data;
  if (data.status === 'new') firstResponse(m, at);
  if (data.status === 'awaiting-customer') {
    m.endWait(at);
    data.silence = null;
  }
  m.raise('resolved', at);
  data.resolution = { code, summary, at };
  m.setStatus('resolved', at);
  // A resolution asks the customer to confirm: the policy's silence rule closes it otherwise.
  const rule = policyOf(m).customerSilence;
  if (rule) data.silence = beginSilence(rule, m.planCalendar(rule.calendar), at);
  m.event('resolved', at);
  if (data.parentTicketId) m.outbox.push({ kind: 'parent-resolved' });
}

export function checkConfirm(m: TicketMachine): void {
  requireStatus(m, 'confirm the resolution', ['resolved']);
}

export function confirm(m: TicketMachine, at: number): void {
  checkConfirm(m);
  m.close(at, 'customer', 'the customer confirmed the resolution');
}

export function checkClose(m: TicketMachine): void {
  if (m.data.status === 'closed') m.refuse('close');
}

export function closeByAgent(m: TicketMachine, reason: string, at: number): void {
  checkClose(m);
  m.close(at, 'agent', reason);
}

export function checkRca(m: TicketMachine, stage: 'draft' | 'final'): void {
  if (!m.data.rcaRequired) m.refuse('deliver an RCA', `no RCA is owed for ${m.data.priority}`);
  requireStatus(m, 'deliver an RCA', ['resolved', 'closed']);
  const clock = m.clock(stage === 'draft' ? 'rca.draft' : 'rca.final');
  if (clock?.stoppedAt !== null && clock?.stoppedAt !== undefined) m.refuse('deliver an RCA', `the ${stage} was already delivered`);
}

export function deliverRca(m: TicketMachine, stage: 'draft' | 'final', at: number): void {
  checkRca(m, stage);
  if (stage === 'draft') m.data.rcaDraftAt = at;
  else m.data.rcaFinalAt = at;
  m.raise(stage === 'draft' ? 'rca-draft-delivered' : 'rca-final-delivered', at);
  m.event(`rca.${stage}-delivered`, at);
}

export function checkSplit(m: TicketMachine, input: SplitInput): void {
  requireStatus(m, 'split into sub-incidents', ['new', 'in-progress', 'awaiting-customer']);
  if (input.incidents.length === 0) m.refusePolicy('a split needs at least one incident');
  const priorities = policyOf(m).priorities;
  for (const incident of input.incidents) {
    if (!priorities.some((p) => p.id === incident.priority)) {
      m.refusePolicy(`priority '${incident.priority}' is not one of ${priorities.map((p) => p.id).join(', ')}`);
    }
  }
}

/** Records the sub-incidents; the workflow starts their child workflows. Returns their ids. */
export function split(m: TicketMachine, input: SplitInput, at: number): string[] {
  checkSplit(m, input);
  const data = m.data;
  const ids = input.incidents.map((incident, index) => {
    const ticketId = `${data.ticketId}-${data.subIncidents.length + index + 1}`;
    return { ticketId, subject: incident.subject, priority: incident.priority, status: 'open' as const };
  });
  data.subIncidents.push(...ids);
  if (data.status === 'new') firstResponse(m, at);
  m.event('split', at);
  return ids.map((s) => s.ticketId);
}

export function subIncidentResolved(m: TicketMachine, ticketId: string, at: number): void {
  const data = m.data;
  const sub = data.subIncidents.find((s) => s.ticketId === ticketId);
  if (!sub || sub.status === 'resolved') return;
  sub.status = 'resolved';
  m.event('sub-incident-resolved', at);
  const allResolved = data.subIncidents.every((s) => s.status === 'resolved');
  if (allResolved && ['new', 'in-progress', 'awaiting-customer'].includes(data.status)) {
    resolve(m, 'sub-incidents-resolved', `all ${data.subIncidents.length} sub-incidents resolved`, at, true);
  }
}
