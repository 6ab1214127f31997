import type { TicketActivities } from '../workflows/ticket/activities.contract';
import { createClockEffectsActivities } from './clock-effects.activities';
import { createNotifyActivities, type NotifyDeps } from './notify';
import { createPolicySnapshotActivities } from './policy-snapshot.activities';
import { createTicketEventActivities, type TicketEventsDeps } from './ticket-events.activities';

/**
 * What the activities stand on, made once by the worker. The notification channels are optional:
 * without them notifications fail with a message naming the missing setting (and park), rather
 * than the worker refusing to start for a desk that sends none.
 */
export type ActivityDeps = TicketEventsDeps & NotifyDeps;

/** Every activity the worker registers, built over its dependencies (no activity makes its own clients). */
export function createActivities(deps: ActivityDeps): TicketActivities {
  const events = createTicketEventActivities(deps);
  const notify = createNotifyActivities(deps);
  return {
    ...events,
    ...notify,
    ...createClockEffectsActivities({ ...events, ...notify }),
    ...createPolicySnapshotActivities(),
  };
}
