import { sleep } from '@temporalio/workflow';
import type { OpenTicketInput, TicketState } from '../../../workflows/ticket/contract';
import { ticketWorkflow as currentTicketWorkflow } from '../../../workflows/ticket/ticket.workflow';

/**
 * The ticket workflow with one unguarded change, the kind `patched()` exists for: a timer before
 * anything else. Replaying a recorded history against this bundle must fail with a determinism
 * error; if it did not, the replay test would prove nothing.
 */
export async function ticketWorkflow(input: OpenTicketInput): Promise<TicketState> {
  await sleep('1 second');
  return currentTicketWorkflow(input);
}
