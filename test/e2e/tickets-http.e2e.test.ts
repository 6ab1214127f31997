import type { INestApplication } from '@nestjs/common';
import { NativeConnection, type Worker } from '@temporalio/worker';
import { Pool } from 'pg';
import { createApp } from '../../api/create-app';
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

  beforeAll(async () => {
    pool = new Pool({ connectionString: stack.databaseUrl });
    connection = await NativeConnection.connect({ address: stack.temporalAddress });
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
  });

  afterAll(async () => {
    await app?.close();
    worker?.shutdown();
    await running;
    await connection?.close();
    await pool?.end();
  });

  async function http(method: string, path: string, body?: unknown, raw?: string) {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {},
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
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/tickets', '/tickets/{id}', '/tickets/{id}/responses', '/health']),
    );
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
      (answer) => answer.status === 200 && answer.body.length === 3,
    );
    expect(events.body.map((event: { type: string }) => event.type)).toEqual(['opened', 'acknowledged', 'resolved']);

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
    const replied = await http('POST', `/tickets/${id}/replies`, { body: 'Attached.' });
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
    const notResolved = await http('POST', `/tickets/${id}/confirmation`);
    expect(notResolved.status).toBe(409);
    expect(notResolved.body.details).toEqual({ status: 'in-progress' });
    const noParts = await http('POST', `/tickets/${id}/parts-delivery`);
    expect(noParts.status).toBe(409);
    expect(noParts.body.message).toContain('no hardware replacement is under way');
    const badRca = await http('POST', `/tickets/${id}/rca`, { stage: 'sketch', body: 'x' });
    expect(badRca.status).toBe(400);
    expect(badRca.body.details.map((d: { field: string }) => d.field)).toEqual(['stage']);
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
});
