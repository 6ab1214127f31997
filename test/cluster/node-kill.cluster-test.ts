import { randomBytes } from 'node:crypto';
import type { Pool } from 'pg';
import { eventually, startMailCatcher, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';
import {
  agentKey,
  auditTrails,
  call,
  callRetrying,
  clusterPool,
  killHard,
  requireCluster,
  restarted,
  type ClusterUnderTest,
} from '../helpers/cluster-under-test';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * `kill -9` of one Temporal node while tickets' deadlines fall during the takeover. The other node
 * takes its history shards over (and the supervisor starts the killed one again, as an
 * orchestrator would): every breach is recorded once, at its deadline instant, and its
 * notification delivered once; every action sent meanwhile is applied once (the client retrying on
 * 503 with its Idempotency-Key) — none lost silently.
 */
describe('a Temporal node killed while deadlines fall', () => {
  const cluster: ClusterUnderTest = requireCluster();
  const suffix = randomBytes(4).toString('hex');
  const policyId = `cluster-node-kill-${suffix}`;
  const desk = `desk-${suffix}@support.test`;
  let relay: MailCatcher;
  let pool: Pool;
  let key: string;

  beforeAll(async () => {
    relay = await startMailCatcher({ port: cluster.smtpPort });
    pool = clusterPool(cluster);
    key = await agentKey(cluster, cluster.apis[1].url);
    const policy = e2ePolicy({
      id: policyId,
      name: 'Cluster: node kill',
      targets: { P1: { acknowledge: seconds(14) }, P2: { acknowledge: seconds(120) } },
      desk: [desk],
    });
    const stored = await call(cluster.apis[1].url, 'POST', '/policies', { key: cluster.bootstrapKey, body: policy });
    expect(stored.status).toBe(201);
  });

  afterAll(async () => {
    await pool?.end();
    await relay?.down();
  });

  it('records and delivers every breach once at its instant, and applies every action sent meanwhile', async () => {
    let opened = 0;
    const open = async (subject: string, priority: 'P1' | 'P2') => {
      // Opened through both APIs (each on its own node).
      opened += 1;
      const api = cluster.apis[opened % cluster.apis.length].url;
      const { answer } = await callRetrying(api, 'POST', '/tickets', {
        key,
        idempotencyKey: `open-${suffix}-${opened}`,
        body: { policy: policyId, plan: 'standard', priority, organisation: `org-${suffix}`, subject },
      });
      expect(answer.status).toBe(201);
      return { ticketId: answer.body.ticketId as string, dueAt: answer.body.clocks[0].dueAt as string };
    };
    const breaching: { ticketId: string; dueAt: string }[] = [];
    for (let index = 0; index < 8; index += 1) breaching.push(await open(`Breach ${index}`, 'P1'));
    const answered: { ticketId: string; dueAt: string }[] = [];
    for (let index = 0; index < 4; index += 1)
      // P2: far enough that an acknowledgement held up by the takeover still comes before its deadline.
      answered.push(await open(`Answered ${index}`, 'P2'));

    // Killed a few seconds before the first deadline: the deadlines fall while its shards move.
    const firstDeadline = Math.min(...breaching.map((ticket) => Date.parse(ticket.dueAt)));
    await sleep(Math.max(0, firstDeadline - Date.now() - 3_000));
    const killedAt = Date.now();
    const oldPid = killHard(cluster, 'temporal-1');

    // Actions sent during the takeover, through both APIs (api-1's node is the one killed).
    const actions = await Promise.all(
      answered.map(({ ticketId }, index) =>
        callRetrying(cluster.apis[index % cluster.apis.length].url, 'POST', `/tickets/${ticketId}/responses`, {
          key,
          idempotencyKey: `ack-${ticketId}`,
          body: { kind: 'acknowledgement', body: 'On it.' },
        }),
      ),
    );
    for (const { answer, statuses } of actions) {
      // Applied in the end; on the way only 503s (or a refused connection), never another error.
      expect(answer.status).toBe(200);
      expect(statuses.slice(0, -1).every((status) => status === 503 || status === 0)).toBe(true);
    }
    await restarted(cluster, 'temporal-1', oldPid);

    const ids = breaching.map((ticket) => ticket.ticketId);
    const breaches = await eventually(
      async () =>
        (
          await pool.query<{ ticket_id: string; at: Date }>(
            `SELECT ticket_id, at FROM ticket_events WHERE ticket_id = ANY($1) AND type = 'acknowledge.breached'`,
            [ids],
          )
        ).rows,
      (rows) => rows.length >= ids.length,
      { timeoutMs: 90_000 },
    );
    // Once each, at the deadline instant.
    expect(breaches.map((row) => row.ticket_id).sort()).toEqual([...ids].sort());
    for (const { ticketId, dueAt } of breaching) {
      expect(breaches.find((row) => row.ticket_id === ticketId)!.at.toISOString()).toBe(dueAt);
    }

    const mails = await eventually(
      async () => relay.messages.filter((mail) => ids.includes(mail.header('X-Slaflow-Ticket-Id') ?? '')),
      (found) => found.length >= ids.length,
      { timeoutMs: 90_000 },
    );
    expect(mails.map((mail) => mail.header('X-Slaflow-Ticket-Id')).sort()).toEqual([...ids].sort());
    const log = await pool.query<{ status: string; delivered_at: Date; ticket_id: string }>(
      `SELECT status, delivered_at, ticket_id FROM notification_deliveries WHERE ticket_id = ANY($1) AND kind = 'breach'`,
      [ids],
    );
    expect(log.rows.map((row) => row.status)).toEqual(ids.map(() => 'delivered'));

    // The answered tickets: acknowledged once each, never breached.
    const answeredIds = answered.map((ticket) => ticket.ticketId);
    const trails = await eventually(
      () => auditTrails(pool, answeredIds),
      (found) => [...found.values()].every((trail) => trail.length >= 2),
      { timeoutMs: 60_000 },
    );
    for (const trail of trails.values()) {
      expect(trail.map((event) => event.type)).toEqual(['opened', 'acknowledged']);
      expect(trail.map((event) => event.sequence)).toEqual([1, 2]);
    }

    // The gap the kill caused, for the report (lateness of delivery past each deadline).
    const lateness = log.rows
      .map((row) => row.delivered_at.getTime() - Date.parse(breaching.find((t) => t.ticketId === row.ticket_id)!.dueAt))
      .sort((a, b) => a - b);
    console.log(
      `node kill ${new Date(killedAt).toISOString()}: breach notifications delivered ${lateness[0]} ms to ${lateness[lateness.length - 1]} ms after their deadlines; ` +
        `actions: ${actions.map(({ statuses }) => statuses.join('>')).join(', ')}`,
    );
    await sleep(1_000);
    expect(relay.messages.filter((mail) => ids.includes(mail.header('X-Slaflow-Ticket-Id') ?? ''))).toHaveLength(ids.length);
  }, 240_000);
});
