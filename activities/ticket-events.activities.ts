import type { Pool, PoolClient } from 'pg';
import type { TicketActivities, TicketEvent } from '../workflows/ticket/activities.contract';

export interface TicketEventsDeps {
  pool: Pool;
}

/**
 * The audit trail and the searchable projection, written only here, by the workflow's activities.
 *
 * Idempotent by (ticket, sequence): a retried or replayed activity finds its event already stored
 * and changes nothing, and the projection only moves forward, so an older event arriving late
 * cannot overwrite a newer state.
 */
export function createTicketEventActivities({ pool }: TicketEventsDeps): Pick<TicketActivities, 'recordTicketEvent'> {
  return {
    async recordTicketEvent(event: TicketEvent): Promise<void> {
      const { state } = event;
      const acknowledge = state.clocks.find((clock) => clock.clock === 'acknowledge');
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const inserted = await client.query(
          `INSERT INTO ticket_events (ticket_id, sequence, type, at, state, detail)
           VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (ticket_id, sequence) DO NOTHING`,
          [event.ticketId, event.sequence, event.type, event.at, JSON.stringify(state), event.detail ? JSON.stringify(event.detail) : null],
        );
        if (inserted.rowCount === 1) {
          const running = state.clocks.filter((clock) => clock.status === 'running' && clock.dueAt !== null && clock.commitment === 'committed');
          const nextDeadline = running.map((clock) => clock.dueAt!).sort()[0] ?? null;
          await client.query(
            `INSERT INTO tickets (id, organisation, subject, priority, status, opened_at, acknowledge_due_at,
                                  sla_breached, policy, plan, next_deadline_at, resolve_due_at, breach_count,
                                  escalation_level, state, last_event_sequence, updated_at, fields)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
             ON CONFLICT (id) DO UPDATE SET
               priority = EXCLUDED.priority,
               status = EXCLUDED.status,
               acknowledge_due_at = EXCLUDED.acknowledge_due_at,
               sla_breached = EXCLUDED.sla_breached,
               policy = EXCLUDED.policy,
               plan = EXCLUDED.plan,
               next_deadline_at = EXCLUDED.next_deadline_at,
               resolve_due_at = EXCLUDED.resolve_due_at,
               breach_count = EXCLUDED.breach_count,
               escalation_level = EXCLUDED.escalation_level,
               state = EXCLUDED.state,
               last_event_sequence = EXCLUDED.last_event_sequence,
               updated_at = EXCLUDED.updated_at,
               fields = EXCLUDED.fields
             WHERE tickets.last_event_sequence < EXCLUDED.last_event_sequence`,
            [
              state.ticketId,
              state.organisation,
              state.subject,
              state.priority,
              state.status,
              state.openedAt,
              acknowledge?.dueAt ?? null,
              state.slaBreached,
              state.policy,
              state.plan,
              nextDeadline,
              state.clocks.find((clock) => clock.clock === 'resolve')?.dueAt ?? null,
              state.clocks.reduce((total, clock) => total + clock.breachCount, 0),
              state.escalationLevel,
              JSON.stringify(state),
              event.sequence,
              event.at,
              // A state written by a worker that predates intake fields has none.
              JSON.stringify(state.fields ?? {}),
            ],
          );
          if (event.cycles?.length) await recordCycles(client, event);
        }
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
}

/**
 * The ticket's SLA cycles as of the event (`sla_cycles`), upserted by (ticket, clock, cycle) in the
 * event's transaction. A row only moves forward: it takes a write from a state with a higher
 * sequence than the one it has, so a late or retried event cannot put a cycle back.
 */
async function recordCycles(client: PoolClient, event: TicketEvent): Promise<void> {
  const { state } = event;
  await client.query(
    `INSERT INTO sla_cycles (ticket_id, clock, cycle, policy, policy_version, plan, priority, organisation, assignee, commitment, target,
                             started_at, due_at, stopped_at, outcome, breached_at, business_ms, calendar_ms, paused_ms, late_business_ms,
                             state_sequence, updated_at)
     SELECT $1, c.clock, c.cycle, $2, $3, $4, c.priority, $5, c.assignee, c.commitment, c.target,
            c."startedAt", c."dueAt", c."stoppedAt", c.outcome, c."breachedAt", c."businessMs", c."calendarMs", c."pausedMs", c."lateBusinessMs",
            $6, $7
     FROM jsonb_to_recordset($8::jsonb) AS c(clock text, cycle integer, priority text, assignee text, commitment text, target text,
                                             "startedAt" timestamptz, "dueAt" timestamptz, "stoppedAt" timestamptz, outcome text,
                                             "breachedAt" timestamptz, "businessMs" bigint, "calendarMs" bigint, "pausedMs" bigint,
                                             "lateBusinessMs" bigint)
     ON CONFLICT (ticket_id, clock, cycle) DO UPDATE SET
       policy = EXCLUDED.policy, policy_version = EXCLUDED.policy_version, plan = EXCLUDED.plan, priority = EXCLUDED.priority,
       assignee = EXCLUDED.assignee, commitment = EXCLUDED.commitment, target = EXCLUDED.target, started_at = EXCLUDED.started_at,
       due_at = EXCLUDED.due_at, stopped_at = EXCLUDED.stopped_at, outcome = EXCLUDED.outcome, breached_at = EXCLUDED.breached_at,
       business_ms = EXCLUDED.business_ms, calendar_ms = EXCLUDED.calendar_ms, paused_ms = EXCLUDED.paused_ms,
       late_business_ms = EXCLUDED.late_business_ms, state_sequence = EXCLUDED.state_sequence, updated_at = EXCLUDED.updated_at
     WHERE sla_cycles.state_sequence < EXCLUDED.state_sequence`,
    [state.ticketId, state.policy, state.policyVersion, state.plan, state.organisation, state.sequence, event.at, JSON.stringify(event.cycles)],
  );
}
