import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { eventually, startMailCatcher, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';
import { agentKey, auditTrails, call, callRetrying, clusterPool, killHard, requireCluster, restarted } from '../helpers/cluster-under-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One of the two workers killed (`kill -9`) mid-load: the tasks it held (sticky workflow tasks,
 * running activities) time out and go to the other one, which finishes every ticket: each breach
 * recorded once at its instant and delivered once, each action applied once.
 */
describe('a worker killed mid-load', () => {
  const cluster = requireCluster();
  const suffix = randomBytes(4).toString('hex');
  const policyId = `cluster-worker-kill-${suffix}`;
  let relay: MailCatcher;
  let pool: Pool;
  let key: string;

  beforeAll(async () => {
    relay = await startMailCatcher({ port: cluster.smtpPort });
    pool = clusterPool(cluster);
    key = await agentKey(cluster, cluster.apis[0].url);
    const policy = e2ePolicy({
      id: policyId,
      name: 'Cluster: worker kill',
      targets: { P1: { acknowledge: seconds(10) }, P2: { acknowledge: seconds(90) } },
      desk: [`desk-${suffix}@support.test`],
    });
    expect((await call(cluster.apis[0].url, 'POST', '/policies', { key: cluster.bootstrapKey, body: policy })).status).toBe(201);
  });

  afterAll(async () => {
    await pool?.end();
    await relay?.down();
  });

  it('the other worker finishes every ticket', async () => {
    const tickets: { ticketId: string; dueAt: string }[] = [];
    for (let index = 0; index < 16; index += 1) {
      const { answer } = await callRetrying(cluster.apis[index % 2].url, 'POST', '/tickets', {
        key,
        idempotencyKey: `open-${suffix}-${index}`,
        // Even ones are answered (P2: their deadline is far enough that a task stuck on the killed worker's sticky queue cannot reach it), odd ones breach.
        body: {
          policy: policyId,
          plan: 'standard',
          priority: index % 2 === 0 ? 'P2' : 'P1',
          organisation: `org-${suffix}`,
          subject: `Load ${index}`,
        },
      });
      expect(answer.status).toBe(201);
      tickets.push({ ticketId: answer.body.ticketId, dueAt: answer.body.clocks[0].dueAt });
    }
    // Half are answered (some before the kill, some after).
    const answered = tickets.filter((_, index) => index % 2 === 0);
    const breaching = tickets.filter((_, index) => index % 2 === 1);
    const acknowledge = (ticketId: string, index: number) =>
      callRetrying(cluster.apis[index % 2].url, 'POST', `/tickets/${ticketId}/responses`, {
        key,
        idempotencyKey: `ack-${ticketId}`,
        body: { kind: 'acknowledgement', body: 'On it.' },
      });
    const before = await Promise.all(answered.slice(0, 4).map(({ ticketId }, index) => acknowledge(ticketId, index)));
    const oldPid = killHard(cluster, 'worker-1');
    const after = await Promise.all(answered.slice(4).map(({ ticketId }, index) => acknowledge(ticketId, index)));
    for (const { answer } of [...before, ...after]) expect(answer.status).toBe(200);
    await restarted(cluster, 'worker-1', oldPid);

    const breachIds = breaching.map((ticket) => ticket.ticketId);
    const rows = await eventually(
      async () =>
        (
          await pool.query<{ ticket_id: string; at: Date }>(
            `SELECT ticket_id, at FROM ticket_events WHERE ticket_id = ANY($1) AND type = 'acknowledge.breached'`,
            [breachIds],
          )
        ).rows,
      (found) => found.length >= breachIds.length,
      { timeoutMs: 90_000 },
    );
    expect(rows.map((row) => row.ticket_id).sort()).toEqual([...breachIds].sort());
    for (const { ticketId, dueAt } of breaching) expect(rows.find((row) => row.ticket_id === ticketId)!.at.toISOString()).toBe(dueAt);

    const mails = await eventually(
      async () => relay.messages.filter((mail) => breachIds.includes(mail.header('X-Slaflow-Ticket-Id') ?? '')),
      (found) => found.length >= breachIds.length,
      { timeoutMs: 90_000 },
    );
    await sleep(1_000);
    expect(mails.map((mail) => mail.header('X-Slaflow-Ticket-Id')).sort()).toEqual([...breachIds].sort());

    // The audit writes are activities of their own: wait for both events of every ticket.
    const trails = await eventually(
      () =>
        auditTrails(
          pool,
          tickets.map((ticket) => ticket.ticketId),
        ),
      (found) => [...found.values()].every((trail) => trail.length >= 2),
      { timeoutMs: 90_000 },
    );
    for (const { ticketId } of answered) expect(trails.get(ticketId)!.map((event) => event.type)).toEqual(['opened', 'acknowledged']);
    for (const { ticketId } of breaching) expect(trails.get(ticketId)!.map((event) => event.type)).toEqual(['opened', 'acknowledge.breached']);
    for (const trail of trails.values()) expect(trail.map((event) => event.sequence)).toEqual(trail.map((_, index) => index + 1));
  }, 240_000);
});
