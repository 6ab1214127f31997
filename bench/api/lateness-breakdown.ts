import type { Client } from '@temporalio/client';
import { tsToMs } from '@temporalio/common/lib/time';
import type { temporal } from '@temporalio/proto';
import { ticketWorkflowId } from '../../workflows/ticket/contract';
import { summarize } from './latency-stats';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** The legs of one breach's trip from its deadline to the desk's webhook, ms; they add up to its lateness. */
export interface LatenessLegs {
  /** The timer's fire instant minus the deadline: a timer's duration counts from its workflow task's start, the server starts it at that task's end. */
  aim: number;
  /** The server firing the timer, after the instant it was set for. */
  fire: number;
  /** The timer's workflow task waiting for a worker, then running until it scheduled the notification. */
  taskWait: number;
  taskRun: number;
  /** The notify activity waiting for a worker slot (nearly nothing when it is dispatched eagerly; none when sent inside the task). */
  activityWait: number;
  /** From the activity's start to the webhook's arrival: the delivery log and the POST (inside `taskRun` when sent inside the task). */
  delivery: number;
}

export const latenessLegNames: ReadonlyArray<keyof LatenessLegs> = ['aim', 'fire', 'taskWait', 'taskRun', 'activityWait', 'delivery'];

/** Each leg in words, for the reports' tables. */
export const latenessLegDescriptions: Record<keyof LatenessLegs, string> = {
  aim: 'timer set late (its duration runs from its task start)',
  fire: 'server fires the timer',
  taskWait: 'breach workflow task waits for the worker',
  taskRun: 'breach workflow task runs (to the arrival, when it sends the notification itself)',
  activityWait: 'notify activity waits for a slot',
  delivery: 'delivery log and webhook POST (notify activity)',
};

/** `eager`: notify activities dispatched eagerly; `inTask`: notifications sent inside the breach's own workflow task (a local activity). */
export type LegSummary = Record<keyof LatenessLegs, { p50: number; p99: number }> & { eager: number; inTask: number; count: number };

/** The activity type a local activity's marker recorded, whether it failed, and its result. */
function localActivityOf(event: HistoryEvent): { type: string; failed: boolean; result: unknown } | undefined {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== 'core_local_activity') return undefined;
  const data = marker.details?.data?.payloads?.[0]?.data;
  if (!data) return undefined;
  const { activity_type: type } = JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string };
  const result = marker.details?.result?.payloads?.[0]?.data;
  return type
    ? { type, failed: marker.failure != null, result: result?.length ? JSON.parse(Buffer.from(result).toString('utf8')) : undefined }
    : undefined;
}

/** A notification sent inside a workflow task: `notify`'s local activity, or `recordClockEffects` that delivered one. */
function sentInTask(event: HistoryEvent): boolean {
  const local = localActivityOf(event);
  if (local?.type === 'notify') return true;
  return local?.type === 'recordClockEffects' && ((local.result as { delivered?: number } | undefined)?.delivered ?? 0) > 0;
}

const eventMs = (event: HistoryEvent): number => tsToMs(event.eventTime);

/**
 * Reads where a breach notification's lateness went from the ticket's history: the first `notify`
 * activity, local or not, or the first `recordClockEffects` local activity that delivered (the
 * lateness policy has no warnings, so that is the breach), the workflow task that
 * scheduled it, and the timer whose firing woke that task. Undefined when the history does not
 * have that shape (the deadline was caught by a task some other event woke).
 */
