import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/**
 * Typed search attributes of a ticket workflow: what operations staff filter on in the Temporal
 * Web UI (e.g. `SlaBreached = true AND TicketStatus = "in-progress"`). Registered on the dev server
 * at start and on an existing cluster by the launcher.
 */
export const TicketStatusKey = defineSearchAttributeKey('TicketStatus', SearchAttributeType.KEYWORD);
export const TicketPriorityKey = defineSearchAttributeKey('TicketPriority', SearchAttributeType.KEYWORD);
export const TicketPolicyKey = defineSearchAttributeKey('TicketPolicy', SearchAttributeType.KEYWORD);
export const TicketPlanKey = defineSearchAttributeKey('TicketPlan', SearchAttributeType.KEYWORD);
export const OrganisationKey = defineSearchAttributeKey('Organisation', SearchAttributeType.KEYWORD);
export const SlaBreachedKey = defineSearchAttributeKey('SlaBreached', SearchAttributeType.BOOL);
export const NextDeadlineKey = defineSearchAttributeKey('NextDeadline', SearchAttributeType.DATETIME);
export const NotificationFailuresKey = defineSearchAttributeKey('NotificationFailures', SearchAttributeType.INT);
/** Set while the ticket waits on the customer: "waiting on customer for more than 3 days". */
export const AwaitingCustomerSinceKey = defineSearchAttributeKey('AwaitingCustomerSince', SearchAttributeType.DATETIME);

export const ticketSearchAttributes = [
  TicketStatusKey,
  TicketPriorityKey,
  TicketPolicyKey,
  TicketPlanKey,
  OrganisationKey,
  SlaBreachedKey,
  NextDeadlineKey,
  NotificationFailuresKey,
  AwaitingCustomerSinceKey,
] as const;
