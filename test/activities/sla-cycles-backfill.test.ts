import type { PoolClient } from 'pg';
import type { QueryRunner } from 'typeorm';
import { SlaCycles1766000000000 } from '../../api/database/migrations/1766000000000-sla-cycles';
import { ticketState } from '../../workflows/ticket/ticket.view';
import { scratchSchema, type ScratchSchema } from '../helpers/scratch-schema';
import { hour, minute, MONDAY_9, openTicket } from '../workflows/ticket/machine/machine-fixtures';

/**
 * The migration that creates `sla_cycles` fills it for tickets projected before, from the last
 * state each has: run on the suite's PostgreSQL in a schema of its own, over a projection row as
 * the activities wrote it.
 */
describe('sla_cycles backfill from the projection', () => {
  let scratch: ScratchSchema;
  let client: PoolClient;

  beforeAll(async () => {
    scratch = await scratchSchema('backfill');
    client = scratch.client;
  });

  afterAll(() => scratch?.drop());

  it('keeps every clock’s current cycle and the missed update intervals the state lists', async () => {
    // Acknowledged at 09:10; updates every hour missed at 10:10 and 11:10; at 11:30 the third interval runs.
    const m = openTicket();
    m.respond('acknowledgement', MONDAY_9 + 10 * minute);
    m.advance(MONDAY_9 + 2 * hour + 30 * minute);
    const state = ticketState(m, MONDAY_9 + 2 * hour + 30 * minute);
    await client.query(`INSERT INTO tickets (id, organisation, policy, plan, state) VALUES ($1, $2, $3, $4, $5)`, [
      state.ticketId,
      state.organisation,
      state.policy,
      state.plan,
      JSON.stringify(state),
    ]);
    await new SlaCycles1766000000000().up({
      query: (sql: string, params?: unknown[]) => client.query(sql, params).then((r) => r.rows),
    } as QueryRunner);
    const { rows } = await client.query(
      `SELECT clock, cycle, outcome, started_at, due_at, stopped_at, breached_at, calendar_ms, commitment, priority
       FROM sla_cycles ORDER BY clock, cycle`,
    );
    const at = (minutes: number) => new Date(MONDAY_9 + minutes * minute);
    expect(rows).toEqual([
      // Met at 09:10: its deadline is not in the state once met, so it files under its start.
      {
        clock: 'acknowledge',
        cycle: 1,
        outcome: 'met',
        started_at: at(0),
        due_at: null,
        stopped_at: at(10),
        breached_at: null,
        calendar_ms: '600000',
        commitment: 'committed',
        priority: 'P1',
      },
      {
        clock: 'resolve',
        cycle: 1,
        outcome: 'running',
        started_at: at(0),
        due_at: at(480),
        stopped_at: null,
        breached_at: null,
        calendar_ms: null,
        commitment: 'committed',
        priority: 'P1',
      },
      {
        clock: 'update',
        cycle: 1,
        outcome: 'breached',
        started_at: null,
        due_at: at(70),
        stopped_at: null,
        breached_at: at(70),
        calendar_ms: null,
        commitment: 'committed',
        priority: 'P1',
      },
      {
        clock: 'update',
        cycle: 2,
        outcome: 'breached',
        started_at: null,
        due_at: at(130),
        stopped_at: null,
        breached_at: at(130),
        calendar_ms: null,
        commitment: 'committed',
        priority: 'P1',
      },
      {
        clock: 'update',
        cycle: 3,
        outcome: 'running',
        started_at: at(130),
        due_at: at(190),
        stopped_at: null,
        breached_at: null,
        calendar_ms: null,
        commitment: 'committed',
        priority: 'P1',
      },
    ]);
  });
});
