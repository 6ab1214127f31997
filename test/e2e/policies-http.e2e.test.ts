import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { createApp } from '../../api/create-app';
import { Policies1763856000000 } from '../../api/database/migrations/1763856000000-policies';
import { PoliciesService } from '../../api/policies/policies.service';
import { PolicyEntity } from '../../api/policies/policy.entity';
import { presetDocument, presetIds } from '../../policies/presets';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { schedulePreview, type PolicyDocument } from '../../workflows/policy';
import { requireStackEnv } from '../helpers/stack-env';

/**
 * The policies API against the PostgreSQL (and Temporal) that `npm test` started, through HTTP;
 * its schedule preview against the real `npx slaflow schedule`.
 */

const projectRoot = join(__dirname, '..', '..');
const idsOf = (items: readonly { id: string }[]) => items.map((item) => item.id).join(', ');

function runSlaflow(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['slaflow', ...args], {
      cwd: projectRoot,
      // npm's own warnings about the machine's user configuration are not the command's output.
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('policies over HTTP (PostgreSQL)', () => {
  const stack = requireStackEnv();
  let app: INestApplication;
  let baseUrl: string;
  let pool: Pool;
  // Storing a policy takes an ops key (the bootstrap key is one); reading takes any key, so the
  // reads use the narrowest role there is: a customer's.
  const opsKey = 'e2e-policies-bootstrap-key-0123456789';
  let customerKey: string;
  let agentKey: string;

  beforeAll(async () => {
    process.env.SLAFLOW_BOOTSTRAP_KEY = opsKey;
    pool = new Pool({ connectionString: stack.databaseUrl });
    app = await createApp({ logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    customerKey = (await http('POST', '/api-keys', { role: 'customer', organisation: 'acme' }, undefined, opsKey)).body.key;
    agentKey = (await http('POST', '/api-keys', { role: 'agent' }, undefined, opsKey)).body.key;
    // The CLI compiles dist/ first when it is stale: let that happen here, not inside a test's time.
    await runSlaflow(['--help']);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    await pool?.end();
  });

  /** A request with a key: the customer's for reading, the ops key for writing, unless given (null: none). */
  async function http(method: string, path: string, body?: unknown, raw?: string, key?: string | null) {
    const usedKey = key === undefined ? (method === 'GET' ? customerKey : opsKey) : key;
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(usedKey ? { authorization: `Bearer ${usedKey}` } : {}),
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  }

  const schedulePath = (id: string, query: Record<string, string>) => `/policies/${id}/schedule?${new URLSearchParams(query)}`;

  describe('presets', () => {
    it('lists the five presets at version 1', async () => {
      const { status, body } = await http('GET', '/policies');
      expect(status).toBe(200);
      const presets = body.filter((policy: { preset: boolean }) => policy.preset);
      expect(presets.map((policy: { id: string }) => policy.id).sort()).toEqual([...presetIds].sort());
      for (const id of presetIds) {
        const document = presetDocument(id);
        expect(body).toContainEqual({
          id,
          version: 1,
          name: document.name,
          preset: true,
          plans: document.plans.map((plan) => plan.id),
          priorities: document.priorities.map((priority) => priority.id),
          createdAt: expect.any(String),
        });
      }
    });

    it('answers one preset document with its version, at the latest version or the one asked for', async () => {
      const latest = await http('GET', '/policies/syneto');
      expect(latest.status).toBe(200);
      expect(latest.body).toEqual({ ...presetDocument('syneto'), version: 1 });
      expect((await http('GET', '/policies/syneto?version=1')).body).toEqual(latest.body);
    });

    it('keeps one row per preset however many API processes started on this database', async () => {
      const rows = await pool.query<{ id: string; count: string }>('SELECT id, count(*) FROM policies WHERE id = ANY($1) GROUP BY id', [presetIds]);
      expect(rows.rows.map((row) => [row.id, Number(row.count)]).sort()).toEqual([...presetIds].sort().map((id) => [id, 1]));
    });
  });

  describe('schedule preview', () => {
    it.each([
      ['syneto', 'pro', 'P2', '2026-02-10T08:00:00Z'],
      ['syncro-soft', 'support-pack', 'high', '2026-12-23T15:00:00+02:00'],
      ['tiered-eu', 'enterprise', 'S2', '2026-10-02T16:45:00+02:00'],
      ['synchronet-click', 'standard', 'P1', '2026-07-03T23:50:00-05:00'],
    ])('answers for %s / %s / %s at %s exactly what `npx slaflow schedule` prints', async (policy, plan, priority, opened) => {
      const [answer, cli] = await Promise.all([
        http('GET', schedulePath(policy, { plan, priority, openedAt: opened })),
        runSlaflow(['schedule', '--policy', policy, '--plan', plan, '--priority', priority, '--opened', opened]),
      ]);
      expect(cli.status).toBe(0);
      expect(answer.status).toBe(200);
      expect(answer.body).toEqual(JSON.parse(cli.stdout));
      expect(answer.body).toMatchObject({ policy, version: 1, plan, priority, openedAt: new Date(opened).toISOString() });
    });

    it('answers 400 naming a bad plan and the plans it accepts', async () => {
      const { status, body } = await http('GET', schedulePath('syneto', { plan: 'gold', priority: 'P1', openedAt: '2026-02-10T08:00:00Z' }));
      const message = `plan 'gold' is not one of ${idsOf(presetDocument('syneto').plans)}`;
      expect(status).toBe(400);
      expect(body).toEqual({ statusCode: 400, error: 'Bad Request', message, details: [{ field: 'plan', problems: [message] }] });
    });

    it('answers 400 naming a bad priority and the priorities it accepts', async () => {
      const { status, body } = await http('GET', schedulePath('alectrona', { plan: 'standard', priority: 'P1', openedAt: '2026-02-10T08:00:00Z' }));
      expect(status).toBe(400);
      expect(body.message).toBe(`priority 'P1' is not one of ${idsOf(presetDocument('alectrona').priorities)}`);
    });

    it.each([['2026-02-10T08:00:00'], ['2026-02-10'], ['10/02/2026 08:00Z'], ['2026-13-01T08:00:00Z']])(
      "answers 400 for openedAt '%s', saying the format",
      async (openedAt) => {
        const { status, body } = await http('GET', schedulePath('syneto', { plan: 'pro', priority: 'P1', openedAt }));
        expect(status).toBe(400);
        expect(body.message).toBe(`openedAt '${openedAt}' is not an ISO-8601 date-time with an offset or Z, e.g. 2026-02-10T08:00:00Z`);
        expect(body.details).toEqual([{ field: 'openedAt', problems: [body.message] }]);
      },
    );

    // Found by the contract test: year 0018 (JavaScript reads years 0-99 as 19xx) and years past
    // 9995 (no 'yyyy-MM-dd' three years on) made holiday resolution throw, a 500.
    it.each([['0018-10-09T04:06:01Z'], ['1969-12-31T23:59:59Z'], ['9000-01-01T00:00:00Z'], ['9999-12-31T23:59:59Z']])(
      "answers 400 for openedAt '%s', outside the years a preview can start in",
      async (openedAt) => {
        const { status, body } = await http('GET', schedulePath('syneto', { plan: 'pro', priority: 'P1', openedAt }));
        expect(status).toBe(400);
        expect(body).toEqual({
          statusCode: 400,
          error: 'Bad Request',
          message: `openedAt '${openedAt}' is outside the years 1970 to 8999`,
          details: [{ field: 'openedAt', problems: [`openedAt '${openedAt}' is outside the years 1970 to 8999`] }],
        });
      },
    );

    it('previews from the first and the last instant of that range', async () => {
      for (const openedAt of ['1970-01-01T00:00:00Z', '8999-12-31T23:59:59Z']) {
        const { status, body } = await http('GET', schedulePath('syneto', { plan: 'pro', priority: 'P1', openedAt }));
        expect({ openedAt, status }).toEqual({ openedAt, status: 200 });
        expect(body.openedAt).toBe(new Date(openedAt).toISOString());
      }
    });

    it('answers 400 naming every missing parameter with what it accepts', async () => {
      const { status, body } = await http('GET', '/policies/tiered-eu/schedule');
      const tieredEu = presetDocument('tiered-eu');
      expect(status).toBe(400);
      expect(body.details).toEqual([
        { field: 'plan', problems: [`plan is required: one of ${idsOf(tieredEu.plans)}`] },
        { field: 'priority', problems: [`priority is required: one of ${idsOf(tieredEu.priorities)}`] },
        { field: 'openedAt', problems: ['openedAt is required: an ISO-8601 date-time with an offset or Z, e.g. 2026-02-10T08:00:00Z'] },
      ]);
      for (const field of ['plan', 'priority', 'openedAt']) expect(body.message).toContain(field);
    });

    it('answers 400 naming an unknown query parameter', async () => {
      const { status, body } = await http(
        'GET',
        schedulePath('syneto', { plan: 'pro', priority: 'P1', openedAt: '2026-02-10T08:00:00Z', timezone: 'UTC' }),
      );
      expect(status).toBe(400);
      expect(body.details.map((detail: { field: string }) => detail.field)).toEqual(['timezone']);
    });

    it('answers 404 for an unknown policy', async () => {
      const { status, body } = await http('GET', schedulePath('zendesk', { plan: 'pro', priority: 'P1', openedAt: '2026-02-10T08:00:00Z' }));
      expect(status).toBe(404);
      expect(body).toEqual({ statusCode: 404, error: 'Not Found', message: "unknown policy 'zendesk'" });
    });
  });

  describe('reading one policy', () => {
    it('answers 404 for an unknown policy or version', async () => {
      expect((await http('GET', '/policies/zendesk')).body).toEqual({ statusCode: 404, error: 'Not Found', message: "unknown policy 'zendesk'" });
      const noVersion = await http('GET', '/policies/syneto?version=7');
      expect(noVersion.status).toBe(404);
      expect(noVersion.body.message).toBe("policy 'syneto' has no version 7");
    });

    it.each([['0'], ['two'], ['1.5']])("answers 400 naming version '%s'", async (version) => {
      const { status, body } = await http('GET', `/policies/syneto?version=${version}`);
      expect(status).toBe(400);
      expect(body.message).toBe(`version '${version}' is not a positive integer`);
      expect(body.details).toEqual([{ field: 'version', problems: [body.message] }]);
    });
  });

  describe('custom policies', () => {
    // Unique per run, so that a suite pointed at a long-lived database (TEMPORAL_ADDRESS and
    // DATABASE_URL set) starts from version 1 as well.
    const id = `acme-${process.pid}-${Date.now().toString(36)}`;
    const first: PolicyDocument = { ...presetDocument('syneto'), id, name: 'Acme support on Syneto terms' };
    const changed: PolicyDocument = structuredClone(first);
    changed.targets.pro!.P2!.acknowledge = { amount: 2, unit: 'business-hours', commitment: 'committed' };
    const opened = '2026-02-10T08:00:00Z';

    it('stores a new id as version 1 (201, Location)', async () => {
      const { status, headers, body } = await http('POST', '/policies', first);
      expect(status).toBe(201);
      expect(body).toEqual({ ...first, version: 1 });
      expect(headers.get('location')).toBe(`/policies/${id}?version=1`);
      expect((await http('GET', `/policies/${id}`)).body).toEqual({ ...first, version: 1 });
    });

    it('does not store the same document again: 200 with the version it already has', async () => {
      const { status, body } = await http('POST', '/policies', { ...first, version: 12 });
      expect(status).toBe(200);
      expect(body.version).toBe(1);
      const rows = await pool.query('SELECT version FROM policies WHERE id = $1', [id]);
      expect(rows.rows).toEqual([{ version: 1 }]);
    });

    it('stores a changed document as version 2 and previews from it; version 1 stays readable', async () => {
      const { status, body } = await http('POST', '/policies', changed);
      expect(status).toBe(201);
      expect(body).toEqual({ ...changed, version: 2 });

      expect((await http('GET', `/policies/${id}?version=1`)).body).toEqual({ ...first, version: 1 });
      expect((await http('GET', `/policies/${id}`)).body.version).toBe(2);
      const listed = (await http('GET', '/policies')).body.find((policy: { id: string }) => policy.id === id);
      expect(listed).toMatchObject({ id, version: 2, preset: false });

      const preview = await http('GET', schedulePath(id, { plan: 'pro', priority: 'P2', openedAt: opened }));
      const openedAt = Date.parse(opened);
      const expected = schedulePreview(resolvePolicySnapshot({ ...changed, version: 2 }, { at: openedAt }), 'pro', 'P2', openedAt);
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual(expected);
      expect(preview.body.clocks[0]).toMatchObject({ clock: 'acknowledge', target: '2 business hours' });
    });

    it('answers 400 naming every invalid path, and stores nothing', async () => {
      const broken = {
        ...first,
        id: 'Acme Support',
        plans: [{ id: 'pro', name: '', calendar: 'nowhere' }],
        targets: {
          pro: {
            P1: { acknowledge: { amount: -4, unit: 'business-hours', commitment: 'committed' } },
            P2: { acknowledge: { amount: 4, unit: 'business-hours', commitment: 'always' } },
          },
        },
        colour: 'red',
      };
      const { status, body } = await http('POST', '/policies', broken);
      expect(status).toBe(400);
      expect(body.statusCode).toBe(400);
      const fields = body.details.map((detail: { field: string }) => detail.field);
      const expectedPaths = [
        'id',
        'plans[0].name',
        'plans[0].calendar',
        'targets.pro.P1.acknowledge.amount',
        'targets.pro.P2.acknowledge.commitment',
        'colour',
      ];
      expect(fields).toEqual(expect.arrayContaining(expectedPaths));
      for (const path of expectedPaths) expect(body.message).toContain(path);
      const rows = await pool.query('SELECT 1 FROM policies WHERE id = $1', ['Acme Support']);
      expect(rows.rowCount).toBe(0);
    });

    it('answers 400 for a body that is not a policy document, or not JSON', async () => {
      const notADocument = await http('POST', '/policies', [1, 2, 3]);
      expect(notADocument.status).toBe(400);
      expect(notADocument.body.details).toEqual([{ field: '(document)', problems: ['a policy document must be an object'] }]);
      const malformed = await http('POST', '/policies', undefined, '{"id": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.statusCode).toBe(400);
    });

    it('refuses a preset id with 409: presets change with their files, a customised copy takes its own id', async () => {
      const { status, body } = await http('POST', '/policies', { ...presetDocument('syneto'), name: 'Syneto, our way' });
      expect(status).toBe(409);
      expect(body).toMatchObject({ statusCode: 409, error: 'Conflict', details: { id: 'syneto', presets: [...presetIds] } });
      expect(body.message).toContain("'syneto'");
      expect((await http('GET', '/policies/syneto')).body).toEqual({ ...presetDocument('syneto'), version: 1 });
    });
  });

  it('answers 401 without a key or with a bad one, and 403 to a POST by a role other than ops', async () => {
    const missing = await http('GET', '/policies', undefined, undefined, null);
    expect(missing.status).toBe(401);
    expect(missing.body).toMatchObject({ statusCode: 401, error: 'Unauthorized' });
    expect((await http('GET', '/policies/syneto/schedule', undefined, undefined, 'slaflow_k_nope_nope')).status).toBe(401);
    for (const key of [agentKey, customerKey]) {
      const refused = await http('POST', '/policies', { ...presetDocument('syneto'), id: 'not-stored' }, undefined, key);
      expect(refused.status).toBe(403);
      expect(refused.body.message).toMatch(/allowed: ops$/);
    }
    expect((await pool.query('SELECT 1 FROM policies WHERE id = $1', ['not-stored'])).rowCount).toBe(0);
    expect((await http('GET', '/policies/syneto', undefined, undefined, agentKey)).status).toBe(200);
  });

  it('documents the routes, their answers and errors in OpenAPI', async () => {
    const { body } = await http('GET', '/openapi.json', undefined, undefined, null);
    const paths = body.paths;
    expect(Object.keys(paths['/policies'].get.responses).sort()).toEqual(['200', '401', '503']);
    expect(Object.keys(paths['/policies'].post.responses).sort()).toEqual(['200', '201', '400', '401', '403', '409', '413', '415', '503']);
    expect(Object.keys(paths['/policies/{id}'].get.responses).sort()).toEqual(['200', '400', '401', '404', '503']);
    const schedule = paths['/policies/{id}/schedule'].get;
    expect(Object.keys(schedule.responses).sort()).toEqual(['200', '400', '401', '404', '503']);
    expect(schedule.parameters.map((parameter: { name: string }) => parameter.name).sort()).toEqual(['id', 'openedAt', 'plan', 'priority']);
    expect(schedule.parameters.every((parameter: { required: boolean }) => parameter.required)).toBe(true);
  });

  it('stores each preset once when several API processes start on an empty database at once, and a changed preset as the next version', async () => {
    // A schema of its own stands in for a fresh database; four data sources (four pools) for four processes.
    const schema = `policies_seed_${process.pid}`;
    await pool.query(`CREATE SCHEMA ${schema}`);
    const sources = Array.from(
      { length: 4 },
      () =>
        new DataSource({
          type: 'postgres',
          url: stack.databaseUrl,
          entities: [PolicyEntity],
          migrations: [Policies1763856000000],
          extra: { options: `-c search_path=${schema}` },
        }),
    );
    try {
      await Promise.all(sources.map((source) => source.initialize()));
      await sources[0]!.runMigrations();
      // Alectrona's file has changed since an older text of it was stored as version 1.
      const older: PolicyDocument = { ...presetDocument('alectrona'), name: 'Alectrona (older text)' };
      delete older.version; // the store keeps versions in their column, never in the document
      await pool.query(`INSERT INTO ${schema}.policies (id, version, document) VALUES ($1, 1, $2)`, ['alectrona', JSON.stringify(older)]);

      await Promise.all(sources.map((source) => new PoliciesService(source.getRepository(PolicyEntity)).onModuleInit()));

      const rows = await pool.query<{ id: string; version: number; name: string }>(
        `SELECT id, version, document->>'name' AS name FROM ${schema}.policies ORDER BY id, version`,
      );
      const expected = [...presetIds].sort().flatMap((presetId) =>
        presetId === 'alectrona'
          ? [
              { id: presetId, version: 1, name: older.name },
              { id: presetId, version: 2, name: presetDocument(presetId).name },
            ]
          : [{ id: presetId, version: 1, name: presetDocument(presetId).name }],
      );
      expect(rows.rows).toEqual(expected);
    } finally {
      await Promise.all(sources.filter((source) => source.isInitialized).map((source) => source.destroy()));
      await pool.query(`DROP SCHEMA ${schema} CASCADE`);
    }
  });
});
