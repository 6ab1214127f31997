import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { eventually, startMailCatcher, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';
import { agentKey, auditTrails, call, callRetrying, clusterPool, killHard, requireCluster, restarted } from '../helpers/cluster-under-test';

/**
 * PostgreSQL (Temporal's databases and slaflow's, one server) killed and restarted under load:
 * Temporal's nodes, the workers and the APIs recover by themselves; opens and actions sent
 * meanwhile are answered 503 and applied once when sent again; every ticket's audit trail has
 * contiguous sequences and no duplicates.
 */
describe('PostgreSQL restarted under load', () => {
  const cluster = requireCluster();
  const suffix = randomBytes(4).toString('hex');
  const policyId = `cluster-pg-restart-${suffix}`;
  let relay: MailCatcher;
  let pool: Pool;
  let key: string;

  beforeAll(async () => {
    relay = await startMailCatcher({ port: cluster.smtpPort });
    pool = clusterPool(cluster);
    key = await agentKey(cluster, cluster.apis[0].url);
    const policy = e2ePolicy({
      id: policyId,
      name: 'Cluster: PostgreSQL restart',
      targets: { P1: { acknowledge: seconds(15) }, P2: { acknowledge: seconds(300) } },
      desk: [`desk-${suffix}@support.test`],
    });
    expect((await call(cluster.apis[0].url, 'POST', '/policies', { key: cluster.bootstrapKey, body: policy })).status).toBe(201);
  });

  afterAll(async () => {
    await pool?.end();
    await relay?.down();
  });

  it('recovers by itself, loses nothing and writes nothing twice', async () => {
    const open = (index: number) =>
      callRetrying(cluster.apis[index % 2].url, 'POST', '/tickets', {
        key,
        idempotencyKey: `open-${suffix}-${index}`,
        // The first three are acknowledged during the outage: P2, so their deadline cannot fall before the acknowledgement lands.
        body: {
          policy: policyId,
          plan: 'standard',
          priority: index < 3 ? 'P2' : 'P1',
          organisation: `org-${suffix}`,
          subject: `Under load ${index}`,
        },
        timeoutMs: 120_000,
      });
    const first = await Promise.all([0, 1, 2, 3, 4, 5].map(open));
    const oldPid = killHard(cluster, 'postgres');
    // Sent while PostgreSQL is down and coming back: opens and acknowledgements, retried on 503.
    const [during, acks] = await Promise.all([
      Promise.all([6, 7, 8, 9, 10, 11].map(open)),
      Promise.all(
        first.slice(0, 3).map(({ answer }, index) =>
          callRetrying(cluster.apis[index % 2].url, 'POST', `/tickets/${answer.body.ticketId}/responses`, {
            key,
            idempotencyKey: `ack-${answer.body.ticketId}`,
            body: { kind: 'acknowledgement', body: 'On it.' },
            timeoutMs: 120_000,
          }),
        ),
      ),
    ]);
    await restarted(cluster, 'postgres', oldPid);
    for (const { answer, statuses } of [...first, ...during]) {
      expect(answer.status).toBe(201);
      expect(statuses.slice(0, -1).every((status) => status === 503 || status === 0)).toBe(true);
    }
    for (const { answer, statuses } of acks) {
      expect(answer.status).toBe(200);
      expect(statuses.slice(0, -1).every((status) => status === 503 || status === 0)).toBe(true);
    }

    const tickets = [...first, ...during].map(({ answer }) => answer.body.ticketId as string);
    expect(new Set(tickets).size).toBe(12);
    const acknowledged = new Set(acks.map(({ answer }) => answer.body.ticketId as string));
    // Every ticket ends opened and then acknowledged or breached, each once.
    const trails = await eventually(
      () => auditTrails(pool, tickets),
      (found) => [...found.values()].every((trail) => trail.length >= 2),
      { timeoutMs: 120_000 },
    );
    for (const [ticketId, trail] of trails) {
      expect(trail.map((event) => event.sequence)).toEqual(trail.map((_, index) => index + 1));
      expect(trail.map((event) => event.type)).toEqual(['opened', acknowledged.has(ticketId) ? 'acknowledged' : 'acknowledge.breached']);
    }
    // Health says both dependencies are up again on both APIs.
    for (const api of cluster.apis) {
      const health = await eventually(
        () => call(api.url, 'GET', '/health', { key }),
        (answer) => answer.status === 200,
        { timeoutMs: 60_000 },
      );
      expect(health.body.info).toMatchObject({ postgres: { status: 'up' }, temporal: { status: 'up' } });
    }
  }, 300_000);
});
