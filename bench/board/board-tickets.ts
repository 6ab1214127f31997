import type { Pool } from 'pg';
import { presetDocument } from '../../policies/presets';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import type { OpenTicketInput } from '../../workflows/ticket/contract';
import { TicketMachine } from '../../workflows/ticket/ticket.machine';
import { ticketState } from '../../workflows/ticket/ticket.view';
import { mulberry32 } from '../prng';

const priorities = ['P1', 'P2', 'P3', 'P4'];
const plans = ['basic', 'pro', 'mission-critical'];

/**
 * `count` open tickets written straight into the projection, each with the state the workflow
 * would report (the SLA machine opened at its instant, on the Syneto preset as the API stores it):
 * opened over the last three days, on business-hours (Europe/Rome) and 24x7 plans, so the board
 * holds running, breached and out-of-hours clocks. Opening that many real workflows would take
 * the benchmark's minutes to measure the worker instead of the board.
 */
export async function insertBoardTickets(pool: Pool, count: number, seed = 15): Promise<void> {
  const random = mulberry32(seed);
  const now = Date.now();
  const document = { ...presetDocument('syneto'), version: 1 };
  const snapshot = resolvePolicySnapshot(document, { at: now });
  const batch = 500;
  for (let start = 0; start < count; start += batch) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const openedAt = now - Math.floor(random() * 3 * 86_400_000);
      const input: OpenTicketInput = {
        ticketId: `bench-board-${String(i).padStart(5, '0')}`,
        openedAt: new Date(openedAt).toISOString(),
        organisation: `org-${i % 40}`,
        subject: `Benchmark ticket ${i}`,
        plan: plans[i % plans.length],
        priority: priorities[Math.floor(random() * priorities.length)],
        snapshot,
        customerContacts: [],
      };
      const state = ticketState(TicketMachine.open(input, openedAt), openedAt);
      const p = values.length;
      rows.push(`($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, 'new', $${p + 5}, false, 'syneto', $${p + 6}, 0, 0, $${p + 7}, 1, $${p + 5})`);
      values.push(state.ticketId, state.organisation, state.subject, state.priority, state.openedAt, state.plan, JSON.stringify(state));
    }
    await pool.query(
      `INSERT INTO tickets (id, organisation, subject, priority, status, opened_at, sla_breached, policy, plan, breach_count,
                            escalation_level, state, last_event_sequence, updated_at)
       VALUES ${rows.join(', ')}`,
      values,
    );
  }
}
