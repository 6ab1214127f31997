import type { INestApplication } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { keyCacheTtlMs } from '../../api/auth/api-keys.service';
import { retryAfterSeconds } from '../../api/common/dependency-errors';
import { createApp } from '../../api/create-app';
import { runMigrations } from '../../api/database/data-source';
import { latestVersionTtlMs } from '../../api/policies/policies.service';
import { eventually, freeLoopbackPort, startE2eApp, type Caller, type E2eApp, type HttpAnswer, type HttpOptions } from '../helpers/e2e-app';
import { startOwnPostgres, type OwnPostgres } from '../helpers/own-postgres';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One request of a batch fired while a dependency is down, with the answer it must get. */
interface Probe {
  name: string;
  method: string;
  path: string;
  options?: HttpOptions;
  expect: 200 | 201 | 401 | 403 | 404 | 503;
}

/**
 * PostgreSQL goes away under a running API and worker: stopped cleanly, then killed with SIGKILL.
 * What needs the database answers 503 with Retry-After naming PostgreSQL (never 500); what needs
 * only Temporal keeps working for keys recognised before the outage (a ticket's live state, its
 * actions, the organisation check from the workflow's state); once PostgreSQL is back the API
 * serves again without a restart and nothing was half-done. Then Temporal is the one missing.
 *
 * The PostgreSQL is this file's own (`own-postgres.ts`: a free port, a temporary cluster): the
 * suite's shared one is never stopped. The worker runs on the suite's Temporal dev server, in a namespace of its own.
 */
