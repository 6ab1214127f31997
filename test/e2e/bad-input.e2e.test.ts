import type { INestApplication } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { connect, createServer, type AddressInfo } from 'node:net';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { createApp } from '../../api/create-app';
import { presetDocument } from '../../policies/presets';
import { ticketWorkflowId } from '../../workflows/ticket/contract';
import { eventually, startE2eApp, type E2eApp } from '../helpers/e2e-app';

/**
 * Bad input through HTTP answers the documented 4xx with `{ statusCode, error, message, details? }`
 * and never a 500 (docs/design.md, API surface): bodies the parser refuses, NUL characters, long free
 * text in a workflow's summary, ids the API never makes. Along the way: GET /tickets/:id answers
 * from the projection once the workflow has ended, an Idempotency-Key outlives the workflow's
 * retention, and the OpenAPI document describes what the API really answers.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Schema {
  $ref?: string;
  type?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  /**
   * true: keys beyond `properties` are documented as allowed (an action's free-form input); a
   * schema: a map whose every value it describes (intake fields).
   */
  additionalProperties?: boolean | Schema;
  required?: string[];
  items?: Schema;
  allOf?: Schema[];
  oneOf?: Schema[];
}

/** Every way `value` departs from `schema` (an OpenAPI 3.0 schema of `doc`), one line each. */
function schemaProblems(doc: Json, value: unknown, schema: Schema, path: string): string[] {
  const resolved = resolveSchema(doc, schema);
  if (value === null) return resolved.nullable ? [] : [`${path}: null, but not documented as nullable`];
  if (resolved.oneOf) {
    const fits = resolved.oneOf.filter((branch) => schemaProblems(doc, value, branch, path).length === 0).length;
    return fits === 1 ? [] : [`${path}: ${JSON.stringify(value)} fits ${fits} of the documented oneOf branches, not exactly one`];
  }
  if (resolved.enum && !resolved.enum.includes(value))
    return [`${path}: ${JSON.stringify(value)} is not one of the documented ${JSON.stringify(resolved.enum)}`];
  if (Array.isArray(value)) {
    if (resolved.type !== 'array' || !resolved.items) return [`${path}: an array, documented as ${resolved.type}`];
    return value.flatMap((item, index) => schemaProblems(doc, item, resolved.items!, `${path}[${index}]`));
  }
  if (typeof value === 'object') {
    const map = typeof resolved.additionalProperties === 'object' ? resolved.additionalProperties : undefined;
    if (map && !resolved.properties) {
      return Object.entries(value as Record<string, unknown>).flatMap(([key, item]) => schemaProblems(doc, item, map, `${path}.${key}`));
    }
    if (!resolved.properties) return [`${path}: an object, documented without properties (${resolved.type})`];
    const record = value as Record<string, unknown>;
    const undocumented = Object.keys(record)
      .filter((key) => !(key in resolved.properties!) && resolved.additionalProperties !== true)
      .map((key) => `${path}.${key}: not documented`);
    const missing = (resolved.required ?? []).filter((key) => !(key in record)).map((key) => `${path}.${key}: documented as required, absent`);
    const nested = Object.keys(record)
      .filter((key) => key in resolved.properties!)
      .flatMap((key) => schemaProblems(doc, record[key], resolved.properties![key], `${path}.${key}`));
    return [...undocumented, ...missing, ...nested];
  }
  const actual = typeof value === 'number' ? (Number.isInteger(value) ? ['number', 'integer'] : ['number']) : [typeof value];
  return resolved.type && !actual.includes(resolved.type) ? [`${path}: a ${typeof value}, documented as ${resolved.type}`] : [];
}

