import type { ClockName } from '../policy';
import type { TicketStatus } from './contract';

/**
 * What happened to a ticket, as far as its clocks care. Actions raise these; the table below
 * decides what each does to each clock, so an action never names a clock.
 */
export type ClockEvent =
  /** The first agent response: an acknowledgement, or an update, information request, resolution or split of a new ticket. */
  | 'first-response'
  /** A later acknowledgement or progress update. */
  | 'agent-responded'
  /** A customer's message, after whatever it did to the ticket's status (ended a wait, reopened it). */
  | 'customer-replied'
  | 'resolved'
  | 'closed'
  /** Reopened by the customer's reply or an agent: the ticket is in progress again. */
  | 'reopened'
  /** A diagnosis that needs a hardware replacement. */
  | 'replacement-diagnosed'
  | 'parts-delivered'
  | 'rca-draft-delivered'
  /** A final RCA also settles a draft that never came separately. */
  | 'rca-final-delivered';

/**
 * What an event does to one clock:
 * - `start`: starts it now, whatever it was doing (a new interval, a new replacement);
 * - `start-once`: starts it now unless it ever started;
 * - `start-unless-open`: starts a new cycle unless one is open (running, or breached and not yet
 *   answered): a second message keeps the earlier deadline;
 * - `restart-if-running`: a new interval from now of a running cadence;
 * - `restart-if-started`: a new interval from now of a cadence that ever started;
 * - `met`: stops with its verdict (met while running or paused; a breached clock stays breached);
 * - `stop`: stops without a verdict, an open cycle included;
 * - `resume`: runs again with the time it had used, the time since the resolution kept out.
 */
export type ClockReaction = 'start' | 'start-once' | 'start-unless-open' | 'restart-if-running' | 'restart-if-started' | 'met' | 'stop' | 'resume';

/** What a rule may look at besides the clock: the ticket after the action changed it. */
export interface TicketFacts {
  status: TicketStatus;
  rcaRequired: boolean;
}

type Rule = ClockReaction | ((ticket: TicketFacts) => ClockReaction | null);

export interface ClockKind {
  /** Starts at the ticket's opening (and a schedule preview shows its deadline from there). */
  startsAtOpening: boolean;
  /** What each event does to it; events it does not name leave it alone. */
  on: Partial<Record<ClockEvent, Rule>>;
  /** Stops counting while the ticket awaits the customer (and between a resolution and a reopen). */
  pausesAwaitingCustomer: boolean;
  /**
   * A missed interval is a breach and the next deadline is the missed one plus the interval: the
   * clock runs on after a breach instead of staying breached.
   */
  recurs: boolean;
  /**
   * How a clock the new priority's cell adds counts: from the opening, from now, or not until its
   * own start event.
   */
  whenAdded: (ticket: TicketFacts) => 'from-opening' | 'now' | null;
  /** Owed after the ticket closes (an RCA): a close leaves it running, and the workflow waits for it. */
  runsPastClose: boolean;
  /** The notification kind of its warnings. */
  warning: 'warning' | 'rca-due';
  /**
   * A kind added after histories existed: the id of its patch. The workflow asks `patched(id)` only
   * of a ticket whose policy gives this clock a target (no other ticket's commands change); a
   * history recorded before the kind existed leaves its cells out (`TicketFeatures.clocksLeftOut`).
   */
  patch?: string;
}

/**
 * Every SLA clock kind, described once: the ticket machine and the schedule preview read it.
 * Order is `clockNames`' order, the order clocks are built and fire ties in.
 */
export const clockKinds: Readonly<Record<ClockName, ClockKind>> = {
  acknowledge: {
    startsAtOpening: true,
    on: { 'first-response': 'met', resolved: 'met' },
    pausesAwaitingCustomer: false,
    recurs: false,
    // Once acknowledged, there is nothing left for it to measure.
    whenAdded: (t) => (t.status === 'new' ? 'from-opening' : null),
    runsPastClose: false,
    warning: 'warning',
  },
  update: {
    startsAtOpening: false,
    on: {
      'first-response': 'start',
      'agent-responded': 'restart-if-running',
      resolved: 'stop',
      // The customer says the problem is back: the desk owes updates again from now.
      reopened: 'restart-if-started',
    },
    pausesAwaitingCustomer: true,
    recurs: true,
    whenAdded: (t) => (t.status === 'in-progress' ? 'now' : null),
    runsPastClose: false,
    warning: 'warning',
  },
  resolve: {
    startsAtOpening: true,
    on: { resolved: 'met', reopened: 'resume' },
    pausesAwaitingCustomer: true,
    recurs: false,
    whenAdded: () => 'from-opening',
    runsPastClose: false,
    warning: 'warning',
  },
  'rca.draft': {
    startsAtOpening: false,
    on: {
      resolved: (t) => (t.rcaRequired ? 'start-once' : null),
      'rca-draft-delivered': 'met',
      'rca-final-delivered': 'met',
    },
    pausesAwaitingCustomer: false,
    recurs: false,
    whenAdded: () => null,
    runsPastClose: true,
    warning: 'rca-due',
  },
  'rca.final': {
    startsAtOpening: false,
    on: { resolved: (t) => (t.rcaRequired ? 'start-once' : null), 'rca-final-delivered': 'met' },
    pausesAwaitingCustomer: false,
    recurs: false,
    whenAdded: () => null,
    runsPastClose: true,
    warning: 'rca-due',
  },
  'hardware-replacement': {
    startsAtOpening: false,
    on: { 'replacement-diagnosed': 'start', 'parts-delivered': 'met' },
    pausesAwaitingCustomer: false,
    recurs: false,
    whenAdded: () => null,
    runsPastClose: false,
    warning: 'warning',
  },
  'next-reply': {
    startsAtOpening: false,
    on: {
      // Each customer message after the first response waits for the desk's answer; a second
      // message before that answer keeps the first one's deadline (and a breached cycle stays one breach).
      'customer-replied': (t) => (t.status === 'new' ? null : 'start-unless-open'),
      'agent-responded': 'met',
      resolved: 'stop',
      closed: 'stop',
    },
    pausesAwaitingCustomer: false,
    recurs: false,
    // A cycle starts with a customer message: one the new priority adds waits for the next.
    whenAdded: () => null,
    runsPastClose: false,
    warning: 'warning',
    patch: 'next-reply-clock',
  },
};

export function clockKind(name: ClockName): ClockKind {
  return clockKinds[name];
}

/** The reaction of a clock of kind `name` to `event`, or null when the event leaves it alone. */
export function reactionTo(name: ClockName, event: ClockEvent, ticket: TicketFacts): ClockReaction | null {
  const rule = clockKinds[name].on[event];
  if (rule === undefined) return null;
  return typeof rule === 'function' ? rule(ticket) : rule;
}
