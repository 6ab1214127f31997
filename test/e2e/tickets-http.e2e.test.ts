import type { INestApplication } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { keyCacheTtlMs } from '../../api/auth/api-keys.service';
import { createApp } from '../../api/create-app';
import { temporalConfig, temporalConnectionOptions } from '../../infra/config/temporal-connection';
import { latestVersionTtlMs } from '../../api/policies/policies.service';
import { presetDocument } from '../../policies';
import type { PolicyDocument } from '../../workflows/policy';
import { createTicketWorker } from '../../worker/create-worker';
import { workflowBundle } from '../helpers/time-skipping';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * Worker and API against the Temporal dev server and the embedded PostgreSQL that `npm test`
 * started, driven through HTTP only.
 */
describe('tickets over HTTP (dev server, PostgreSQL)', () => {
  const stack = requireStackEnv();
  let app: INestApplication;
  let baseUrl: string;
  let connection: NativeConnection;
  let pool: Pool;
  let worker: Worker;
  let running: Promise<void>;

  // An ops key from the first start (SLAFLOW_BOOTSTRAP_KEY); the tests make agent and customer keys with it.
  const bootstrapKey = 'e2e-bootstrap-key-0123456789abcdef';
  let agentKey: string;
  let acmeKey: string;
  let globexKey: string;

  beforeAll(async () => {
    process.env.SLAFLOW_BOOTSTRAP_KEY = bootstrapKey;
    pool = new Pool({ connectionString: stack.databaseUrl });
    connection = await NativeConnection.connect({ ...temporalConnectionOptions(temporalConfig()), address: stack.temporalAddress });
    worker = await createTicketWorker({
      connection,
      namespace: stack.namespace,
      deps: { pool },
      workflowBundle: await workflowBundle(),
    });
    running = worker.run();
    app = await createApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const makeKey = async (body: object) => (await http('POST', '/api-keys', body, undefined, bootstrapKey)).body.key as string;
    agentKey = await makeKey({ role: 'agent', label: 'e2e agent' });
    acmeKey = await makeKey({ role: 'customer', organisation: 'acme' });
    globexKey = await makeKey({ role: 'customer', organisation: 'globex' });
    // Alectrona and CLICK refuse tickets without an active contract.
    for (const [policy, plan] of [
      ['alectrona', 'standard'],
      ['synchronet-click', 'standard'],
    ]) {
      const contract = { organisation: 'acme', policy, plan, startsOn: '2020-01-01', endsOn: '2099-12-31' };
      expect((await http('PUT', '/entitlements', contract, undefined, bootstrapKey)).status).toBe(200);
    }
  });

  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
    await pool?.end();
  });

  async function http(
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
    key: string | null = agentKey,
    headers: Record<string, string> = {},
  ) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...headers,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const value = await probe();
      if (accept(value) || attempt === 100) return value;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('reports Temporal and PostgreSQL up on /health', async () => {
    const { status, body } = await http('GET', '/health');
    expect(status).toBe(200);
    expect(body.info.temporal.status).toBe('up');
    expect(body.info.postgres.status).toBe('up');
  });

  it('serves the OpenAPI document', async () => {
    const { status, body } = await http('GET', '/openapi.json');
    expect(status).toBe(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/tickets', '/tickets/{id}', '/tickets/{id}/responses', '/health']));
  });

  it('opens, acknowledges and resolves a ticket, with its audit trail in PostgreSQL', async () => {
    const opened = await http('POST', '/tickets', {
      policy: 'synchronet-click',
      plan: 'standard',
      organisation: 'acme',
      subject: 'Backups fail since upgrade',
      priority: 'P2',
      channel: 'phone',
      customerEmail: 'it@acme.example',
      fields: { callbackNumber: '+1 312 555 0100', contactName: 'Dana' },
    });
    expect(opened.status).toBe(201);
    const ticket = opened.body;
    expect(ticket).toMatchObject({ status: 'new', policy: 'synchronet-click', policyVersion: 1, plan: 'standard' });
    // CLICK: "2 - High … Less than 1 hour", counted around the clock.
    expect(ticket.clocks[0]).toMatchObject({ clock: 'acknowledge', status: 'running', target: '1 calendar hour' });
    expect(Date.parse(ticket.clocks[0].dueAt) - Date.parse(ticket.openedAt)).toBe(60 * 60_000);

    const acknowledged = await http('POST', `/tickets/${ticket.ticketId}/responses`, {
      kind: 'acknowledgement',
      body: 'We are on it.',
    });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('in-progress');
    expect(acknowledged.body.clocks[0].status).toBe('met');

    const resolved = await http('POST', `/tickets/${ticket.ticketId}/resolution`, {
      code: 'workaround',
      summary: 'Backup job disabled until 2.4.1.',
    });
    expect(resolved.status).toBe(200);
    expect(resolved.body.status).toBe('resolved');

    const state = await http('GET', `/tickets/${ticket.ticketId}`);
    expect(state.status).toBe(200);
    expect(state.body.resolution).toMatchObject({ code: 'workaround' });

    const events = await eventually(
      () => http('GET', `/tickets/${ticket.ticketId}/events`),
      (answer) => answer.status === 200 && answer.body.items.length === 3,
    );
    expect(events.body.items.map((event: { type: string }) => event.type)).toEqual(['opened', 'acknowledged', 'resolved']);
    // What each action said, and which key asked for it, is in the trail beside the state it led to.
    const agent = await pool.query("SELECT id FROM api_keys WHERE label = 'e2e agent'");
    const actor = { role: 'agent', keyId: agent.rows[0].id };
    // What the caller gave at intake stays with the event that opened the ticket.
    expect(events.body.items[0].detail).toEqual({ fields: { callbackNumber: '+1 312 555 0100', contactName: 'Dana' } });
    expect(events.body.items[1].detail).toEqual({ kind: 'acknowledgement', body: 'We are on it.', actor });
    expect(events.body.items[2].detail).toEqual({ code: 'workaround', summary: 'Backup job disabled until 2.4.1.', actor });

    const projection = await pool.query('SELECT status, sla_breached FROM tickets WHERE id = $1', [ticket.ticketId]);
    expect(projection.rows).toEqual([{ status: 'resolved', sla_breached: false }]);
  });

  it('answers 409 naming the state when the state does not allow the action', async () => {
    const { body: ticket } = await http('POST', '/tickets', {
      policy: 'alectrona',
      plan: 'standard',
      organisation: 'acme',
      subject: 'Slow dashboard',
      priority: 'medium',
    });
    expect((await http('POST', `/tickets/${ticket.ticketId}/responses`, { kind: 'acknowledgement', body: 'Hi' })).status).toBe(200);
    const refused = await http('POST', `/tickets/${ticket.ticketId}/responses`, { kind: 'acknowledgement', body: 'Hi again' });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'cannot acknowledge: the ticket is in-progress',
      details: { status: 'in-progress' },
    });
    expect((await http('GET', `/tickets/${ticket.ticketId}`)).body.status).toBe('in-progress');
    // A resolution code the policy does not know is refused by the policy, naming the rule.
    const badCode = await http('POST', `/tickets/${ticket.ticketId}/resolution`, { code: 'fixed', summary: 'x' });
    expect(badCode.status).toBe(422);
    expect(badCode.body.message).toContain("resolution code 'fixed' is not one of solution, workaround");
  });

  it('drives the actions of the API table: information request and reply, priority, escalation, assignment, refusals', async () => {
    const { body: ticket } = await http('POST', '/tickets', {
      policy: 'syneto',
      plan: 'mission-critical',
      organisation: 'acme',
      subject: 'Storage pool degraded',
      priority: 'P2',
      customerEmail: 'it@acme.example',
    });
    const id = ticket.ticketId;
    expect((await http('POST', `/tickets/${id}/assignment`, { agent: 'maria' })).body.assignee).toBe('maria');
    const waiting = await http('POST', `/tickets/${id}/info-requests`, { body: 'Please send the support bundle.' });
    expect(waiting.status).toBe(200);
    expect(waiting.body.status).toBe('awaiting-customer');
    // Syneto: "within 5 days of a request for information": reminders 2 and 4 days in, close at 5.
    expect(Date.parse(waiting.body.awaitingCustomer.closesAt) - Date.parse(waiting.body.awaitingCustomer.since)).toBe(5 * 24 * 3_600_000);
    const replied = await http('POST', `/tickets/${id}/replies`, { body: 'Attached.' }, undefined, acmeKey);
    expect(replied.body.status).toBe('in-progress');

    const unknownPriority = await http('POST', `/tickets/${id}/priority`, { priority: 'P9', reason: 'typo' });
    expect(unknownPriority.status).toBe(422);
    expect(unknownPriority.body.message).toBe("priority 'P9' is not one of P1, P2, P3, P4");
    const raised = await http('POST', `/tickets/${id}/priority`, { priority: 'P1', reason: 'Production down' });
    expect(raised.status).toBe(200);
    expect(raised.body.priority).toBe('P1');
    expect(raised.body.clocks.find((c: { clock: string }) => c.clock === 'acknowledge').target).toBe('30 calendar minutes');

    const escalated = await http('POST', `/tickets/${id}/escalations`, { reason: 'Customer asked' });
    expect(escalated.body.escalationLevel).toBe(1);
    // Time left is measured to the moment of the read, not to the workflow's last event (24x7: elapsed time).
    const { body: fresh } = await http('POST', '/tickets', {
      policy: 'syneto',
      plan: 'mission-critical',
      organisation: 'acme',
      subject: 'Latency',
      priority: 'P3',
      customerEmail: 'it@acme.example',
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const before = Date.now();
    const read = await http('GET', `/tickets/${fresh.ticketId}`);
    const after = Date.now();
    const acknowledge = read.body.clocks.find((c: { clock: string }) => c.clock === 'acknowledge');
    expect(acknowledge.status).toBe('running');
    expect(acknowledge.remainingMs).toBeLessThanOrEqual(Date.parse(acknowledge.dueAt) - before);
    expect(acknowledge.remainingMs).toBeGreaterThanOrEqual(Date.parse(acknowledge.dueAt) - after);
    const notResolved = await http('POST', `/tickets/${id}/confirmation`, undefined, undefined, acmeKey);
    expect(notResolved.status).toBe(409);
    expect(notResolved.body.details).toEqual({ status: 'in-progress' });
    const noParts = await http('POST', `/tickets/${id}/parts-delivery`);
    expect(noParts.status).toBe(409);
    expect(noParts.body.message).toContain('no hardware replacement is under way');
    const badRca = await http('POST', `/tickets/${id}/rca`, { stage: 'sketch', body: 'x' });
    expect(badRca.status).toBe(400);
    expect(badRca.body.details.map((d: { field: string }) => d.field)).toEqual(['stage']);
  });

  it('answers 401 without or with a bad key, and 403 for a wrong role or another organisation', async () => {
    const missing = await http('GET', '/tickets', undefined, undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await http('GET', '/tickets', undefined, undefined, 'slaflow_k_nope_nope')).status).toBe(401);
    expect((await http('GET', '/health', undefined, undefined, null)).status).toBe(200);

    const { body: ticket } = await http(
      'POST',
      '/tickets',
      { policy: 'syneto', plan: 'pro', organisation: 'acme', subject: 'Mine', priority: 'P3' },
      undefined,
      acmeKey,
    );
    expect(ticket.organisation).toBe('acme');
    // The owner sees it; another organisation's customer does not; a customer may not answer as an agent.
    expect((await http('GET', `/tickets/${ticket.ticketId}`, undefined, undefined, acmeKey)).status).toBe(200);
    const other = await http('GET', `/tickets/${ticket.ticketId}`, undefined, undefined, globexKey);
    expect(other.status).toBe(403);
    expect((await http('GET', `/tickets/${ticket.ticketId}/events`, undefined, undefined, globexKey)).status).toBe(403);
    expect((await http('POST', `/tickets/${ticket.ticketId}/escalations`, { reason: 'x' }, undefined, globexKey)).status).toBe(403);
    const wrongRole = await http('POST', `/tickets/${ticket.ticketId}/responses`, { kind: 'acknowledgement', body: 'x' }, undefined, acmeKey);
    expect(wrongRole.status).toBe(403);
    expect(wrongRole.body.message).toBe('role customer may not do this; allowed: agent');
    const foreignOpen = await http(
      'POST',
      '/tickets',
      { policy: 'syneto', plan: 'pro', organisation: 'globex', subject: 'x', priority: 'P3' },
      undefined,
      acmeKey,
    );
    expect(foreignOpen.status).toBe(403);
    expect((await http('GET', '/tickets', undefined, undefined, acmeKey)).status).toBe(403);
    expect((await http('POST', '/api-keys', { role: 'ops' })).status).toBe(403);
    const noOrganisation = await http('POST', '/api-keys', { role: 'customer' }, undefined, bootstrapKey);
    expect(noOrganisation.status).toBe(400);
    expect(noOrganisation.body.details.map((d: { field: string }) => d.field)).toEqual(['organisation']);
  });

  it("refuses by the policy's intake and entitlement rules with 422 naming the rule; over quota is accepted as best-effort", async () => {
    const byEmail = await http('POST', '/tickets', {
      policy: 'synchronet-click',
      plan: 'standard',
      organisation: 'acme',
      subject: 'Down',
      priority: 'P1',
      channel: 'email',
    });
    expect(byEmail.status).toBe(422);
    expect(byEmail.body).toMatchObject({ details: { rule: 'intake.channel' } });
    expect(byEmail.body.message).toContain('P1 tickets by phone, not by email');
    const noCallback = await http('POST', '/tickets', {
      policy: 'synchronet-click',
      plan: 'standard',
      organisation: 'acme',
      subject: 'Down',
      priority: 'P1',
      channel: 'phone',
    });
    expect(noCallback.status).toBe(422);
    expect(noCallback.body.message).toBe('required field(s) missing in fields: callbackNumber, contactName');
    const noContract = await http('POST', '/tickets', {
      policy: 'alectrona',
      plan: 'standard',
      organisation: 'initech',
      subject: 'x',
      priority: 'low',
    });
    expect(noContract.status).toBe(422);
    expect(noContract.body.details).toEqual({ rule: 'entitlement.contractRequired' });

    // Tiered EU Professional: "Incidents / Month | 1": the second ticket of the month is over quota.
    const contract = { organisation: 'umbrella', policy: 'tiered-eu', plan: 'professional', startsOn: '2020-01-01', endsOn: '2099-12-31' };
    expect((await http('PUT', '/entitlements', contract, undefined, bootstrapKey)).status).toBe(200);
    const first = await http('POST', '/tickets', {
      policy: 'tiered-eu',
      plan: 'professional',
      organisation: 'umbrella',
      subject: 'a',
      priority: 'S4',
      channel: 'email',
    });
    expect(first.status).toBe(201);
    expect(first.body.overQuota).toBe(false);
    expect(first.body.clocks.find((c: { clock: string }) => c.clock === 'acknowledge').commitment).toBe('committed');
    // Counted when the API accepts the ticket, not when the projection catches up: no wait needed.
    const second = await http('POST', '/tickets', {
      policy: 'tiered-eu',
      plan: 'professional',
      organisation: 'umbrella',
      subject: 'b',
      priority: 'S4',
      channel: 'email',
    });
    expect(second.status).toBe(201);
    expect(second.body.overQuota).toBe(true);
    expect(second.body.clocks.find((c: { clock: string }) => c.clock === 'acknowledge').commitment).toBe('best-effort');
  });

  it("counts a month's quota exactly when tickets arrive at the same moment, and a retry keeps its first answer", async () => {
    // Tiered EU Enterprise: 2 incidents a month. Six tickets at once: two within the quota, four over it.
    const contract = { organisation: 'wayne', policy: 'tiered-eu', plan: 'enterprise', startsOn: '2020-01-01', endsOn: '2099-12-31' };
    expect((await http('PUT', '/entitlements', contract, undefined, bootstrapKey)).status).toBe(200);
    const open = (n: number) =>
      http(
        'POST',
        '/tickets',
        { policy: 'tiered-eu', plan: 'enterprise', organisation: 'wayne', subject: `burst ${n}`, priority: 'S3', channel: 'email' },
        undefined,
        agentKey,
        {
          'idempotency-key': `burst-${n}`,
        },
      );
    const answers = await Promise.all([1, 2, 3, 4, 5, 6].map(open));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201, 201]);
    expect(answers.filter((a) => a.body.overQuota === false)).toHaveLength(2);
    expect(answers.filter((a) => a.body.overQuota === true)).toHaveLength(4);
    // The same request again is the same ticket with the same quota decision, and takes nothing more.
    const within = answers.find((a) => a.body.overQuota === false)!;
    const n = answers.indexOf(within) + 1;
    const retried = await open(n);
    expect(retried.body).toMatchObject({ ticketId: within.body.ticketId, overQuota: false });
    const claims = await pool.query("SELECT count(*)::int AS n FROM incident_claims WHERE organisation = 'wayne'");
    expect(claims.rows[0].n).toBe(6);
  });

  it('gives the same ticket for the same Idempotency-Key, and lists tickets from the projection', async () => {
    const body = { policy: 'syneto', plan: 'basic', organisation: 'acme', subject: 'Idempotent', priority: 'P4' };
    const first = await http('POST', '/tickets', body, undefined, agentKey, { 'idempotency-key': 'gw-4711' });
    const again = await http('POST', '/tickets', body, undefined, agentKey, { 'idempotency-key': 'gw-4711' });
    const other = await http('POST', '/tickets', body, undefined, agentKey, { 'idempotency-key': 'gw-4712' });
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.ticketId).toBe(first.body.ticketId);
    expect(again.body.openedAt).toBe(first.body.openedAt);
    expect(other.body.ticketId).not.toBe(first.body.ticketId);

    const listed = await eventually(
      () => http('GET', '/tickets?policy=syneto&priority=P4&status=new'),
      (answer) => answer.status === 200 && answer.body.items.some((t: { ticketId: string }) => t.ticketId === first.body.ticketId),
    );
    expect(listed.body.items.filter((t: { ticketId: string }) => t.ticketId === first.body.ticketId)).toEqual([
      expect.objectContaining({ organisation: 'acme', policy: 'syneto', plan: 'basic', priority: 'P4', status: 'new', slaBreached: false }),
    ]);
    expect(listed.body.items.every((t: { policy: string; priority: string }) => t.policy === 'syneto' && t.priority === 'P4')).toBe(true);
    const badFilter = await http('GET', '/tickets?breached=maybe');
    expect(badFilter.status).toBe(400);
    expect(badFilter.body.details.map((d: { field: string }) => d.field)).toEqual(['breached']);
  });

  it('opens a new ticket linked to the old one when the customer replies after the ticket has ended', async () => {
    const { body: ticket } = await http('POST', '/tickets', {
      policy: 'alectrona',
      plan: 'standard',
      organisation: 'acme',
      subject: 'Export broken',
      priority: 'high',
    });
    await http('POST', `/tickets/${ticket.ticketId}/responses`, { kind: 'acknowledgement', body: 'Looking' });
    await http('POST', `/tickets/${ticket.ticketId}/resolution`, { code: 'workaround', summary: 'Use CSV' });
    const closed = await http('POST', `/tickets/${ticket.ticketId}/confirmation`, undefined, undefined, acmeKey);
    expect(closed.body.status).toBe('closed');
    // Alectrona names no reopen window: the workflow ends at close; the projection keeps the ticket.
    const ended = await eventually(
      () => http('GET', `/tickets/${ticket.ticketId}`, undefined, undefined, acmeKey),
      (answer) => answer.body.status === 'closed',
    );
    expect(ended.status).toBe(200);
    const reply = await http('POST', `/tickets/${ticket.ticketId}/replies`, { body: 'It is broken again' }, undefined, acmeKey);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'new', linkedFromTicketId: ticket.ticketId, subject: 'Re: Export broken', priority: 'high' });
    expect(reply.body.ticketId).not.toBe(ticket.ticketId);
  });

  it('answers 404 for an unknown ticket', async () => {
    const unknown = await http('GET', '/tickets/no-such-ticket');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found', message: 'unknown ticket no-such-ticket' });
    expect((await http('POST', '/tickets/no-such-ticket/responses', { kind: 'update', body: 'x' })).status).toBe(404);
    expect((await http('GET', '/tickets/no-such-ticket/events')).status).toBe(404);
  });

  it('answers 400 naming the fields for invalid input, and for malformed JSON', async () => {
    const invalid = await http('POST', '/tickets', { policy: 'syneto', organisation: '', priority: 7, customerEmail: 'nope' });
    expect(invalid.status).toBe(400);
    const fields = invalid.body.details.map((detail: { field: string }) => detail.field);
    expect(fields).toEqual(expect.arrayContaining(['organisation', 'subject', 'priority', 'plan', 'customerEmail']));
    expect(invalid.body.message).toContain('subject');

    const unknownField = await http('POST', '/tickets', {
      policy: 'syneto',
      plan: 'pro',
      organisation: 'acme',
      subject: 's',
      priority: 'P1',
      colour: 'red',
    });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body.message).toContain('colour');

    const badPlan = await http('POST', '/tickets', { policy: 'syneto', plan: 'gold', organisation: 'acme', subject: 's', priority: 'P1' });
    expect(badPlan.status).toBe(400);
    expect(badPlan.body.message).toBe("plan 'gold' is not one of basic, pro, mission-critical");
    expect(badPlan.body.details).toEqual([{ field: 'plan', problems: [badPlan.body.message] }]);

    const malformed = await http('POST', '/tickets', undefined, '{"organisation": ');
    expect(malformed.status).toBe(400);
    expect(malformed.body.statusCode).toBe(400);
  });
  describe('what the API keeps for a few seconds', () => {
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

    it('refuses a key revoked in the database within keyCacheTtlMs', async () => {
      const created = (await http('POST', '/api-keys', { role: 'agent', label: 'to be revoked' }, undefined, bootstrapKey)).body as {
        id: string;
        key: string;
      };
      expect((await http('GET', '/policies', undefined, undefined, created.key)).status).toBe(200);
      await pool.query('UPDATE api_keys SET revoked_at = now() WHERE id = $1', [created.id]);
      await pause(keyCacheTtlMs + 250);
      const refused = await http('GET', '/policies', undefined, undefined, created.key);
      expect(refused.status).toBe(401);
      expect(refused.body.message).toBe('unknown or revoked API key');
    });

    it('opens tickets on a version stored here at once, and on one another API process stored within latestVersionTtlMs', async () => {
      const id = `cached-${process.pid}-${Date.now().toString(36)}`;
      const document: PolicyDocument = { ...presetDocument('syneto'), id, name: 'Version propagation' };
      delete document.version; // the store numbers versions
      const open = async () => {
        const answer = await http('POST', '/tickets', { policy: id, plan: 'pro', priority: 'P2', organisation: 'acme', subject: 'Which version?' });
        expect(answer.status).toBe(201);
        return answer.body.policyVersion as number;
      };
      expect((await http('POST', '/policies', document, undefined, bootstrapKey)).status).toBe(201);
      expect(await open()).toBe(1);
      expect((await http('POST', '/policies', { ...document, name: 'Version propagation, 2' }, undefined, bootstrapKey)).status).toBe(201);
      expect(await open()).toBe(2);
      // Another API process stores version 3: this one takes it up once its known version expires.
      await pool.query('INSERT INTO policies (id, version, document) VALUES ($1, 3, $2)', [
        id,
        JSON.stringify({ ...document, name: 'Version propagation, 3' }),
      ]);
      await pause(latestVersionTtlMs + 250);
      expect(await open()).toBe(3);
    });
  });
});
