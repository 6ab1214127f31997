import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Calendar } from '../../workflows/calendar';
import { clockNames, isTimed, type ClockName, type PolicyDocument } from '../../workflows/policy';
import { clockStanding, countedStandings, ticketStanding, type CountedStanding } from '../../workflows/ticket/clock-standing';
import type { ClockState } from '../../workflows/ticket/contract';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import type { Principal } from '../auth/principal';
import { PoliciesService } from '../policies/policies.service';
import type { BoardClockDto, BoardDto, BoardQueryDto, BoardTicketDto, TicketCalendarsDto, TicketCalendarsQueryDto } from './dto/board.dto';

/** The calendar of every clock counted in elapsed time (calendar units). */
export const elapsedCalendarKey = '24x7';
const elapsedCalendar: Calendar = { kind: '24x7' };

interface ProjectionRow {
  id: string;
  organisation: string;
  subject: string;
  policy: string;
  policy_version: number;
  plan: string;
  priority: string;
  status: string;
  opened_at: Date;
  status_since: string;
  assignee: string | null;
  clocks: ClockState[];
}

/** A policy version's calendars, holidays resolved, kept for the local day they were resolved on. */
interface ResolvedCalendars {
  day: number;
  document: PolicyDocument;
  calendars: Record<string, Calendar>;
}

/**
 * The SLA board: open tickets from the projection with each clock's standing, counts per standing,
 * and the calendars their countdowns count on (so the browser counts business time minute to
 * minute without asking again).
 */
@Injectable()
export class BoardService {
  private readonly resolved = new Map<string, ResolvedCalendars>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policies: PoliciesService,
  ) {}

  async board(query: BoardQueryDto, principal: Principal, now = Date.now()): Promise<BoardDto> {
    const rows = await this.openTickets(query, principal);
    const calendars: Record<string, unknown> = {};
    const counts = Object.fromEntries(countedStandings.map((standing) => [standing, 0])) as Record<CountedStanding, number>;
    const tickets: BoardTicketDto[] = [];
    for (const row of rows) {
      const calendarOf = await this.calendarsOf(row, now);
      // What the board shows: clocks with a target that have started (pending and stopped ones say nothing there).
      const shown = row.clocks.filter((clock) => clock.target !== null && clock.status !== 'pending' && clock.status !== 'stopped');
      const clocks = shown.map((clock): BoardClockDto => {
        const key = clock.dueAt === null ? null : calendarOf(clock.clock);
        if (key !== null && !(key in calendars)) calendars[key] = this.calendarByKey(key);
        return {
          clock: clock.clock,
          target: clock.target,
          commitment: clock.commitment,
          status: clock.status,
          standing: clockStanding(clock, now),
          startedAt: clock.startedAt,
          dueAt: clock.dueAt,
          stoppedAt: clock.stoppedAt,
          breachCount: clock.breachCount,
          warnings: clock.warnings.map(({ threshold, at }) => ({ threshold, at })),
          breaches: clock.breaches.map(({ dueAt, at }) => ({ dueAt, at })),
          calendar: key,
        };
      });
      const standing = ticketStanding({ status: row.status, clocks: shown }, now);
      counts[standing] += 1;
      if (query.atRisk && standing !== 'at-risk') continue;
      if (query.breached && standing !== 'breached') continue;
      const due = clocks.filter((c) => c.dueAt !== null && (c.status === 'running' || c.status === 'breached')).map((c) => c.dueAt!);
      tickets.push({
        ticketId: row.id,
        subject: row.subject,
        organisation: row.organisation,
        policy: row.policy,
        policyVersion: row.policy_version,
        plan: row.plan,
        priority: row.priority,
        status: row.status,
        openedAt: row.opened_at.toISOString(),
        statusSince: row.status_since,
        assignee: row.assignee,
        standing,
        nextDueAt: due.sort()[0] ?? null,
        clocks,
      });
    }
    // The earliest deadline first (a breached one is in the past, so it leads); tickets without one last.
    tickets.sort((a, b) => (a.nextDueAt ?? '9999').localeCompare(b.nextDueAt ?? '9999') || a.openedAt.localeCompare(b.openedAt));
    return { now: new Date(now).toISOString(), counts: counts as BoardDto['counts'], tickets, calendars };
  }

  private async openTickets(query: BoardQueryDto, principal: Principal): Promise<ProjectionRow[]> {
    const where = [`status <> 'closed'`, 'state IS NOT NULL'];
    const params: unknown[] = [];
    const equal = (sql: string, value: string | undefined) => {
      if (value === undefined) return;
      params.push(value);
      where.push(`${sql} = $${params.length}`);
    };
    equal('policy', query.policy);
    equal('plan', query.plan);
    equal('priority', query.priority);
    equal('status', query.status);
    equal(`state->>'assignee'`, query.assignee);
    // A customer's key sees its own organisation, whatever the filter says.
    equal('organisation', principal.role === 'customer' ? principal.organisation! : query.organisation);
    return this.dataSource.query(
      `SELECT id, organisation, subject, policy, (state->>'policyVersion')::int AS policy_version, plan, priority, status, opened_at,
              state->>'statusSince' AS status_since, state->>'assignee' AS assignee, state->'clocks' AS clocks
         FROM tickets WHERE ${where.join(' AND ')}`,
      params,
    ) as Promise<ProjectionRow[]>;
  }

  /** Which calendar key each clock of a ticket counts on: the cell's calendar (or the plan's), elapsed time for calendar units. */
  private async calendarsOf(
    row: Pick<ProjectionRow, 'policy' | 'policy_version' | 'plan' | 'priority'>,
    now: number,
  ): Promise<(clock: ClockName) => string> {
    const key = `${row.policy}@${row.policy_version}`;
    const day = Math.floor(now / 86_400_000);
    let resolved = this.resolved.get(key);
    if (!resolved || resolved.day !== day) {
      const document = await this.policies.get(row.policy, row.policy_version);
      resolved = { day, document, calendars: resolvePolicySnapshot(document, { at: now }).calendars };
      this.resolved.set(key, resolved);
    }
    const { document } = resolved;
    const plan = document.plans.find((p) => p.id === row.plan);
    return (clock) => {
      const cell = document.targets[row.plan]?.[row.priority]?.[clock];
      if (isTimed(cell) && cell.unit.startsWith('calendar-')) return elapsedCalendarKey;
      const calendarId = cell?.calendar ?? plan?.calendar;
      return calendarId && resolved.calendars[calendarId] ? `${key}/${calendarId}` : elapsedCalendarKey;
    };
  }

  /** The calendars a ticket's clocks count on (the ticket page's timelines), for its policy version, plan and priority. */
  async ticketCalendars(query: TicketCalendarsQueryDto, now = Date.now()): Promise<TicketCalendarsDto> {
    const document = await this.policies.get(query.policy, query.version);
    const row = { policy: query.policy, policy_version: query.version, plan: query.plan, priority: query.priority };
    const calendarOf = await this.calendarsOf(row, now);
    const clocks: Record<string, string> = {};
    const calendars: Record<string, unknown> = {};
    for (const clock of clockNames) {
      if (!document.targets[query.plan]?.[query.priority]?.[clock]) continue;
      clocks[clock] = calendarOf(clock);
      calendars[clocks[clock]] = this.calendarByKey(clocks[clock]);
    }
    return { clocks, calendars };
  }

  private calendarByKey(key: string): Calendar {
    if (key === elapsedCalendarKey) return elapsedCalendar;
    const slash = key.lastIndexOf('/');
    return this.resolved.get(key.slice(0, slash))!.calendars[key.slice(slash + 1)];
  }
}
