import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, startMailCatcher, type E2eApp, type MailCatcher } from '../helpers/e2e-app';

interface Clock {
  clock: string;
  status: string;
  target: string | null;
  dueAt: string | null;
}

const clockOf = (state: { clocks: Clock[] }, name: string): Clock | undefined => state.clocks.find((clock) => clock.clock === name);
const types = (events: Array<{ type: string }>): string[] => events.map((event) => event.type);

/**
 * A ticket's whole life through HTTP, for two presets, against the dev server, PostgreSQL and a
 * mail relay in process: every step's answer, the audit trail, the list from the projection, and
 * the workflow ending once nothing is owed.
 */
describe("a ticket's life over HTTP (dev server, PostgreSQL, SMTP)", () => {
  const suffix = randomBytes(4).toString('hex');
  const organisation = `life-${suffix}`;
  const customer = { customer: organisation };
  let relay: MailCatcher;
  let app: E2eApp;

  beforeAll(async () => {
    relay = await startMailCatcher();
    app = await startE2eApp({ smtpUrl: relay.url });
    await app.contract(organisation, 'alectrona', 'standard');
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
  });

  const workflowStatus = async (ticketId: string): Promise<string> =>
    (await app.temporal.workflow.getHandle(`ticket-${ticketId}`).describe()).status.name;

  it('Syneto Mission Critical P1: assign, acknowledge, information wait, hardware replacement, resolve, confirm, survey, RCA', async () => {
    const customerEmail = `it-${suffix}@customer.test`;
    const opened = await app.http('POST', '/tickets', {
      as: customer,
      body: {
        policy: 'syneto',
        plan: 'mission-critical',
        priority: 'P1',
        organisation,
        subject: 'Storage pool offline',
        description: 'All VMs down since 08:00',
        channel: 'phone',
        customerEmail,
        fields: { systemSerialNumber: 'SYN-0042' },
      },
    });
    expect(opened.status).toBe(201);
    const id: string = opened.body.ticketId;
    expect(opened.body).toMatchObject({ status: 'new', policy: 'syneto', plan: 'mission-critical', priority: 'P1', organisation, assignee: null });
    // "Within 30 Mins. (Mission Critical)", around the clock.
    const acknowledge = clockOf(opened.body, 'acknowledge')!;
    expect(acknowledge).toMatchObject({ status: 'running', target: '30 calendar minutes' });
    expect(Date.parse(acknowledge.dueAt!) - Date.parse(opened.body.openedAt)).toBe(30 * 60_000);
    expect(clockOf(opened.body, 'hardware-replacement')).toMatchObject({ status: 'pending', target: '4 calendar hours', dueAt: null });
    expect(opened.body.rca.required).toBe(true);

    const assigned = await app.http('POST', `/tickets/${id}/assignment`, { body: { agent: 'maria' } });
    expect(assigned.body).toMatchObject({ status: 'new', assignee: 'maria' });
    const reassigned = await app.http('POST', `/tickets/${id}/assignment`, { body: { agent: 'luca' } });
    expect(reassigned.body.assignee).toBe('luca');

    const acknowledged = await app.http('POST', `/tickets/${id}/responses`, { body: { kind: 'acknowledgement', body: 'Engineer on the line.' } });
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body.status).toBe('in-progress');
    expect(clockOf(acknowledged.body, 'acknowledge')!.status).toBe('met');

    const waiting = await app.http('POST', `/tickets/${id}/info-requests`, { body: { body: 'Please send the controller logs.' } });
    expect(waiting.body.status).toBe('awaiting-customer');
    // "within 5 days of a request for information", with reminders 2 and 4 days in.
    const wait = waiting.body.awaitingCustomer;
    expect(Date.parse(wait.closesAt) - Date.parse(wait.since)).toBe(5 * 86_400_000);
    expect(Date.parse(wait.nextReminderAt) - Date.parse(wait.since)).toBe(2 * 86_400_000);
    // Agents do not answer for the customer; customers do not request information.
    expect((await app.http('POST', `/tickets/${id}/replies`, { body: { body: 'x' } })).status).toBe(403);
    expect((await app.http('POST', `/tickets/${id}/info-requests`, { as: customer, body: { body: 'x' } })).status).toBe(403);

    const replied = await app.http('POST', `/tickets/${id}/replies`, { as: customer, body: { body: 'Logs attached.' } });
    expect(replied.status).toBe(200);
    expect(replied.body).toMatchObject({ status: 'in-progress', awaitingCustomer: null });

    const diagnosed = await app.http('POST', `/tickets/${id}/diagnosis`, { body: { replacementRequired: true } });
    expect(diagnosed.status).toBe(200);
    const hardware = clockOf(diagnosed.body, 'hardware-replacement')!;
    expect(hardware.status).toBe('running');
    expect(Date.parse(hardware.dueAt!) - Date.parse(diagnosed.body.hardware.diagnosedAt)).toBe(4 * 3_600_000);
    const delivered = await app.http('POST', `/tickets/${id}/parts-delivery`);
    expect(delivered.status).toBe(200);
    expect(clockOf(delivered.body, 'hardware-replacement')!.status).toBe('met');
    expect(delivered.body.hardware.deliveredAt).not.toBeNull();

    // Confirming before the resolution is refused, naming the state.
    const early = await app.http('POST', `/tickets/${id}/confirmation`, { as: customer });
    expect(early.status).toBe(409);
    expect(early.body.details).toEqual({ status: 'in-progress' });

    const resolved = await app.http('POST', `/tickets/${id}/resolution`, { body: { code: 'hardware-replaced', summary: 'Controller replaced.' } });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ status: 'resolved', resolution: { code: 'hardware-replaced', summary: 'Controller replaced.' } });
    // RCA "tracked (no deadline)" for Mission Critical: it starts at resolution, with no target.
    expect(clockOf(resolved.body, 'rca.draft')).toMatchObject({ status: 'running', target: null, dueAt: null });

    const closed = await app.http('POST', `/tickets/${id}/confirmation`, { as: customer });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', closure: { by: 'customer' } });

    // "a satisfaction survey goes out on close": to the customer, once.
    const survey = await eventually(
      async () => relay.messages.filter((mail) => mail.header('X-Slaflow-Ticket-Id') === id),
      (mails) => mails.length > 0,
    );
    expect(survey).toHaveLength(1);
    expect(survey[0].to).toEqual([customerEmail]);
    expect(survey[0].header('X-Slaflow-Notification-Id')).toMatch(new RegExp(`^${id}/\\d+-survey$`));
    expect(survey[0].header('Subject')).toContain('how did we do?');

    // The workflow stays open while the RCA is owed, and ends when it is delivered.
    expect(await workflowStatus(id)).toBe('RUNNING');
    const rca = await app.http('POST', `/tickets/${id}/rca`, { body: { stage: 'draft', body: 'Firmware fault in controller A.' } });
    expect(rca.status).toBe(200);
    expect(clockOf(rca.body, 'rca.draft')!.status).toBe('met');
    expect(
      await eventually(
        () => workflowStatus(id),
        (status) => status === 'COMPLETED',
      ),
    ).toBe('COMPLETED');

    const events = await eventually(
      () => app.http('GET', `/tickets/${id}/events`, { as: customer }),
      (answer) => answer.body.items?.length === 11,
    );
    expect(types(events.body.items)).toEqual([
      'opened',
      'assigned',
      'reassigned',
      'acknowledged',
      'info-requested',
      'customer.replied',
      'diagnosed',
      'parts-delivered',
      'resolved',
      'closed',
      'rca.draft-delivered',
    ]);
    expect(events.body.items.map((event: { sequence: number }) => event.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(events.body.items[10].state).toMatchObject({ status: 'closed', slaBreached: false, assignee: 'luca' });

    const listed = await eventually(
      () => app.http('GET', `/tickets?policy=syneto&organisation=${organisation}&status=closed`),
      (answer) => answer.body.items.some((ticket: { ticketId: string }) => ticket.ticketId === id),
    );
    expect(listed.body.items.filter((ticket: { ticketId: string }) => ticket.ticketId === id)).toEqual([
      expect.objectContaining({
        plan: 'mission-critical',
        priority: 'P1',
        status: 'closed',
        slaBreached: false,
        breachCount: 0,
        nextDeadlineAt: null,
      }),
    ]);
    // After the workflow ended, the state still answers (the same closed ticket).
    const after = await app.http('GET', `/tickets/${id}`, { as: customer });
    expect(after.body).toMatchObject({ ticketId: id, status: 'closed' });
    const notBreached = await app.http('GET', `/tickets?organisation=${organisation}&breached=true`);
    expect(notBreached.body.items.some((ticket: { ticketId: string }) => ticket.ticketId === id)).toBe(false);
  });

  it('Alectrona: split into two sub-incidents, each resolved on its own, the parent resolves by itself, then closes', async () => {
    const opened = await app.http('POST', '/tickets', {
      body: { policy: 'alectrona', plan: 'standard', priority: 'urgent', organisation, subject: 'Fleet enrolment and reports broken' },
    });
    expect(opened.status).toBe(201);
    const id: string = opened.body.ticketId;
    expect(clockOf(opened.body, 'acknowledge')).toMatchObject({ status: 'running', target: '1 business hour' });

    const split = await app.http('POST', `/tickets/${id}/incidents`, {
      body: {
        incidents: [
          { subject: 'Enrolment fails for new devices', priority: 'high' },
          { subject: 'Weekly report empty', priority: 'medium', description: 'Since Monday' },
        ],
      },
    });
    expect(split.status).toBe(200);
    expect(split.body.status).toBe('in-progress');
    const children: string[] = split.body.subIncidents.map((sub: { ticketId: string }) => sub.ticketId);
    expect(split.body.subIncidents).toEqual([
      { ticketId: `${id}-1`, subject: 'Enrolment fails for new devices', priority: 'high', status: 'open' },
      { ticketId: `${id}-2`, subject: 'Weekly report empty', priority: 'medium', status: 'open' },
    ]);

    // Each sub-incident is a ticket of its own, with its own priority's targets.
    const first = await app.http('GET', `/tickets/${children[0]}`, { as: customer });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'new', priority: 'high', parentTicketId: id, organisation });
    expect(clockOf(first.body, 'acknowledge')!.target).toBe('2 business hours');
    const second = await app.http('GET', `/tickets/${children[1]}`);
    expect(clockOf(second.body, 'acknowledge')!.target).toBe('4 business hours');

    // The parent cannot be resolved by hand while a sub-incident is open.
    const tooSoon = await app.http('POST', `/tickets/${id}/resolution`, { body: { code: 'solution', summary: 'x' } });
    expect(tooSoon.status).toBe(409);
    expect(tooSoon.body.message).toContain('2 sub-incident(s) still open');

    expect((await app.http('POST', `/tickets/${children[0]}/responses`, { body: { kind: 'acknowledgement', body: 'Looking.' } })).status).toBe(200);
    const firstResolved = await app.http('POST', `/tickets/${children[0]}/resolution`, { body: { code: 'upgrade', summary: 'Fixed in 7.2.' } });
    expect(firstResolved.body.status).toBe('resolved');
    const halfway = await eventually(
      () => app.http('GET', `/tickets/${id}`),
      (answer) => answer.body.subIncidents.filter((sub: { status: string }) => sub.status === 'resolved').length === 1,
    );
    expect(halfway.body.status).toBe('in-progress');

    const secondResolved = await app.http('POST', `/tickets/${children[1]}/resolution`, { body: { code: 'workaround', summary: 'Run it by hand.' } });
    expect(secondResolved.body.status).toBe('resolved');
    const parentResolved = await eventually(
      () => app.http('GET', `/tickets/${id}`),
      (answer) => answer.body.status === 'resolved',
    );
    expect(parentResolved.body).toMatchObject({ status: 'resolved', resolution: { code: 'sub-incidents-resolved' } });
    expect(parentResolved.body.subIncidents.every((sub: { status: string }) => sub.status === 'resolved')).toBe(true);

    for (const ticketId of [id, ...children]) {
      const confirmed = await app.http('POST', `/tickets/${ticketId}/confirmation`, { as: customer });
      expect(confirmed.status).toBe(200);
      expect(confirmed.body.status).toBe('closed');
    }
    // No reopen window, no RCA, nothing parked: every workflow ends at close.
    for (const ticketId of [id, ...children]) {
      expect(
        await eventually(
          () => workflowStatus(ticketId),
          (status) => status === 'COMPLETED',
        ),
      ).toBe('COMPLETED');
    }

    const parentEvents = await eventually(
      () => app.http('GET', `/tickets/${id}/events`),
      (answer) => answer.body.items?.length === 7,
    );
    expect(types(parentEvents.body.items)).toEqual([
      'opened',
      'acknowledged',
      'split',
      'sub-incident-resolved',
      'sub-incident-resolved',
      'resolved',
      'closed',
    ]);
    const childEvents = await eventually(
      () => app.http('GET', `/tickets/${children[0]}/events`),
      (answer) => answer.body.items?.length === 4,
    );
    expect(types(childEvents.body.items)).toEqual(['opened', 'acknowledged', 'resolved', 'closed']);
    // A child resolved without an acknowledgement counts its resolution as the first response.
    const otherEvents = await eventually(
      () => app.http('GET', `/tickets/${children[1]}/events`),
      (answer) => answer.body.items?.length === 4,
    );
    expect(types(otherEvents.body.items)).toEqual(['opened', 'acknowledged', 'resolved', 'closed']);

    const listed = await eventually(
      () => app.http('GET', `/tickets?policy=alectrona&organisation=${organisation}`),
      (answer) =>
        answer.body.items.filter(
          (ticket: { ticketId: string; status: string }) => [id, ...children].includes(ticket.ticketId) && ticket.status === 'closed',
        ).length === 3,
    );
    const mine = listed.body.items.filter((ticket: { ticketId: string }) => [id, ...children].includes(ticket.ticketId));
    expect(mine.map((ticket: { ticketId: string; priority: string }) => [ticket.ticketId, ticket.priority]).sort()).toEqual(
      [
        [id, 'urgent'],
        [children[0], 'high'],
        [children[1], 'medium'],
      ].sort(),
    );
    expect(mine.every((ticket: { slaBreached: boolean }) => ticket.slaBreached === false)).toBe(true);
    const byPriority = await app.http('GET', `/tickets?policy=alectrona&organisation=${organisation}&priority=high`);
    expect(byPriority.body.items.map((ticket: { ticketId: string }) => ticket.ticketId)).toEqual([children[0]]);
  });
});
