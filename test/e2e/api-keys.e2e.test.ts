import { startE2eApp, type E2eApp } from '../helpers/e2e-app';

/**
 * `POST /api-keys`: an organisation binds a customer key to its tickets and means nothing on an
 * agent or ops key (they see every organisation), so it is refused there, named in the 400.
 */
describe('POST /api-keys and organisations', () => {
  let app: E2eApp;

  beforeAll(async () => {
    app = await startE2eApp({ worker: false });
  });

  afterAll(async () => {
    await app?.close();
  });

  const keysLabelled = async (label: string): Promise<number> =>
    Number((await app.pool.query<{ count: string }>('SELECT count(*) FROM api_keys WHERE label = $1', [label])).rows[0].count);

  it.each(['agent', 'ops'] as const)('refuses an organisation on an %s key with a 400 naming the field, and stores nothing', async (role) => {
    const label = `org-on-${role}-${process.pid}`;
    const answer = await app.http('POST', '/api-keys', { as: 'ops', body: { role, organisation: 'acme', label } });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `invalid fields: organisation (organisation is for customer keys only: an ${role} key sees every organisation)`,
      details: [{ field: 'organisation', problems: [`organisation is for customer keys only: an ${role} key sees every organisation`] }],
    });
    expect(await keysLabelled(label)).toBe(0);
  });

  it('makes agent and ops keys without an organisation (null in the answer) and customer keys with one', async () => {
    for (const role of ['agent', 'ops'] as const) {
      const made = await app.http('POST', '/api-keys', { as: 'ops', body: { role } });
      expect(made.status).toBe(201);
      expect(made.body).toEqual({ id: expect.stringMatching(/^k_/), key: expect.any(String), role, organisation: null });
    }
    const customer = await app.http('POST', '/api-keys', { as: 'ops', body: { role: 'customer', organisation: 'acme' } });
    expect(customer.status).toBe(201);
    expect(customer.body).toMatchObject({ role: 'customer', organisation: 'acme' });
    const withoutOrganisation = await app.http('POST', '/api-keys', { as: 'ops', body: { role: 'customer' } });
    expect(withoutOrganisation.status).toBe(400);
    expect(withoutOrganisation.body.details.map((detail: { field: string }) => detail.field)).toEqual(['organisation']);
  });

  it('documents the organisation as a nullable string in the answer and as customer-only in the request', async () => {
    const doc = (await app.http('GET', '/openapi.json', { as: 'none' })).body;
    expect(doc.components.schemas.ApiKeyCreatedDto.properties.organisation).toMatchObject({ type: 'string', nullable: true });
    // The body is one of two: a customer key with its organisation, or an agent or ops key without one.
    expect(doc.paths['/api-keys'].post.requestBody.content['application/json'].schema).toEqual({
      oneOf: [{ $ref: '#/components/schemas/CreateCustomerKeyDto' }, { $ref: '#/components/schemas/CreateStaffKeyDto' }],
    });
    expect(doc.components.schemas.CreateCustomerKeyDto).toMatchObject({ required: ['role', 'organisation'], additionalProperties: false });
    expect(doc.components.schemas.CreateStaffKeyDto).toMatchObject({ properties: { role: { enum: ['agent', 'ops'] } }, additionalProperties: false });
    expect(doc.components.schemas.CreateStaffKeyDto.properties).not.toHaveProperty('organisation');
    expect(Object.keys(doc.paths['/api-keys'].post.responses).sort()).toEqual(['201', '400', '401', '403', '413', '415', '503']);
  });
});