export function legsFromHistory(
  events: readonly HistoryEvent[],
  dueAt: number,
  receivedAt: number,
): (LatenessLegs & { eager: boolean; inTask: boolean }) | undefined {
  const byId = new Map(events.map((event) => [Number(event.eventId), event]));
  const scheduled = events.find((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === 'notify' || sentInTask(event));
  if (!scheduled) return undefined;
  const local = localActivityOf(scheduled);
  if (local) {
    // Sent inside the workflow task the timer woke (a local activity): the marker is recorded with that task's completion.
    if (local.failed) return undefined;
    const completed = byId.get(Number(scheduled.markerRecordedEventAttributes!.workflowTaskCompletedEventId));
    const taskStarted = byId.get(Number(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
    const taskScheduled = byId.get(Number(completed?.workflowTaskCompletedEventAttributes?.scheduledEventId));
    if (!completed || !taskStarted || !taskScheduled) return undefined;
    const fired = events.filter((event) => event.timerFiredEventAttributes && Number(event.eventId) < Number(taskScheduled.eventId)).at(-1);
    const timerStarted = byId.get(Number(fired?.timerFiredEventAttributes?.startedEventId));
    if (!fired || !timerStarted) return undefined;
    const fireAt = eventMs(timerStarted) + tsToMs(timerStarted.timerStartedEventAttributes!.startToFireTimeout);
    return {
      aim: fireAt - dueAt,
      fire: eventMs(fired) - fireAt,
      taskWait: eventMs(taskStarted) - eventMs(fired),
      taskRun: receivedAt - eventMs(taskStarted),
      activityWait: 0,
      delivery: 0,
      eager: false,
      inTask: true,
    };
  }
  const started = events.find((event) => Number(event.activityTaskStartedEventAttributes?.scheduledEventId) === Number(scheduled.eventId));
  const completed = byId.get(Number(scheduled.activityTaskScheduledEventAttributes!.workflowTaskCompletedEventId));
  const taskStarted = byId.get(Number(completed?.workflowTaskCompletedEventAttributes?.startedEventId));
  const taskScheduled = byId.get(Number(completed?.workflowTaskCompletedEventAttributes?.scheduledEventId));
  if (!started || !completed || !taskStarted || !taskScheduled) return undefined;
  const fired = events.filter((event) => event.timerFiredEventAttributes && Number(event.eventId) < Number(taskScheduled.eventId)).at(-1);
  const timerStarted = byId.get(Number(fired?.timerFiredEventAttributes?.startedEventId));
  if (!fired || !timerStarted) return undefined;
  const fireAt = eventMs(timerStarted) + tsToMs(timerStarted.timerStartedEventAttributes!.startToFireTimeout);
  return {
    aim: fireAt - dueAt,
    fire: eventMs(fired) - fireAt,
    taskWait: eventMs(taskStarted) - eventMs(fired),
    taskRun: eventMs(completed) - eventMs(taskStarted),
    activityWait: eventMs(started) - eventMs(scheduled),
    delivery: receivedAt - eventMs(started),
    // An eagerly dispatched activity is started in the same server call that scheduled it.
    eager: eventMs(started) - eventMs(completed) < 5,
    inTask: false,
  };
}

/** The p50 and p99 of each leg over the tickets whose history shows the usual shape. */
export async function latenessBreakdown(
  temporal: Client,
  tickets: ReadonlyArray<{ ticketId: string; dueAt: number; receivedAt: number }>,
): Promise<LegSummary> {
  const legs: Array<LatenessLegs & { eager: boolean; inTask: boolean }> = [];
  for (const { ticketId, dueAt, receivedAt } of tickets) {
    const history = await temporal.workflow.getHandle(ticketWorkflowId(ticketId)).fetchHistory();
    const found = legsFromHistory(history.events ?? [], dueAt, receivedAt);
    if (found) legs.push(found);
  }
  const summary = Object.fromEntries(
    latenessLegNames.map((name) => {
      const { p50, p99 } = summarize(legs.map((leg) => leg[name]));
      return [name, { p50, p99 }];
    }),
  ) as Record<keyof LatenessLegs, { p50: number; p99: number }>;
  return { ...summary, eager: legs.filter((leg) => leg.eager).length, inTask: legs.filter((leg) => leg.inTask).length, count: legs.length };
}