describe('a PostgreSQL outage under a running API (dev server, own PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-outage-${suffix}`;
  const organisation = `outage-${suffix}`;
  const otherOrganisation = `other-${suffix}`;
  const customer: Caller = { customer: organisation };
  /** A customer's escalation with an Idempotency-Key, sent in both outages. */
  const escalation: HttpOptions = { body: { reason: 'Urgent' }, as: customer, headers: { 'idempotency-key': `escalate-${suffix}` } };
  let postgres: OwnPostgres;
  let app: E2eApp;
  const tickets: string[] = [];

  beforeAll(async () => {
    postgres = await startOwnPostgres('slaflow_outage');
    await runMigrations(postgres.url);
    app = await startE2eApp({ databaseUrl: postgres.url });
    // 24x7 with hour-long targets (nothing falls due during the test) and a monthly incident quota,
    // so that every POST /tickets writes a claim to PostgreSQL before it starts a workflow.
    const policy = {
      id: policyId,
      name: 'E2E outage: quota-counted tickets',
      calendars: { always: { kind: '24x7' } },
      plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
      priorities: [{ id: 'P2', name: 'High', rank: 2 }],
      targets: { standard: { P2: { acknowledge: { amount: 60, unit: 'calendar-minutes', commitment: 'committed' } } } },
      warningThresholds: [],
      deskContacts: [],
      escalation: {
        levels: [
          { level: 1, name: 'Duty manager', contacts: [] },
          { level: 2, name: 'Head of support', contacts: [] },
        ],
        onBreach: false,
      },
      intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
      entitlement: { contractRequired: false, incidentsPerMonth: { standard: 1_000 } },
    };
    expect((await app.http('POST', '/policies', { body: policy, as: 'ops' })).status).toBe(201);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await postgres?.remove();
  });

  const open = (subject: string, as: Caller = 'agent', idempotencyKey?: string): Promise<HttpAnswer> =>
    app.http('POST', '/tickets', {
      body: { policy: policyId, plan: 'standard', priority: 'P2', organisation, subject },
      as,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    });

  /** Fires every probe at once and tallies the answers, so a failure shows the whole picture. */
  async function fire(probes: Probe[]): Promise<Array<Probe & { answer: HttpAnswer }>> {
    const answers = await Promise.all(probes.map((probe) => app.http(probe.method, probe.path, probe.options)));
    const results = probes.map((probe, index) => ({ ...probe, answer: answers[index] }));
    const tally: Record<number, number> = {};
    for (const { answer } of results) tally[answer.status] = (tally[answer.status] ?? 0) + 1;
    expect(tally[500]).toBeUndefined();
    expect(results.map(({ name, answer }) => `${name}: ${answer.status}`)).toEqual(results.map(({ name, expect: status }) => `${name}: ${status}`));
    return results;
  }

  function expectPostgresUnavailable(results: Array<Probe & { answer: HttpAnswer }>): void {
    for (const { name, path, answer } of results.filter((result) => result.answer.status === 503)) {
      expect({ name, retryAfter: answer.headers.get('retry-after') }).toEqual({ name, retryAfter: String(retryAfterSeconds) });
      if (path === '/health') {
        expect(answer.body).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'PostgreSQL is unavailable',
          details: { dependency: 'postgresql', down: ['postgresql'] },
        });
      } else {
        expect({ name, ...answer.body }).toEqual({
          name,
          statusCode: 503,
          error: 'Service Unavailable',
          message: expect.stringMatching(/^PostgreSQL is unavailable: /),
          details: { dependency: 'postgresql' },
        });
      }
    }
  }

  /**
   * Starts the PostgreSQL again if it is down (also when a test before failed half-way, so the next
   * one starts from a running server). Orphaned backends of a killed server hold its shared memory
   * for a moment, and PostgreSQL refuses to start on it until they have gone: a few attempts.
   */
  async function bringBack(): Promise<void> {
    for (let attempt = 1; !postgres.running; attempt++) {
      try {
        await postgres.start();
      } catch (error) {
        if (attempt === 20) throw error;
        await sleep(500);
      }
    }
  }

  /** The pool reconnects by itself: the first request after the restart may still meet a dead connection. */
  async function servesAgain(): Promise<void> {
    const list = await eventually(
      () => app.http('GET', '/tickets?limit=1'),
      (answer) => answer.status === 200,
      { timeoutMs: 30_000 },
    );
    expect(list.status).toBe(200);
    expect((await app.http('GET', '/health', { as: 'none' })).status).toBe(200);
  }

  it('documents the 503 and its Retry-After on every route of the OpenAPI document', async () => {
    const document = (await app.http('GET', '/openapi.json', { as: 'none' })).body as {
      paths: Record<string, Record<string, { responses: Record<string, { headers?: Record<string, unknown> }> }>>;
    };
    const operations = Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ path, method, operation })),
    );
    expect(operations.length).toBeGreaterThan(20);
    const missing = operations
      .filter(({ operation }) => !operation.responses['503']?.headers?.['Retry-After'])
      .map(({ path, method }) => `${method} ${path}`);
    expect(missing).toEqual([]);
  });

  it('opens tickets and warms the key cache while PostgreSQL is up', async () => {
    for (const subject of ['Mail queue stuck', 'VPN flaps', 'Disk full']) {
      const answer = await open(subject);
      expect(answer.status).toBe(201);
      tickets.push(answer.body.ticketId as string);
    }
    // Every key the batch uses is recognised once (the agent's by the opens above).
    expect((await app.http('GET', `/tickets/${tickets[0]}`, { as: { customer: organisation } })).status).toBe(200);
    expect((await app.http('GET', `/tickets/${tickets[0]}`, { as: { customer: otherOrganisation } })).status).toBe(403);
  }, 60_000);

  it('stopped: the database routes answer 503 naming PostgreSQL, live state and actions keep working, and all of it recovers', async () => {
    await postgres.stop();
    // Past the 5 s in which a key (and a policy's latest version) is trusted without asking: every
    // key below is served from what PostgreSQL said before the outage, not from a fresh answer.
    await sleep(Math.max(keyCacheTtlMs, latestVersionTtlMs) + 500);
    const [first, second, third] = tickets;
    const stranger: Caller = { customer: otherOrganisation };
    const results = await fire([
      {
        name: 'open (agent, Idempotency-Key)',
        method: 'POST',
        path: '/tickets',
        options: openOptions('Printer on fire', 'agent', `a-${suffix}`),
        expect: 503,
      },
      {
        name: 'open (customer, Idempotency-Key)',
        method: 'POST',
        path: '/tickets',
        options: openOptions('Laptop stolen', customer, `c-${suffix}`),
        expect: 503,
      },
      { name: 'open (agent)', method: 'POST', path: '/tickets', options: openOptions('No key', 'agent'), expect: 503 },
      {
        name: 'acknowledge',
        method: 'POST',
        path: `/tickets/${first}/responses`,
        options: { body: { kind: 'acknowledgement', body: 'On it.' } },
        expect: 200,
      },
      {
        name: 'resolve',
        method: 'POST',
        path: `/tickets/${second}/resolution`,
        options: { body: { code: 'fixed', summary: 'Rebooted the VPN box.' } },
        expect: 200,
      },
      { name: 'escalate (customer)', method: 'POST', path: `/tickets/${third}/escalations`, options: escalation, expect: 200 },
      {
        name: 'escalate (other organisation)',
        method: 'POST',
        path: `/tickets/${third}/escalations`,
        options: { body: { reason: 'x' }, as: stranger },
        expect: 403,
      },
      { name: 'state (agent)', method: 'GET', path: `/tickets/${third}`, expect: 200 },
      { name: 'state (customer)', method: 'GET', path: `/tickets/${first}`, options: { as: customer }, expect: 200 },
      { name: 'state (other organisation)', method: 'GET', path: `/tickets/${first}`, options: { as: stranger }, expect: 403 },
      { name: 'state (ops)', method: 'GET', path: `/tickets/${second}`, options: { as: 'ops' }, expect: 200 },
      { name: 'state (unknown key)', method: 'GET', path: `/tickets/${first}`, options: { as: { key: `slaflow_k_0000_${suffix}` } }, expect: 503 },
      { name: 'state (no key)', method: 'GET', path: `/tickets/${first}`, options: { as: 'none' }, expect: 401 },
      { name: 'list tickets', method: 'GET', path: '/tickets', expect: 503 },
      { name: 'audit trail', method: 'GET', path: `/tickets/${first}/events`, expect: 503 },
      { name: 'policies', method: 'GET', path: '/policies', expect: 503 },
      { name: 'policy', method: 'GET', path: `/policies/${policyId}`, expect: 503 },
      {
        name: 'schedule',
        method: 'GET',
        path: `/policies/${policyId}/schedule?plan=standard&priority=P2&openedAt=2026-03-02T10:00:00Z`,
        expect: 503,
      },
      { name: 'entitlements', method: 'GET', path: '/entitlements', options: { as: 'ops' }, expect: 503 },
      { name: 'api key', method: 'POST', path: '/api-keys', options: { body: { role: 'agent' }, as: 'ops' }, expect: 503 },
      // What the workflows hold parked is listed and retried without the log (none of it is parked here).
      { name: 'ops log', method: 'GET', path: '/ops/notifications?status=failed', options: { as: 'ops' }, expect: 200 },
      { name: 'ops log, delivered', method: 'GET', path: '/ops/notifications?status=delivered', options: { as: 'ops' }, expect: 503 },
      {
        name: 'ops retry',
        method: 'POST',
        path: `/ops/notifications/${encodeURIComponent(`${first}/1-breach`)}/retry`,
        options: { as: 'ops' },
        expect: 404,
      },
      { name: 'health', method: 'GET', path: '/health', options: { as: 'none' }, expect: 503 },
    ]);
    expectPostgresUnavailable(results);
    const opsLog = results.find((result) => result.name === 'ops log')!.answer;
    expect(opsLog.body).toEqual({ items: [], nextCursor: null });
    expect(opsLog.headers.get('warning')).toMatch(
      /^199 slaflow "delivery log unavailable \(.+\): only notifications parked in ticket workflows are listed"$/,
    );
    // Each action answers the workflow's state after it; the state read afterwards (not in the same
    // batch, which races the actions) is the live one, with those actions in it.
    const answered = (name: string) => results.find((result) => result.name === name)!.answer.body;
    expect(answered('state (agent)')).toMatchObject({ ticketId: third, organisation });
    expect(answered('escalate (customer)')).toMatchObject({ ticketId: third, escalationLevel: 1 });
    expect(answered('resolve')).toMatchObject({ ticketId: second, status: 'resolved' });
    expect(answered('acknowledge')).toMatchObject({ ticketId: first, status: 'in-progress' });
    const after = await Promise.all([first, second, third].map((id) => app.http('GET', `/tickets/${id}`, { as: customer })));
    expect(after.map(({ status, body }) => [status, body.status, body.escalationLevel])).toEqual([
      [200, 'in-progress', 0],
      [200, 'resolved', 0],
      [200, 'new', 1],
    ]);

    await bringBack();
    await servesAgain();

    // The opens that got 503 started nothing and claimed nothing: retried with the same
    // Idempotency-Key they open once (a second retry answers the same ticket).
    const retried = [await open('Printer on fire', 'agent', `a-${suffix}`), await open('Laptop stolen', customer, `c-${suffix}`)];
    expect(retried.map((answer) => answer.status)).toEqual([201, 201]);
    const again = await open('Printer on fire', 'agent', `a-${suffix}`);
    expect(again.body.ticketId).toBe(retried[0].body.ticketId);
    const all = [...tickets, ...retried.map((answer) => answer.body.ticketId as string)];
    expect((await app.temporal.workflow.count(`WorkflowType = "ticketWorkflow" AND Organisation = "${organisation}"`)).count).toBe(all.length);
    const claims = await app.pool.query<{ ticket_id: string }>('SELECT ticket_id FROM incident_claims WHERE organisation = $1', [organisation]);
    expect(claims.rows.map((row) => row.ticket_id).sort()).toEqual([...all].sort());

    // What the workflows did during the outage reaches the projection and the audit trail once the
    // worker's activities (retried until PostgreSQL takes them) get through.
    const projected = await eventually(
      () =>
        app.pool.query<{ id: string; status: string; escalation_level: number }>(
          'SELECT id, status, escalation_level FROM tickets WHERE id = ANY($1) ORDER BY id',
          [all],
        ),
      // Each write is retried on its own backoff: wait for the last of the three.
      (result) =>
        result.rows.length === all.length &&
        result.rows.some((row) => row.id === first && row.status === 'in-progress') &&
        result.rows.some((row) => row.id === second && row.status === 'resolved') &&
        result.rows.some((row) => row.id === third && row.escalation_level === 1),
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(projected.rows.length).toBe(all.length);
    expect(projected.rows.find((row) => row.id === first)?.status).toBe('in-progress');
    expect(projected.rows.find((row) => row.id === second)?.status).toBe('resolved');
    expect(projected.rows.find((row) => row.id === third)?.escalation_level).toBe(1);
    const trail = await app.http('GET', `/tickets/${first}/events`);
    expect(trail.status).toBe(200);
    expect(trail.body.items.map((event: { type: string }) => event.type)).toContain('acknowledged');
  }, 240_000);

  it('killed with SIGKILL: the same answers, and the pool reconnects once it is started again', async () => {
    await postgres.kill();
    const [first, , third] = tickets;
    const results = await fire([
      { name: 'state', method: 'GET', path: `/tickets/${first}`, expect: 200 },
      // The escalation of the first outage sent again with its Idempotency-Key: answered with the
      // first one's outcome (level 1), not applied twice (level 2).
      { name: 'escalate again', method: 'POST', path: `/tickets/${third}/escalations`, options: escalation, expect: 200 },
      {
        name: 'update',
        method: 'POST',
        path: `/tickets/${first}/responses`,
        options: { body: { kind: 'update', body: 'Still on it.' } },
        expect: 200,
      },
      { name: 'list tickets', method: 'GET', path: '/tickets', expect: 503 },
      { name: 'policies', method: 'GET', path: '/policies', expect: 503 },
      { name: 'ops log', method: 'GET', path: '/ops/notifications', options: { as: 'ops' }, expect: 200 },
      { name: 'health', method: 'GET', path: '/health', options: { as: 'none' }, expect: 503 },
    ]);
    expectPostgresUnavailable(results);
    expect(results.find((result) => result.name === 'escalate again')!.answer.body).toMatchObject({ ticketId: third, escalationLevel: 1 });

    await bringBack();
    await servesAgain();
    const updated = await eventually(
      () => app.pool.query<{ count: string }>(`SELECT count(*) FROM ticket_events WHERE ticket_id = $1 AND type = 'updated'`, [first]),
      (result) => Number(result.rows[0].count) === 1,
      { timeoutMs: 120_000, intervalMs: 500 },
    );
    expect(Number(updated.rows[0].count)).toBe(1);
    expect((await app.http('GET', `/tickets/${third}`, { as: customer })).body).toMatchObject({ escalationLevel: 1 });
  }, 240_000);

  it('Temporal unreachable: 503 naming Temporal, and an open that cannot start its workflow gives its quota claim back', async () => {
    // An API does not start without its database (Nest stops the process): make sure it is there.
    await bringBack();
    const saved = process.env.TEMPORAL_ADDRESS;
    const savedDatabase = process.env.DATABASE_URL;
    process.env.TEMPORAL_ADDRESS = `127.0.0.1:${await freeLoopbackPort()}`;
    process.env.DATABASE_URL = postgres.url;
    let down: INestApplication | undefined;
    try {
      down = await createApp({ logger: false });
    } finally {
      process.env.TEMPORAL_ADDRESS = saved;
      process.env.DATABASE_URL = savedDatabase;
    }
    try {
      await down.listen(0, '127.0.0.1');
      const url = (await down.getUrl()).replace('[::1]', '127.0.0.1');
      const agent = await app.keyFor('agent');
      const call = (method: string, path: string, body?: unknown) =>
        fetch(`${url}${path}`, {
          method,
          headers: { authorization: `Bearer ${agent}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      const lonely = `lonely-${suffix}`;
      const [health, opened, state, list] = await Promise.all([
        fetch(`${url}/health`),
        call('POST', '/tickets', { policy: policyId, plan: 'standard', priority: 'P2', organisation: lonely, subject: 'Nobody home' }),
        call('GET', `/tickets/${randomUUID()}`),
        call('GET', '/tickets?limit=1'),
      ]);
      expect([health.status, opened.status, state.status, list.status]).toEqual([503, 503, 503, 200]);
      for (const answer of [health, opened, state]) expect(answer.headers.get('retry-after')).toBe(String(retryAfterSeconds));
      expect(await health.json()).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: 'Temporal is unavailable',
        details: { dependency: 'temporal', down: ['temporal'] },
      });
      for (const answer of [opened, state]) {
        expect(await answer.json()).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'Temporal is unavailable: try again later',
          details: { dependency: 'temporal' },
        });
      }
      const claims = await app.pool.query('SELECT 1 FROM incident_claims WHERE organisation = $1', [lonely]);
      expect(claims.rowCount).toBe(0);
    } finally {
      await down.close();
    }
  }, 180_000);

  function openOptions(subject: string, as: Caller, idempotencyKey?: string): HttpOptions {
    return {
      body: { policy: policyId, plan: 'standard', priority: 'P2', organisation, subject },
      as,
      headers: idempotencyKey ? { 'idempotency-key': idempotencyKey } : {},
    };
  }
});
