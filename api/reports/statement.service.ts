import { ForbiddenException, Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { DataSource } from 'typeorm';
import type { PolicyDocument } from '../../workflows/policy';
import type { Principal } from '../auth/principal';
import type { StatementDto, StatementLineDto, StatementQueryDto } from './dto/statement.dto';
import { parseZone, reportInstant } from './report-filters';

interface LineRow {
  commitment: string;
  plan: string;
  priority: string;
  clock: string;
  total: number;
  met: number;
  breached: number;
  running: number;
}

/**
 * What an account manager owes a customer each month: every committed clock of the month, met or
 * breached, per plan, priority and clock; every breach; the incidents used against the quota;
 * best-effort cycles apart. From the SLA records and the quota ledger only.
 */
@Injectable()
export class StatementService {
  constructor(private readonly dataSource: DataSource) {}

  async statement(organisation: string, query: StatementQueryDto, principal: Principal): Promise<StatementDto> {
    if (principal.role === 'customer' && principal.organisation !== organisation) {
      throw new ForbiddenException(`this key belongs to organisation ${principal.organisation}; the statement is not theirs`);
    }
    const policy = await this.latestPolicy(organisation);
    const zone = query.zone !== undefined ? parseZone(query.zone) : defaultZone(policy);
    const start = DateTime.fromFormat(query.month, 'yyyy-MM', { zone });
    const from = reportInstant(start, 'month', query.month);
    const to = reportInstant(start.plus({ months: 1 }), 'month', query.month);
    const window = [organisation, from, to];
    const lines: LineRow[] = await this.dataSource.query(
      `SELECT c.commitment, c.plan, c.priority, c.clock, count(*)::int AS total,
              count(*) FILTER (WHERE c.outcome = 'met')::int AS met,
              count(*) FILTER (WHERE c.outcome = 'breached')::int AS breached,
              count(*) FILTER (WHERE c.outcome IN ('running', 'paused'))::int AS running
       FROM sla_cycles c
       WHERE c.organisation = $1 AND c.report_at >= $2 AND c.report_at < $3
       GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
      window,
    );
    const breaches: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.ticket_id, t.subject, c.plan, c.priority, c.clock, c.cycle, c.due_at, c.stopped_at, c.late_business_ms
       FROM sla_cycles c LEFT JOIN tickets t ON t.id = c.ticket_id
       WHERE c.organisation = $1 AND c.report_at >= $2 AND c.report_at < $3 AND c.commitment = 'committed' AND c.outcome = 'breached'
       ORDER BY c.report_at, c.ticket_id, c.clock, c.cycle`,
      window,
    );
    // The ledger's month is already in each policy's quota zone.
    const [claims] = (await this.dataSource.query(
      `SELECT count(*)::int AS used, count(*) FILTER (WHERE over_quota)::int AS over, max(plan) AS plan, max(policy) AS policy
       FROM incident_claims WHERE organisation = $1 AND month = $2`,
      [organisation, query.month],
    )) as Array<{ used: number; over: number; plan: string | null; policy: string | null }>;
    const quotaPolicy = claims.policy === policy?.id ? policy : claims.policy ? await this.latestDocument(claims.policy) : null;
    const line = (row: LineRow): StatementLineDto => ({
      plan: row.plan,
      priority: row.priority,
      clock: row.clock,
      total: row.total,
      met: row.met,
      breached: row.breached,
      running: row.running,
      attainment: row.met + row.breached === 0 ? null : row.met / (row.met + row.breached),
    });
    return {
      organisation,
      month: query.month,
      zone,
      from,
      to,
      committed: lines.filter((row) => row.commitment === 'committed').map(line),
      bestEffort: lines.filter((row) => row.commitment !== 'committed').map(line),
      breaches: breaches.map((row) => ({
        ticketId: row.ticket_id as string,
        subject: row.subject as string | null,
        plan: row.plan as string,
        priority: row.priority as string,
        clock: row.clock as string,
        cycle: row.cycle as number,
        dueAt: (row.due_at as Date | null)?.toISOString() ?? null,
        stoppedAt: (row.stopped_at as Date | null)?.toISOString() ?? null,
        open: row.stopped_at === null,
        lateBusinessMs: row.late_business_ms === null ? null : Number(row.late_business_ms),
      })),
      incidents: {
        used: claims.used,
        quota: claims.plan ? (quotaPolicy?.entitlement?.incidentsPerMonth?.[claims.plan] ?? null) : null,
        overQuota: claims.over,
      },
    };
  }

  /** The policy of the organisation's latest ticket (its newest version), whose zone the month is read in. */
  private async latestPolicy(organisation: string): Promise<PolicyDocument | null> {
    const [ticket] = (await this.dataSource.query(
      'SELECT policy FROM tickets WHERE organisation = $1 AND policy IS NOT NULL ORDER BY opened_at DESC LIMIT 1',
      [organisation],
    )) as Array<{ policy: string }>;
    return ticket ? this.latestDocument(ticket.policy) : null;
  }

  private async latestDocument(id: string): Promise<PolicyDocument | null> {
    const [row] = (await this.dataSource.query('SELECT document FROM policies WHERE id = $1 ORDER BY version DESC LIMIT 1', [id])) as Array<{
      document: PolicyDocument;
    }>;
    return row?.document ?? null;
  }
}

/** The quota's zone when the policy counts incidents, else its first plan calendar's zone; UTC for 24x7 or no policy. */
function defaultZone(policy: PolicyDocument | null): string {
  if (!policy) return 'UTC';
  if (policy.entitlement?.quotaZone) return policy.entitlement.quotaZone;
  for (const plan of policy.plans) {
    const calendar = policy.calendars[plan.calendar];
    if (calendar && calendar.kind === 'working') return calendar.zone;
  }
  return 'UTC';
}
