import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { ticketWorkflowId } from '../../workflows/ticket/contract';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** What one breach cost Temporal, read from its ticket's history after the deadline's timer fired. */
export interface BreachWork {
  /** Workflow tasks the worker ran (WorkflowTaskStarted), the timer's own task included. */
  workflowTasks: number;
  /** Workflow tasks that waited longer than the sticky queue's schedule-to-start timeout and went back to the normal queue. */
  stickyTimeouts: number;
  /** Activities scheduled (audit writes and notifications), and local activities recorded (markers). */
  activities: number;
  localActivities: number;
  /** History events from the timer's firing on. */
  events: number;
}

export interface BreachWorkSummary {
  tickets: number;
  /** Means per breach. */
  workflowTasks: number;
  activities: number;
  localActivities: number;
  events: number;
  /** Totals over every ticket. */
  stickyTimeouts: number;
  /** Mean bytes of one ticket's history at the end of the run. */
  historyBytes: number;
}

export function breachWork(events: readonly HistoryEvent[]): BreachWork | undefined {
  const fired = events.findIndex((event) => event.timerFiredEventAttributes);
  if (fired === -1) return undefined;
  const after = events.slice(fired);
  const count = (test: (event: HistoryEvent) => boolean): number => after.filter(test).length;
  return {
    workflowTasks: count((event) => event.workflowTaskStartedEventAttributes != null),
    stickyTimeouts: count(
      (event) => event.workflowTaskTimedOutEventAttributes?.timeoutType === temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
    ),
    activities: count((event) => event.activityTaskScheduledEventAttributes != null),
    localActivities: count((event) => event.markerRecordedEventAttributes?.markerName === 'core_local_activity'),
    events: after.length,
  };
}

/** Reads every ticket's history and sums what its breach cost (a ticket whose timer never fired is left out). */
export async function breachWorkSummary(client: Client, ticketIds: readonly string[]): Promise<BreachWorkSummary> {
  const works: BreachWork[] = [];
  let bytes = 0;
  for (const ticketId of ticketIds) {
    const history = await client.workflow.getHandle(ticketWorkflowId(ticketId)).fetchHistory();
    bytes += temporal.api.history.v1.History.encode(history).finish().length;
    const work = breachWork(history.events ?? []);
    if (work) works.push(work);
  }
  const mean = (pick: (work: BreachWork) => number): number =>
    works.length ? works.reduce((sum, work) => sum + pick(work), 0) / works.length : Number.NaN;
  return {
    tickets: works.length,
    workflowTasks: mean((work) => work.workflowTasks),
    activities: mean((work) => work.activities),
    localActivities: mean((work) => work.localActivities),
    events: mean((work) => work.events),
    stickyTimeouts: works.reduce((sum, work) => sum + work.stickyTimeouts, 0),
    historyBytes: ticketIds.length ? bytes / ticketIds.length : Number.NaN,
  };
}
