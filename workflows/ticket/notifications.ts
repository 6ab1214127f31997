import { describeTarget } from '../calendar';
import type { Contact, PolicyDocument, PolicyTarget } from '../policy';
import type { Notification, NotificationKind } from './activities.contract';
import type { ClockData } from './clock';
import { clockKind } from './clock-kinds';
import type { TicketData } from './ticket.data';

/**
 * What the ticket tells people, and whom: the wording and recipients of every notification the
 * machine raises. Pure: the machine numbers them and queues them as effects.
 */
export interface Message {
  kind: NotificationKind;
  subject: string;
  body: string;
  recipients: Contact[];
  clock?: Pick<ClockData, 'clock' | 'occurrence'>;
}

/** The desk hears of every warning and breach, and so does whoever the ticket is escalated to. */
function deskAndEscalation(policy: PolicyDocument, data: TicketData): Contact[] {
  const level = policy.escalation.levels.find((l) => l.level === data.escalationLevel);
  return [...policy.deskContacts, ...(level ? level.contacts : [])];
}

export function warningMessage(policy: PolicyDocument, data: TicketData, clock: ClockData, threshold: number): Message {
  const percent = Math.round(threshold * 100);
  const due = new Date(clock.dueAt!).toISOString();
  return {
    kind: clockKind(clock.clock).warning,
    subject: `${clock.clock} at ${percent}% of its target`,
    body: `The ${clock.clock} clock (${describeTarget(clock.target as PolicyTarget)}) has used ${percent}% of its target; it is due at ${due}.`,
    recipients: deskAndEscalation(policy, data),
    clock,
  };
}

export function breachMessage(policy: PolicyDocument, data: TicketData, clock: ClockData, dueAt: number, occurrence: number): Message {
  return {
    kind: 'breach',
    subject: `${clock.clock} deadline missed`,
    body: `The ${clock.clock} clock (${describeTarget(clock.target as PolicyTarget)}) was due at ${new Date(dueAt).toISOString()} and has breached.`,
    recipients: deskAndEscalation(policy, data),
    clock: { clock: clock.clock, occurrence },
  };
}

export function escalationMessage(policy: PolicyDocument, level: { level: number; name: string; contacts: Contact[] }, reason: string): Message {
  return {
    kind: 'escalation',
    subject: `escalated to ${level.name}`,
    body: `The ticket was escalated to level ${level.level} (${level.name}): ${reason}.`,
    recipients: [...level.contacts, ...policy.deskContacts],
  };
}

export function reminderMessage(data: TicketData): Message {
  const silence = data.silence!;
  const waitingFor = data.status === 'resolved' ? 'your confirmation that the problem is solved' : 'the information we asked for';
  const closes =
    silence.closesAt !== null ? ` The ticket will close automatically at ${new Date(silence.closesAt).toISOString()} without an answer.` : '';
  return {
    kind: 'reminder',
    subject: 'we are waiting for your answer',
    body: `We are still waiting for ${waitingFor}.${closes}`,
    recipients: data.customerContacts,
  };
}

/** The customer hears of a close the policy made (not of one they or an agent made), and gets the survey. */
export function closeMessages(policy: PolicyDocument, data: TicketData, by: 'customer' | 'agent' | 'policy', reason: string): Message[] {
  const messages: Message[] = [];
  if (by === 'policy') {
    messages.push({
      kind: 'closure',
      subject: 'ticket closed',
      body: `The ticket was closed: ${reason}. Reply to reopen it${data.reopenUntil ? ` until ${new Date(data.reopenUntil).toISOString()}` : ''}.`,
      recipients: data.customerContacts,
    });
  }
  if (policy.surveyOnClose) {
    messages.push({
      kind: 'survey',
      subject: 'how did we do?',
      body: 'Your ticket is closed. Please tell us about your experience in a short satisfaction survey.',
      recipients: data.customerContacts,
    });
  }
  return messages;
}

/**
 * The notification itself, numbered by the ticket's counter (its id must be the same on every
 * replay). `withOccurrence`: the durable-notifications path, where a warning knows which interval
 * of its clock it spoke of.
 */
export function buildNotification(
  policy: PolicyDocument,
  data: TicketData,
  counter: number,
  at: number,
  message: Message,
  withOccurrence: boolean,
): Notification {
  const { kind, clock } = message;
  return {
    notificationId: `${data.ticketId}/${counter}-${kind}${clock ? `-${clock.clock}` : ''}`,
    ticketId: data.ticketId,
    organisation: data.organisation,
    kind,
    ...(clock ? { clock: clock.clock } : {}),
    ...(clock && withOccurrence ? { occurrence: clock.occurrence } : {}),
    at: new Date(at).toISOString(),
    subject: `[${data.priority}] ${message.subject} — ${data.subject}`,
    body: `${message.body}\n\nTicket ${data.ticketId} (${policy.name}, plan ${data.plan}, priority ${data.priority}, status ${data.status}).`,
    recipients: dedupeContacts(message.recipients),
  };
}

export function dedupeContacts(contacts: Contact[]): Contact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => {
    const key = c.kind === 'email' ? `email:${c.address.toLowerCase()}` : `webhook:${c.url}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
