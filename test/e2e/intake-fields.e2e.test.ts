import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, type E2eApp } from '../helpers/e2e-app';

/**
 * What the customer says at intake is kept: the fields given with POST /tickets are in the ticket's
 * state (GET /tickets/:id, live and once projected), in the projection's own column and with the
 * `opened` event of the audit trail; the 201 names the policy's recommended fields that were not
 * given; fields that are not flat named values are a 400 naming the field.
 */
describe('intake fields (dev server, PostgreSQL)', () => {
  const organisation = `intake-${randomBytes(4).toString('hex')}`;
  let app: E2eApp;

  beforeAll(async () => {
    app = await startE2eApp();
  });
  afterAll(() => app?.close());

  const fields = { systemSerialNumber: 'SN-4411-B', synetoOsVersion: '5.2.1', reproducible: true, remediationSteps: 'Rebooted twice.' };

  it('keeps the fields on the ticket and lists the recommended ones missing in the 201', async () => {
    const opened = await app.http('POST', '/tickets', {
      body: { policy: 'syneto', plan: 'pro', priority: 'P2', organisation, subject: 'Appliance unreachable', channel: 'portal', fields },
      as: { customer: organisation },
    });
    expect(opened.status).toBe(201);
    expect(opened.body.fields).toEqual(fields);
    // Syneto recommends seven fields ("Collect Information to Expedite Resolution"); four were given.
    expect(opened.body.intake).toEqual({ missingRecommended: ['hardwareId', 'hypervisorVersion', 'unavailableSince'] });
    const ticketId: string = opened.body.ticketId;

    const live = await app.http('GET', `/tickets/${ticketId}`, { as: { customer: organisation } });
    expect(live.status).toBe(200);
    expect(live.body.fields).toEqual(fields);

    const events = await eventually(
      () => app.http('GET', `/tickets/${ticketId}/events`),
      (answer) => answer.status === 200 && answer.body.items.length > 0,
    );
    expect(events.body.items[0]).toMatchObject({ type: 'opened', detail: { fields } });
    const projected = await eventually(
      () =>
        app.pool.query<{ fields: unknown; state_fields: unknown }>(`SELECT fields, state->'fields' AS state_fields FROM tickets WHERE id = $1`, [
          ticketId,
        ]),
      (result) => result.rows.length === 1,
    );
    expect(projected.rows[0]).toEqual({ fields, state_fields: fields });

    // Found by a plain JSON query on the projection's column.
    const bySerial = await app.pool.query<{ id: string }>(`SELECT id FROM tickets WHERE fields->>'systemSerialNumber' = $1`, ['SN-4411-B']);
    expect(bySerial.rows.map((row) => row.id)).toContain(ticketId);

    // Once the workflow has ended the state comes from the projection, fields included.
    const handle = app.temporal.workflow.getHandle(`ticket-${ticketId}`);
    await handle.terminate('test: read from the projection');
    const ended = await app.http('GET', `/tickets/${ticketId}`);
    expect(ended.status).toBe(200);
    expect(ended.body.fields).toEqual(fields);
  });

  it('a ticket without fields has an empty object and every recommended field listed', async () => {
    const opened = await app.http('POST', '/tickets', { body: { policy: 'syneto', plan: 'pro', priority: 'P4', organisation, subject: 'Question' } });
    expect(opened.status).toBe(201);
    expect(opened.body.fields).toEqual({});
    expect(opened.body.intake.missingRecommended).toEqual([
      'systemSerialNumber',
      'hardwareId',
      'synetoOsVersion',
      'hypervisorVersion',
      'unavailableSince',
      'reproducible',
      'remediationSteps',
    ]);
  });

  it.each([
    [{ serial: { nested: 1 } }, 'fields.serial must be a string, a number or a boolean'],
    [{ versions: ['1', '2'] }, 'fields.versions must be a string, a number or a boolean'],
    [{ '9lives': 'x' }, "fields.9lives: a field name is a letter then letters, digits, '_', '.' or '-', at most 64 characters"],
    [{ note: 'x'.repeat(2_001) }, 'fields.note is longer than 2000 characters'],
    ['serial', 'fields must be an object of named values'],
  ])('refuses %j with a 400 naming the field', async (given, problem) => {
    const answer = await app.http('POST', '/tickets', {
      body: { policy: 'syneto', plan: 'pro', priority: 'P4', organisation, subject: 'Bad fields', fields: given },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.details).toEqual([{ field: 'fields', problems: [problem] }]);
  });
});
