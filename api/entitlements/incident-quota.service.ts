import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';

export interface IncidentClaim {
  ticketId: string;
  organisation: string;
  policy: string;
  plan: string;
  /** The calendar month in the policy's quota zone, 'yyyy-MM'. */
  month: string;
  /** Incidents a month the plan includes. */
  quota: number;
}

/**
 * Counts a ticket against its organisation's monthly incident quota when the API accepts it. One
 * transaction per claim holds an advisory lock on (organisation, policy, month), so tickets opened
 * at the same moment are counted one after another: the quota's last incident goes to exactly one
 * of them. A claim is kept by ticket id, so a retried request (same Idempotency-Key, same ticket
 * id) gets the answer its first attempt got.
 */
@Injectable()
export class IncidentQuotaService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Whether the ticket is over the quota (then it is accepted with best-effort targets). */
  claim(claim: IncidentClaim): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        ['incident-quota', claim.organisation, claim.policy, claim.month].join('\u0001'),
      ]);
      const earlier = (await manager.query('SELECT over_quota FROM incident_claims WHERE ticket_id = $1', [claim.ticketId])) as Array<{
        over_quota: boolean;
      }>;
      if (earlier.length) return earlier[0].over_quota;
      const [{ used }] = (await manager.query(
        'SELECT count(*)::int AS used FROM incident_claims WHERE organisation = $1 AND policy = $2 AND month = $3',
        [claim.organisation, claim.policy, claim.month],
      )) as Array<{ used: number }>;
      const overQuota = used >= claim.quota;
      await manager.query('INSERT INTO incident_claims (ticket_id, organisation, policy, plan, month, over_quota) VALUES ($1, $2, $3, $4, $5, $6)', [
        claim.ticketId,
        claim.organisation,
        claim.policy,
        claim.plan,
        claim.month,
        overQuota,
      ]);
      return overQuota;
    });
  }

  /** Gives a claim back: the ticket it was made for never started. */
  async release(ticketId: string): Promise<void> {
    await this.dataSource.query('DELETE FROM incident_claims WHERE ticket_id = $1', [ticketId]);
  }
}
