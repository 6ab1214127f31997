import type { Pool } from 'pg';
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
      const running = state.clocks.filter((clock) => clock.status === 'running' && clock.dueAt !== null && clock.commitment === 'committed');
      const nextDeadline = running.map((clock) => clock.dueAt!).sort()[0] ?? null;
      // One statement, so one round trip and its own transaction: a deadline storm is a queue of these.
      await pool.query(recordEventStatement, [
        event.ticketId,
        event.sequence,
        event.type,
        event.at,
        JSON.stringify(state),
        event.detail ? JSON.stringify(event.detail) : null,
        state.ticketId,
        state.organisation,
        state.subject,
        state.priority,
        state.status,
        state.openedAt,
        state.clocks.find((clock) => clock.clock === 'acknowledge')?.dueAt ?? null,
        state.slaBreached,
        state.policy,
        state.plan,
        nextDeadline,
        state.clocks.find((clock) => clock.clock === 'resolve')?.dueAt ?? null,
        state.clocks.reduce((total, clock) => total + clock.breachCount, 0),
        state.escalationLevel,
        // A state written by a worker that predates intake fields has none.
        JSON.stringify(state.fields ?? {}),
        state.policyVersion,
        state.sequence,
        event.cycles?.length ? JSON.stringify(event.cycles) : '[]',
      ]);
    },
  };
}

/**
 * The event, then (only when the event was new) the projection and the ticket's SLA cycles
 * (`sla_cycles`, by ticket, clock and cycle). The projection and each cycle only move forward: they
 * take a write from a state with a higher sequence than the one they have, so a late or retried
 * event cannot put them back.
 */
const recordEventStatement = `
  WITH event AS (
    INSERT INTO ticket_events (ticket_id, sequence, type, at, state, detail)
    VALUES ($1, $2, $3, $4, $5, $6)
    ON CONFLICT (ticket_id, sequence) DO NOTHING
    RETURNING sequence
  ), projection AS (
    INSERT INTO tickets (id, organisation, subject, priority, status, opened_at, acknowledge_due_at,
                         sla_breached, policy, plan, next_deadline_at, resolve_due_at, breach_count,
                         escalation_level, state, last_event_sequence, updated_at, fields)
    SELECT $7::text, $8::text, $9::text, $10::text, $11::text, $12::timestamptz, $13::timestamptz,
           $14::boolean, $15::text, $16::text, $17::timestamptz, $18::timestamptz, $19::integer,
           $20::integer, $5::jsonb, event.sequence, $4::timestamptz, $21::jsonb
    FROM event
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
    WHERE tickets.last_event_sequence < EXCLUDED.last_event_sequence
  ), cycles AS (
    INSERT INTO sla_cycles (ticket_id, clock, cycle, policy, policy_version, plan, priority, organisation, assignee, commitment, target,
                            started_at, due_at, stopped_at, outcome, breached_at, business_ms, calendar_ms, paused_ms, late_business_ms,
                            state_sequence, updated_at)
    SELECT $7::text, c.clock, c.cycle, $15::text, $22::integer, $16::text, c.priority, $8::text, c.assignee, c.commitment, c.target,
           c."startedAt", c."dueAt", c."stoppedAt", c.outcome, c."breachedAt", c."businessMs", c."calendarMs", c."pausedMs", c."lateBusinessMs",
           $23::integer, $4::timestamptz
    FROM event, jsonb_to_recordset($24::jsonb) AS c(clock text, cycle integer, priority text, assignee text, commitment text, target text,
                                                    "startedAt" timestamptz, "dueAt" timestamptz, "stoppedAt" timestamptz, outcome text,
                                                    "breachedAt" timestamptz, "businessMs" bigint, "calendarMs" bigint, "pausedMs" bigint,
                                                    "lateBusinessMs" bigint)
    ON CONFLICT (ticket_id, clock, cycle) DO UPDATE SET
      policy = EXCLUDED.policy, policy_version = EXCLUDED.policy_version, plan = EXCLUDED.plan, priority = EXCLUDED.priority,
      assignee = EXCLUDED.assignee, commitment = EXCLUDED.commitment, target = EXCLUDED.target, started_at = EXCLUDED.started_at,
      due_at = EXCLUDED.due_at, stopped_at = EXCLUDED.stopped_at, outcome = EXCLUDED.outcome, breached_at = EXCLUDED.breached_at,
      business_ms = EXCLUDED.business_ms, calendar_ms = EXCLUDED.calendar_ms, paused_ms = EXCLUDED.paused_ms,
      late_business_ms = EXCLUDED.late_business_ms, state_sequence = EXCLUDED.state_sequence, updated_at = EXCLUDED.updated_at
    WHERE sla_cycles.state_sequence < EXCLUDED.state_sequence
  )
  SELECT count(*) FROM event`;