function resolveSchema(doc: Json, schema: Schema): Schema {
  if (schema.$ref) return resolveSchema(doc, doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')]);
  // Nest writes a nullable reference as { nullable: true, allOf: [{ $ref }] }.
  if (schema.allOf?.length === 1) return { ...resolveSchema(doc, schema.allOf[0]), nullable: schema.nullable };
  return schema;
}

describe('bad input over HTTP: 4xx with the error shape, never a 500 (dev server, PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const organisation = `bad-input-${suffix}`;
  const fastPolicy = `bad-input-fast-${suffix}`;
  let app: E2eApp;
  let agentKey: string;

  beforeAll(async () => {
    app = await startE2eApp();
    agentKey = await app.keyFor('agent');
    await app.contract(organisation, 'alectrona', 'standard');
    // 24x7, acknowledge within 0.05 calendar minutes (3 s) with a warning at half: a ticket on it
    // has a warning and a breach within seconds. No contacts: nothing to notify.
    const stored = await app.http('POST', '/policies', {
      as: 'ops',
      body: {
        id: fastPolicy,
        name: 'Bad input: seconds-long targets',
        calendars: { always: { kind: '24x7' } },
        plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
        priorities: [{ id: 'P1', name: 'Urgent', rank: 1 }],
        targets: { standard: { P1: { acknowledge: { amount: 0.05, unit: 'calendar-minutes', commitment: 'committed' } } } },
        warningThresholds: [0.5],
        deskContacts: [],
        escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [] }], onBreach: false },
        intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
      },
    });
    expect(stored.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  /** A request with exactly these bytes and headers (an agent's key unless one is given). */
  async function send(method: string, path: string, body: Buffer | string, headers: Record<string, string>, key = agentKey) {
    const response = await fetch(`${app.baseUrl}${path}`, { method, headers: { authorization: `Bearer ${key}`, ...headers }, body });
    const text = await response.text();
    let parsed: Json = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: kept as text, so the assertion shows it
    }
    return { status: response.status, body: parsed };
  }

  /** Writes `request` as is to the API's socket and reads until the API closes it. */
  async function rawHttp(request: string): Promise<string> {
    const { hostname, port } = new URL(app.baseUrl);
    return new Promise((resolve, reject) => {
      const socket = connect(Number(port), hostname, () => socket.write(request));
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => (answer += chunk));
      socket.on('end', () => resolve(answer));
      socket.on('error', reject);
    });
  }

  const ticket = (subject: string, extra: Record<string, unknown> = {}) => ({
    policy: 'alectrona',
    plan: 'standard',
    priority: 'medium',
    organisation,
    subject,
    ...extra,
  });

  async function closeAlectronaTicket(id: string): Promise<void> {
    expect((await app.http('POST', `/tickets/${id}/responses`, { body: { kind: 'acknowledgement', body: 'Looking' } })).status).toBe(200);
    expect((await app.http('POST', `/tickets/${id}/resolution`, { body: { code: 'workaround', summary: 'Use CSV' } })).status).toBe(200);
    const closed = await app.http('POST', `/tickets/${id}/confirmation`, { as: { customer: organisation } });
    expect(closed.body.status).toBe('closed');
    // Alectrona names no reopen window: the workflow ends at close.
    const status = await eventually(
      async () => (await app.temporal.workflow.getHandle(ticketWorkflowId(id)).describe()).status.name,
      (name) => name === 'COMPLETED',
      { timeoutMs: 20_000 },
    );
    expect(status).toBe('COMPLETED');
  }

  describe('bodies the parser refuses keep their 4xx', () => {
    it('answers 413 for a body over 1 MB, and takes a custom policy well over the old 100 kB', async () => {
      const huge = await send('POST', '/tickets', JSON.stringify(ticket('x'.repeat(1_100_000))), { 'content-type': 'application/json' });
      expect(huge.status).toBe(413);
      expect(huge.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: expect.stringContaining('the limit is 1 MB') });

      // 300 kB of source text, a 30 000-character name: stored (201), and a ticket opens on it
      // although its name goes into the workflow's details (Temporal refuses details over 20 kB).
      const bigPolicy = `bad-input-big-${suffix}`;
      const document = { ...presetDocument('alectrona'), id: bigPolicy, name: `Big ${'n'.repeat(30_000)}`, source: 's'.repeat(300_000) };
      const body = JSON.stringify(document);
      expect(body.length).toBeGreaterThan(300_000);
      const stored = await send('POST', '/policies', body, { 'content-type': 'application/json' }, app.bootstrapKey);
      expect(stored.status).toBe(201);
      expect(stored.body).toMatchObject({ id: bigPolicy, version: 1 });
      await app.contract(organisation, bigPolicy, 'standard');
      const opened = await app.http('POST', '/tickets', { body: ticket('On the big policy', { policy: bigPolicy }) });
      expect(opened.status).toBe(201);
      const description = await app.temporal.workflow.getHandle(ticketWorkflowId(opened.body.ticketId)).describe();
      const details = (await description.staticDetails()) ?? '';
      expect(details.startsWith('Big nnn')).toBe(true);
      expect(Buffer.byteLength(details)).toBeLessThanOrEqual(2_000);
    });

    it('answers 415 for a charset other than UTF-8 or an unknown Content-Encoding', async () => {
      const latin1 = await send('POST', '/tickets', JSON.stringify(ticket('Latin-1')), { 'content-type': 'application/json; charset=iso-8859-1' });
      expect(latin1.status).toBe(415);
      expect(latin1.body).toEqual({
        statusCode: 415,
        error: 'Unsupported Media Type',
        message: 'unsupported charset "ISO-8859-1": send JSON as UTF-8',
        details: { charset: 'iso-8859-1' },
      });
      const compress = await send('POST', '/tickets', JSON.stringify(ticket('LZW')), {
        'content-type': 'application/json',
        'content-encoding': 'compress',
      });
      expect(compress.status).toBe(415);
      expect(compress.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type', details: { encoding: 'compress' } });
      expect(compress.body.message).toContain('unsupported content encoding "compress"');
    });

    it('answers 400 for a body that does not decompress, and takes one that does', async () => {
      const broken = await send('POST', '/tickets', 'this is not gzip', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(broken.status).toBe(400);
      expect(broken.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(broken.body.message).toContain('could not be decompressed');

      const gzipped = await send('POST', '/tickets', gzipSync(JSON.stringify(ticket('Sent gzipped'))), {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
      });
      expect(gzipped.status).toBe(201);
      expect(gzipped.body.subject).toBe('Sent gzipped');
    });

    it('takes deflate and br bodies, and counts the limit on what a body decompresses to', async () => {
      for (const [encoding, compress] of [
        ['deflate', deflateSync],
        ['br', brotliCompressSync],
      ] as const) {
        const opened = await send('POST', '/tickets', compress(JSON.stringify(ticket(`Sent ${encoding}`))), {
          'content-type': 'application/json',
          'content-encoding': encoding,
        });
        expect(opened.status).toBe(201);
        expect(opened.body.subject).toBe(`Sent ${encoding}`);
      }
      // 5 MB of subject in a few kB of gzip: refused once it passes 1 MB, not read to the end.
      const bomb = gzipSync(JSON.stringify(ticket('x'.repeat(5_000_000))));
      expect(bomb.length).toBeLessThan(50_000);
      const refused = await send('POST', '/tickets', bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      expect(refused.status).toBe(413);
      expect(refused.body).toMatchObject({ statusCode: 413, error: 'Payload Too Large', message: 'request body too large: the limit is 1 MB' });
    });

    it('answers 415 naming the media type for a body that is not JSON, before any key is checked', async () => {
      for (const [contentType, body] of [
        ['application/x-www-form-urlencoded', 'subject=Form'],
        ['text/plain', 'Backup fails'],
      ]) {
        const refused = await send('POST', '/tickets', body, { 'content-type': contentType }, 'not-a-key');
        expect(refused.status).toBe(415);
        expect(refused.body).toEqual({
          statusCode: 415,
          error: 'Unsupported Media Type',
          message: `unsupported media type "${contentType}": send the body as application/json`,
          details: { contentType },
        });
      }
    });

    it("answers 400 with the parser's reason for malformed JSON and for a __proto__ key", async () => {
      const truncated = await send('POST', '/tickets', '{"subject": ', { 'content-type': 'application/json' });
      expect(truncated).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: expect.stringMatching(/^the request body is not valid JSON: /) },
      });
      const poisoned = await send('POST', '/tickets', '{"__proto__": {"role": "ops"}}', { 'content-type': 'application/json' });
      expect(poisoned.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'the request body is not valid JSON: Object contains forbidden prototype property',
      });
    });

    it('answers 400 in the error shape for a path that does not decode and for bytes that are not HTTP', async () => {
      const stray = await app.http('GET', '/tickets/%ZZ');
      expect(stray.status).toBe(400);
      expect(stray.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: "'/tickets/%ZZ' is not a valid url component: a literal % is written %25",
      });

      // A header line without a colon: Node's parser refuses the request before anything reads it.
      const raw = await rawHttp('GET /tickets HTTP/1.1\r\nHost: x\r\nnot a header\r\n\r\n');
      expect(raw).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toMatchObject({
        statusCode: 400,
        error: 'Bad Request',
        message: expect.stringMatching(/^the request is not valid HTTP\/1\.1 \(/),
      });
    });
  });

  describe('NUL characters are refused with 400 naming the field', () => {
    it.each([
      ['GET', '/tickets/%00/events', 'id'],
      ['GET', '/tickets/%00', 'id'],
      ['GET', '/policies/%00', 'id'],
      ['GET', '/tickets?policy=%00', 'policy'],
      ['GET', '/entitlements?organisation=%00', 'organisation'],
      ['POST', '/ops/notifications/%00/retry', 'id'],
    ])('%s %s', async (method, path, field) => {
      const answer = await app.http(method, path, { as: 'ops' });
      expect(answer.status).toBe(400);
      expect(answer.body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: `${field} must not contain NUL characters`,
        details: [{ field, problems: ['must not contain NUL characters'] }],
      });
    });

    it('in a body, at any depth, in values and in keys', async () => {
      const subject = await app.http('POST', '/tickets', { body: ticket('Backup\u0000fails') });
      expect(subject.status).toBe(400);
      expect(subject.body).toMatchObject({ message: 'subject must not contain NUL characters', details: [{ field: 'subject' }] });

      const nested = await app.http('POST', '/tickets', { body: ticket('Nested', { fields: { product: 'oXygen', version: ['27', '27.1\u0000'] } }) });
      expect(nested.status).toBe(400);
      expect(nested.body.message).toBe('fields.version.1 must not contain NUL characters');

      const key = await app.http('POST', '/tickets', { body: ticket('Key', { fields: { 'pro\u0000duct': 'x' } }) });
      expect(key.status).toBe(400);
      expect(key.body.message).toBe('fields.pro\\u0000duct must not contain NUL characters in its name');

      const split = await app.http('POST', `/tickets/${randomUUID()}/incidents`, {
        body: {
          incidents: [
            { subject: 'ok', priority: 'high' },
            { subject: '\u0000', priority: 'high' },
          ],
        },
      });
      expect(split.status).toBe(400);
      expect(split.body.message).toBe('incidents.1.subject must not contain NUL characters');

      const policy = await app.http('POST', '/policies', {
        as: 'ops',
        body: { ...presetDocument('alectrona'), id: `bad-input-nul-${suffix}`, name: 'NUL\u0000' },
      });
      expect(policy.status).toBe(400);
      expect(policy.body.message).toBe('name must not contain NUL characters');
    });
  });

  it('cuts a long summary for Temporal; the ticket keeps its whole subject', async () => {
    // 200 three-byte characters of organisation and 250 four-byte ones of subject: 1.6 kB of UTF-8.
    const longOrganisation = '€'.repeat(200);
    const subject = '😀'.repeat(250);
    const opened = await app.http('POST', '/tickets', {
      body: { policy: 'syneto', plan: 'pro', priority: 'P3', organisation: longOrganisation, subject },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.subject).toBe(subject);
    const handle = app.temporal.workflow.getHandle(ticketWorkflowId(opened.body.ticketId));
    const summary = (await (await handle.describe()).staticSummary()) ?? '';
    expect(summary.startsWith(`P3 · ${'€'.repeat(10)}`)).toBe(true);
    expect(summary.endsWith('…')).toBe(true);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(200);
    // Cut at a character boundary: no broken surrogate pair or replacement character.
    expect(summary).not.toContain('\uFFFD');
    expect(Buffer.from(summary, 'utf8').toString('utf8')).toBe(summary);
    const state = await app.http('GET', `/tickets/${opened.body.ticketId}`);
    expect(state.status).toBe(200);
    expect(state.body.subject).toBe(subject);
  });

  describe('ticket ids', () => {
    it('answers 404 for an id the API does not make, long ones included, on every ticket route', async () => {
      const unknown = randomUUID();
      const notFound = await app.http('GET', `/tickets/${unknown}`);
      expect(notFound.status).toBe(404);
      expect(notFound.body).toEqual({ statusCode: 404, error: 'Not Found', message: `unknown ticket ${unknown}` });

      // Longer than Temporal takes as a workflow id: a service error (500) if it were asked.
      const long = 'a'.repeat(5_000);
      for (const [method, path] of [
        ['GET', `/tickets/${long}`],
        ['GET', `/tickets/${long}/events`],
        ['POST', `/tickets/${long}/escalations`],
        ['GET', `/tickets/${unknown}${'-1'.repeat(100)}`],
        ['GET', `/tickets/${unknown.toUpperCase()}`],
        ['GET', '/tickets/..%2F..%2Fhealth'],
      ]) {
        const answer = await app.http(method, path, method === 'POST' ? { body: { reason: 'x' } } : {});
        expect({ path: path.slice(0, 60), status: answer.status, error: answer.body.error }).toEqual({
          path: path.slice(0, 60),
          status: 404,
          error: 'Not Found',
        });
        expect(answer.body.message).toMatch(/^unknown ticket /);
        expect(answer.body.message.length).toBeLessThan(130);
      }
      // A sub-incident's id has its parent's with -<n>: well-formed, so Temporal is asked (and knows none).
      const subIncident = await app.http('GET', `/tickets/${unknown}-2`);
      expect(subIncident.status).toBe(404);
      expect(subIncident.body.message).toBe(`unknown ticket ${unknown}-2`);
    });

    it('answers 503 when Temporal is unreachable, and 404 for an id it would not know without asking it', async () => {
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()));
      const closedPort = (probe.address() as AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      const saved = process.env.TEMPORAL_ADDRESS;
      process.env.TEMPORAL_ADDRESS = `127.0.0.1:${closedPort}`;
      let down: INestApplication | undefined;
      try {
        down = await createApp({ logger: false });
        await down.listen(0, '127.0.0.1');
        const url = (await down.getUrl()).replace('[::1]', '127.0.0.1');
        const get = (path: string) => fetch(`${url}${path}`, { headers: { authorization: `Bearer ${app.bootstrapKey}` } });
        const asked = await get(`/tickets/${randomUUID()}`);
        expect(asked.status).toBe(503);
        expect(await asked.json()).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'Temporal is unavailable: try again later',
          details: { dependency: 'temporal' },
        });
        expect(asked.headers.get('retry-after')).toBe('5');
        // Not asked at all (else a 503 after the client's retries, as above): answered at once.
        const started = Date.now();
        const malformed = await get(`/tickets/${'a'.repeat(5_000)}`);
        expect(malformed.status).toBe(404);
        expect(Date.now() - started).toBeLessThan(2_000);
      } finally {
        process.env.TEMPORAL_ADDRESS = saved;
        await down?.close();
      }
    }, 90_000);
  });

  it('answers GET /tickets/:id from the running workflow, and from the projection once it has ended', async () => {
    const running = await app.http('POST', '/tickets', { body: ticket('Still running') });
    const ended = await app.http('POST', '/tickets', { body: ticket('Export broken') });
    expect([running.status, ended.status]).toEqual([201, 201]);
    await closeAlectronaTicket(ended.body.ticketId);
    await eventually(
      () => app.pool.query('SELECT 1 FROM tickets WHERE id = $1', [running.body.ticketId]),
      (result) => result.rowCount === 1,
    );

    // A mark only the projection carries tells which answered.
    const mark = (id: string) =>
      app.pool.query(`UPDATE tickets SET state = jsonb_set(state, '{subject}', '"from the projection"') WHERE id = $1`, [id]);
    await mark(running.body.ticketId);
    await mark(ended.body.ticketId);

    const live = await app.http('GET', `/tickets/${running.body.ticketId}`);
    expect(live.status).toBe(200);
    expect(live.body.subject).toBe('Still running');
    const fromProjection = await app.http('GET', `/tickets/${ended.body.ticketId}`);
    expect(fromProjection.status).toBe(200);
    expect(fromProjection.body).toMatchObject({ subject: 'from the projection', status: 'closed', resolution: { code: 'workaround' } });
  });

  it('answers an Idempotency-Key again after its workflow has left Temporal, without starting another', async () => {
    const key = `bad-input-${suffix}`;
    const first = await app.http('POST', '/tickets', { body: ticket('Idempotent'), headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const id: string = first.body.ticketId;
    await closeAlectronaTicket(id);
    // What retention does at its end: the closed workflow is deleted.
    await app.temporal.workflowService.deleteWorkflowExecution({ namespace: app.namespace, workflowExecution: { workflowId: ticketWorkflowId(id) } });
    const handle = app.temporal.workflow.getHandle(ticketWorkflowId(id));
    // The dev server deletes it about 20 s later.
    const gone = await eventually(
      () =>
        handle.describe().then(
          () => 'still there',
          (error: unknown) => (error instanceof WorkflowNotFoundError ? 'gone' : String(error)),
        ),
      (state) => state === 'gone',
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    expect(gone).toBe('gone');

    const again = await app.http('POST', '/tickets', { body: ticket('Idempotent'), headers: { 'idempotency-key': key } });
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ ticketId: id, status: 'closed', openedAt: first.body.openedAt });
    await expect(handle.describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);
    const state = await app.http('GET', `/tickets/${id}`);
    expect(state.status).toBe(200);
    expect(state.body.status).toBe('closed');
  });

  describe('the OpenAPI document', () => {
    let doc: Json;
    beforeAll(async () => {
      doc = (await app.http('GET', '/openapi.json', { as: 'none' })).body;
    });

    it('documents every key and enum value of real GET /tickets/:id and /events answers', async () => {
      const answers: Array<{ what: string; body: Json }> = [];
      // Running (from the query) and closed (from the projection), with a resolution and a closure.
      const running = await app.http('POST', '/tickets', { body: ticket('Documented') });
      answers.push({ what: 'a new ticket', body: (await app.http('GET', `/tickets/${running.body.ticketId}`)).body });
      const closed = await app.http('POST', '/tickets', { body: ticket('Documented, closed') });
      await closeAlectronaTicket(closed.body.ticketId);
      answers.push({ what: 'a closed ticket', body: (await app.http('GET', `/tickets/${closed.body.ticketId}`)).body });

      // A ticket with a warning and a breach (3 s target), assigned.
      const opened = await app.http('POST', '/tickets', {
        body: { policy: fastPolicy, plan: 'standard', priority: 'P1', organisation, subject: 'Breaches soon' },
      });
      expect(opened.status).toBe(201);
      const id: string = opened.body.ticketId;
      expect((await app.http('POST', `/tickets/${id}/assignment`, { body: { agent: 'maria' } })).status).toBe(200);
      const breached = await eventually(
        () => app.http('GET', `/tickets/${id}`),
        (answer) => answer.body.slaBreached === true && answer.body.clocks[0]?.warnings?.length === 1,
        { timeoutMs: 20_000, intervalMs: 250 },
      );
      expect(breached.body).toMatchObject({
        slaBreached: true,
        assignee: 'maria',
        breaches: [expect.objectContaining({ clock: 'acknowledge', commitment: 'committed' })],
      });
      expect(breached.body.clocks[0]).toMatchObject({ status: 'breached', warnings: [expect.objectContaining({ threshold: 0.5 })] });
      answers.push({ what: 'a breached ticket', body: breached.body });

      // Syneto: an information request leaves the ticket awaiting the customer.
      const syneto = await app.http('POST', '/tickets', {
        body: { policy: 'syneto', plan: 'mission-critical', priority: 'P2', organisation, subject: 'Pool degraded' },
      });
      const waiting = await app.http('POST', `/tickets/${syneto.body.ticketId}/info-requests`, { body: { body: 'Send the bundle' } });
      expect(waiting.body.status).toBe('awaiting-customer');
      answers.push({ what: 'a ticket awaiting the customer', body: (await app.http('GET', `/tickets/${syneto.body.ticketId}`)).body });

      const stateSchema = doc.paths['/tickets/{id}'].get.responses['200'].content['application/json'].schema;
      for (const { what, body } of answers) {
        expect({ what, problems: schemaProblems(doc, body, stateSchema, 'state') }).toEqual({ what, problems: [] });
      }
      const events = await eventually(
        () => app.http('GET', `/tickets/${id}/events`),
        (answer) => answer.status === 200 && answer.body.items.some((event: { type: string }) => event.type.includes('breach')),
      );
      const eventsSchema = doc.paths['/tickets/{id}/events'].get.responses['200'].content['application/json'].schema;
      expect(schemaProblems(doc, events.body, eventsSchema, 'events')).toEqual([]);
      // And the check has teeth: a key the document does not name, a value outside an enum.
      expect(schemaProblems(doc, { ...breached.body, colour: 'red', status: 'lost' }, stateSchema, 'state')).toEqual([
        'state.colour: not documented',
        'state.status: "lost" is not one of the documented ["new","in-progress","awaiting-customer","resolved","closed"]',
      ]);
    });

    it('documents the entitlements routes, their query and their 400s', async () => {
      const list = doc.paths['/entitlements'].get;
      expect(list.parameters).toEqual([expect.objectContaining({ name: 'organisation', in: 'query', required: false })]);
      expect(Object.keys(list.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
      expect(Object.keys(doc.paths['/entitlements'].put.responses)).toEqual(expect.arrayContaining(['200', '400']));

      const mine = await app.http('GET', `/entitlements?organisation=${organisation}`);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual(expect.arrayContaining([expect.objectContaining({ organisation, policy: 'alectrona', plan: 'standard' })]));
      const repeated = await app.http('GET', `/entitlements?organisation=${organisation}&organisation=other`);
      expect(repeated.status).toBe(400);
      expect(repeated.body.details.map((detail: { field: string }) => detail.field)).toEqual(['organisation']);
      const unknownParameter = await app.http('GET', '/entitlements?org=acme');
      expect(unknownParameter.status).toBe(400);
      expect(unknownParameter.body.message).toContain('org');
    });
  });
});
