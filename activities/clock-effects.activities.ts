import { log } from '@temporalio/activity';
import type { TicketActivities } from '../workflows/ticket/activities.contract';

/**
 * What a deadline raises (a breach's audit event, its notification, the escalation it triggers),
 * written and sent by one local activity inside the workflow task the deadline woke: each local
 * activity costs that task an activation of the workflow and a round through the SDK's core, and
 * a storm of deadlines on one instant is a queue of such tasks (docs/benchmarks.md, "storm").
 * It stands on the same `recordTicketEvent` and `notify` as the activities, so the audit trail's
 * idempotence and the delivery log's at-most-once hold here too.
 */
export function createClockEffectsActivities(
  parts: Pick<TicketActivities, 'recordTicketEvent' | 'notify'>,
): Pick<TicketActivities, 'recordClockEffects'> {
  return {
    async recordClockEffects({ events, notifications }) {
      let recorded = 0;
      for (const event of events) {
        try {
          await parts.recordTicketEvent(event);
        } catch (error) {
          // The workflow writes this one and the rest through recordTicketEvent, which retries.
          log.warn('audit write left to the activity', { ticketId: event.ticketId, sequence: event.sequence, error: String(error) });
          break;
        }
        recorded += 1;
      }
      let delivered = 0;
      for (const notification of notifications) {
        try {
          await parts.notify(notification);
        } catch (error) {
          // In order: the escalation a breach raises is not sent before that breach's notice.
          log.warn('notification left to the activity', { notificationId: notification.notificationId, error: String(error) });
          break;
        }
        delivered += 1;
      }
      return { recorded, delivered };
    },
  };
}
