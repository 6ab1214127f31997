import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, startMailCatcher, type E2eApp, type MailCatcher } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';

/**
 * The next-reply clock end to end, through HTTP only, on a custom 24x7 policy with a seconds-long
 * target so that a real deadline passes: a customer reply after the first response starts it, a
 * second reply keeps the first deadline, an agent update meets it; an unanswered reply breaches once,
 * mails the desk once and escalates. The schedule preview lists it with `dueAt: null`.
 */
describe('the next-reply clock over HTTP (dev server, PostgreSQL, SMTP)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-next-reply-${suffix}`;
  const organisation = `next-reply-${suffix}`;
  const desk = `desk-${suffix}@support.test`;
  const manager = `manager-${suffix}@support.test`;
  let relay: MailCatcher;
  let app: E2eApp;

  beforeAll(async () => {
    relay = await startMailCatcher();
    app = await startE2eApp({ smtpUrl: relay.url });
    // 6 s to answer each customer message; a breach escalates to the duty manager.
    const policy = e2ePolicy({
      id: policyId,
      name: 'E2E next reply: seconds-long targets',
      targets: { P1: { acknowledge: seconds(600), 'next-reply': seconds(6) } },
      desk: [desk],
      escalation: { contacts: [manager], onBreach: true },
    });
    const stored = await app.http('POST', '/policies', { body: policy, as: 'ops' });
    expect(stored.status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
    await relay?.down();
  });

  const nextReply = (state: { clocks: Array<{ clock: string }> }) =>
    state.clocks.find((clock) => clock.clock === 'next-reply') as
      { clock: string; status: string; dueAt: string | null; breachCount: number; target: string } | undefined;

  it('is listed in the schedule preview without a due instant', async () => {
    const preview = await app.http('GET', `/policies/${policyId}/schedule?plan=standard&priority=P1&openedAt=2026-03-02T10:00:00Z`);
    expect(preview.status).toBe(200);
    expect(preview.body.clocks).toContainEqual(
      expect.objectContaining({ clock: 'next-reply', target: '0.1 calendar minutes', commitment: 'committed', dueAt: null }),
    );
  });

  it('starts at a reply after the first response, keeps the first deadline on a second reply, is met by an update, and breaches once when nobody answers', async () => {
    const customer = { customer: organisation };
    const opened = await app.http('POST', '/tickets', {
      body: { policy: policyId, plan: 'standard', priority: 'P1', organisation, subject: 'Replication lag' },
    });
    expect(opened.status).toBe(201);
    const ticketId: string = opened.body.ticketId;
    expect(nextReply(opened.body)).toMatchObject({ status: 'pending', dueAt: null });

    // Before the first response a customer message starts nothing: the acknowledge clock covers it.
    let answer = await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'Any news?' }, as: customer });
    expect(answer.status).toBe(200);
    expect(nextReply(answer.body)).toMatchObject({ status: 'pending', dueAt: null });

    expect((await app.http('POST', `/tickets/${ticketId}/responses`, { body: { kind: 'acknowledgement', body: 'Looking.' } })).status).toBe(200);
    const before = Date.now();
    answer = await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'It is getting worse.' }, as: customer });
    const after = Date.now();
    const first = nextReply(answer.body)!;
    expect(first).toMatchObject({ status: 'running' });
    // Six seconds from the reply, which the workflow took between the request and its answer.
    const firstDue = first.dueAt!;
    expect(Date.parse(firstDue)).toBeGreaterThanOrEqual(before + 6_000);
    expect(Date.parse(firstDue)).toBeLessThanOrEqual(after + 6_000);

    // A second message before the answer keeps the earlier deadline.
    answer = await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'Hello?' }, as: customer });
    expect(nextReply(answer.body)).toMatchObject({ status: 'running', dueAt: firstDue });

    // The agent's update meets it.
    answer = await app.http('POST', `/tickets/${ticketId}/responses`, { body: { kind: 'update', body: 'Failover done.' } });
    expect(nextReply(answer.body)).toMatchObject({ status: 'met', dueAt: null, breachCount: 0 });

    // A message nobody answers: breached once at its deadline, the desk mailed once, escalated.
    answer = await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'Down again.' }, as: customer });
    const secondDue: string = nextReply(answer.body)!.dueAt!;
    const breached = await eventually(
      () => app.http('GET', `/tickets/${ticketId}`),
      (state) => nextReply(state.body)?.status === 'breached',
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(nextReply(breached.body)).toMatchObject({ breachCount: 1 });
    expect(breached.body.breaches).toEqual([expect.objectContaining({ clock: 'next-reply', dueAt: secondDue, at: secondDue })]);
    expect(breached.body.escalationLevel).toBe(1);
    // A further message while that cycle is unanswered is still the same breach.
    expect((await app.http('POST', `/tickets/${ticketId}/replies`, { body: { body: 'Anyone?' }, as: customer })).status).toBe(200);

    const breachMails = () =>
      relay.messages.filter(
        (mail) => mail.header('X-Slaflow-Ticket-Id') === ticketId && /next-reply deadline missed/.test(mail.header('Subject') ?? ''),
      );
    await eventually(
      async () => breachMails().length,
      (count) => count >= 1,
      { timeoutMs: 20_000, intervalMs: 250 },
    );
    await new Promise((resolve) => setTimeout(resolve, 8_000));
    expect(breachMails().map((mail) => mail.to)).toEqual([[desk]]);
    const state = await app.http('GET', `/tickets/${ticketId}`);
    expect(nextReply(state.body)).toMatchObject({ status: 'breached', breachCount: 1 });
    expect(state.body.breaches).toHaveLength(1);
  }, 90_000);
});
