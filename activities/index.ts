import type { TicketActivities } from '../workflows/ticket/activities.contract';
import { createTicketEventActivities, type TicketEventsDeps } from './ticket-events.activities';

export type ActivityDeps = TicketEventsDeps;

/** Every activity the worker registers, built over its dependencies (no activity makes its own clients). */
export function createActivities(deps: ActivityDeps): Pick<TicketActivities, 'recordTicketEvent'> {
  return {
    ...createTicketEventActivities(deps),
  };
}
