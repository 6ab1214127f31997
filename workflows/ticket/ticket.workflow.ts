import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { TicketActivities } from './activities.contract';
import {
  respondUpdate,
  resolveUpdate,
  stateConflictFailureType,
  stateQuery,
  type ClockState,
  type OpenTicketInput,
  type ResolveInput,
  type TicketState,
  type TicketStatus,
} from './contract';
import { SlaBreachedKey, TicketStatusKey } from './search-attributes';

const { recordTicketEvent } = proxyActivities<TicketActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

function refuse(action: string, status: TicketStatus): never {
  throw ApplicationFailure.create({
    type: stateConflictFailureType,
    message: `cannot ${action}: the ticket is ${status}`,
    details: [{ status }],
    nonRetryable: true,
  });
}

/**
 * One support ticket, from opening to resolution.
 *
 * The acknowledge clock is kept as data and waited on with a single `condition` whose timeout is
 * the time left until the deadline: an acknowledgement wakes the workflow at once, and otherwise it
 * wakes exactly at the deadline to record the breach.
 */
export async function ticketWorkflow(input: OpenTicketInput): Promise<TicketState> {
  const acknowledge: ClockState = {
    clock: 'acknowledge',
    target: `${input.acknowledgeWithinMinutes} calendar minutes`,
    dueAt: new Date(Date.parse(input.openedAt) + input.acknowledgeWithinMinutes * 60_000).toISOString(),
    status: 'running',
  };
  const state: TicketState = {
    ticketId: input.ticketId,
    organisation: input.organisation,
    subject: input.subject,
    priority: input.priority,
    status: 'new',
    openedAt: input.openedAt,
    clocks: [acknowledge],
  };

  let sequence = 0;
  const record = async (type: string): Promise<void> => {
    sequence += 1;
    await recordTicketEvent({ ticketId: input.ticketId, sequence, type, at: new Date().toISOString(), state });
  };
  const setStatus = (status: TicketStatus): void => {
    state.status = status;
    upsertSearchAttributes([{ key: TicketStatusKey, value: status }]);
  };

  setHandler(stateQuery, () => state);
  setHandler(
    respondUpdate,
    () => {
      // The first agent response stops the acknowledge clock, met or already breached.
      if (state.status === 'new') {
        if (acknowledge.status === 'running') acknowledge.status = 'met';
        acknowledge.stoppedAt = new Date().toISOString();
        setStatus('in-progress');
      }
      return state;
    },
    {
      validator: ({ kind }) => {
        if (kind === 'acknowledgement' && state.status !== 'new') refuse('acknowledge', state.status);
        if (kind === 'update' && state.status !== 'in-progress') refuse('send a progress update', state.status);
      },
    },
  );
  setHandler(
    resolveUpdate,
    ({ code, summary }) => {
      state.resolution = { code, summary, at: new Date().toISOString() };
      setStatus('resolved');
      return state;
    },
    {
      validator: (_resolution: ResolveInput) => {
        if (state.status !== 'in-progress') refuse('resolve', state.status);
      },
    },
  );

  upsertSearchAttributes([{ key: TicketStatusKey, value: state.status }]);
  await record('opened');

  const untilDue = Math.max(0, Date.parse(acknowledge.dueAt) - Date.now());
  if (!(await condition(() => state.status !== 'new', untilDue))) {
    acknowledge.status = 'breached';
    // The SLA was breached at the deadline; the timer fires a few milliseconds after it (timers
    // count from when the server records them), which must not move the recorded instant.
    acknowledge.breachedAt = acknowledge.dueAt;
    upsertSearchAttributes([{ key: SlaBreachedKey, value: true }]);
    await record('acknowledge.breached');
    await condition(() => state.status !== 'new');
  }
  await record('acknowledged');

  await condition(() => state.status === 'resolved');
  await record('resolved');
  // Let an update that is still running return its answer before the workflow completes.
  await condition(allHandlersFinished);
  return state;
}
