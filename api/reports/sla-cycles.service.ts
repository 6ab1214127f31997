import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { decodeCursor, page } from '../common/cursor';
import type { SlaCycleDto, SlaCyclesPageDto, SlaCyclesQueryDto } from './dto/sla-cycles.dto';
import { cycleFilter } from './report-filters';

interface CycleRow {
  ticket_id: string;
  subject: string | null;
  organisation: string;
  policy: string;
  plan: string;
  priority: string;
  clock: string;
  cycle: number;
  commitment: string;
  outcome: SlaCycleDto['outcome'];
  started_at: Date | null;
  due_at: Date | null;
  stopped_at: Date | null;
  breached_at: Date | null;
  late_business_ms: string | null;
  report_at: Date;
}

const iso = (value: Date | null) => value?.toISOString() ?? null;

/** The cycles behind a report's cell, newest first, a keyset page at a time. */
@Injectable()
export class SlaCyclesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: SlaCyclesQueryDto): Promise<SlaCyclesPageDto> {
    const limit = query.limit ?? 50;
    const filter = cycleFilter(query);
    const params = [...filter.params];
    const clauses = [filter.where];
    if (query.outcome) {
      params.push(query.outcome);
      clauses.push(`c.outcome = $${params.length}`);
    }
    if (query.cursor) {
      const [reportAt, ticketId, clock, cycle] = decodeCursor(query.cursor, ['instant', 'string', 'string', 'number']);
      params.push(reportAt, ticketId, clock, cycle);
      const n = params.length;
      clauses.push(`(c.report_at, c.ticket_id, c.clock, c.cycle) < ($${n - 3}::timestamptz, $${n - 2}, $${n - 1}, $${n})`);
    }
    params.push(limit + 1);
    const rows: CycleRow[] = await this.dataSource.query(
      `SELECT c.ticket_id, t.subject, c.organisation, c.policy, c.plan, c.priority, c.clock, c.cycle, c.commitment, c.outcome,
              c.started_at, c.due_at, c.stopped_at, c.breached_at, c.late_business_ms, c.report_at
       FROM sla_cycles c LEFT JOIN tickets t ON t.id = c.ticket_id
       WHERE ${clauses.join(' AND ')}
       ORDER BY c.report_at DESC, c.ticket_id DESC, c.clock DESC, c.cycle DESC
       LIMIT $${params.length}`,
      params,
    );
    const { items, nextCursor } = page(rows, limit, (row) => [row.report_at.toISOString(), row.ticket_id, row.clock, row.cycle]);
    return {
      items: items.map((row) => ({
        ticketId: row.ticket_id,
        subject: row.subject,
        organisation: row.organisation,
        policy: row.policy,
        plan: row.plan,
        priority: row.priority,
        clock: row.clock,
        cycle: row.cycle,
        commitment: row.commitment,
        outcome: row.outcome,
        startedAt: iso(row.started_at),
        dueAt: iso(row.due_at),
        stoppedAt: iso(row.stopped_at),
        breachedAt: iso(row.breached_at),
        lateBusinessMs: row.late_business_ms === null ? null : Number(row.late_business_ms),
      })),
      nextCursor,
    };
  }
}
