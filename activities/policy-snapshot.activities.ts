import { resolvePolicySnapshot } from '../policies/resolve-snapshot';
import type { TicketActivities } from '../workflows/ticket/activities.contract';

/**
 * Holiday rules are resolved outside workflow code. A ticket that lives long enough to continue
 * as new gets its calendars again for a horizon starting now, from the same document (the ticket
 * keeps the policy version it started with).
 */
export function createPolicySnapshotActivities(): Pick<TicketActivities, 'refreshPolicySnapshot'> {
  return {
    async refreshPolicySnapshot({ snapshot, at }) {
      return resolvePolicySnapshot(snapshot.document, { at });
    },
  };
}
