import { startE2eApp, type E2eApp } from '../helpers/e2e-app';
import { openBoardFixture, settleBoardFixture, type BoardFixture } from '../helpers/board-fixture';

interface BoardAnswer {
  counts: Record<string, number>;
  tickets: Array<{
    ticketId: string;
    organisation: string;
    standing: string;
    nextDueAt: string | null;
    clocks: Array<{ clock: string; calendar: string | null }>;
  }>;
  calendars: Record<string, unknown>;
}

/** Reads a fetch-based SSE stream until `accept` takes an event or the time is up. */
async function readEvents(
  stream: Response,
  accept: (event: { event: string; data: { ticketId: string; organisation: string } }) => boolean,
  timeoutMs: number,
): Promise<Array<{ event: string; data: { ticketId: string; organisation: string } }>> {
  const reader = stream.body!.getReader();
  const decoder = new TextDecoder();
  const seen: Array<{ event: string; data: { ticketId: string; organisation: string } }> = [];
  let buffer = '';
  const timer = setTimeout(() => void reader.cancel(), timeoutMs);
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return seen;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || !data) continue;
        seen.push({ event, data: JSON.parse(data) });
        if (accept(seen.at(-1)!)) return seen;
      }
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => undefined);
  }
}

/**
 * The board's server side through HTTP: open tickets in known standings from the projection, the
 * counts, the filters, a customer's view, and the live stream fed by the projection's NOTIFY.
 */
describe('GET /board and its event stream (dev server, PostgreSQL)', () => {
  let app: E2eApp;
  let fixture: BoardFixture;

  beforeAll(async () => {
    app = await startE2eApp();
    fixture = await openBoardFixture(app);
    await settleBoardFixture(app, fixture);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers every open ticket with its standing, the earliest deadline first, and counts per standing', async () => {
    const answer = await app.http('GET', `/board?policy=${fixture.policyId}`);
    expect(answer.status).toBe(200);
    const board = answer.body as BoardAnswer;
    const standing = Object.fromEntries(board.tickets.map((t) => [t.ticketId, t.standing]));
    expect(standing).toEqual({
      [fixture.tickets.breached]: 'breached',
      [fixture.tickets.atRisk]: 'at-risk',
      [fixture.tickets.running]: 'running',
      [fixture.tickets.paused]: 'paused',
      [fixture.tickets.met]: 'met',
    });
    expect(board.counts).toEqual({ running: 1, 'at-risk': 1, breached: 1, paused: 1, met: 1 });
    // The breached deadline is in the past: it leads; tickets with no running deadline come last.
    expect(board.tickets[0].ticketId).toBe(fixture.tickets.breached);
    const dues = board.tickets.map((t) => t.nextDueAt);
    expect(dues.slice(-2)).toEqual([null, null]);
    // Every clock with a deadline names a calendar the answer carries (24x7: elapsed time).
    for (const ticket of board.tickets)
      for (const clock of ticket.clocks) if (clock.calendar) expect(board.calendars[clock.calendar]).toEqual({ kind: '24x7' });
  });

  it('filters by standing (counts stay over the other filters), priority, assignee and status', async () => {
    const breached = (await app.http('GET', `/board?policy=${fixture.policyId}&breached=true`)).body as BoardAnswer;
    expect(breached.tickets.map((t) => t.ticketId)).toEqual([fixture.tickets.breached]);
    expect(breached.counts.running).toBe(1);
    const atRisk = (await app.http('GET', `/board?policy=${fixture.policyId}&atRisk=true`)).body as BoardAnswer;
    expect(atRisk.tickets.map((t) => t.ticketId)).toEqual([fixture.tickets.atRisk]);
    const p3 = (await app.http('GET', `/board?policy=${fixture.policyId}&priority=P3`)).body as BoardAnswer;
    expect(p3.tickets.map((t) => t.ticketId).sort()).toEqual([fixture.tickets.running, fixture.tickets.paused].sort());
    const alice = (await app.http('GET', `/board?policy=${fixture.policyId}&assignee=alice`)).body as BoardAnswer;
    expect(alice.tickets.map((t) => t.ticketId)).toEqual([fixture.tickets.running]);
    const waiting = (await app.http('GET', `/board?policy=${fixture.policyId}&status=awaiting-customer`)).body as BoardAnswer;
    expect(waiting.tickets.map((t) => t.ticketId)).toEqual([fixture.tickets.paused]);
  });

  it("shows a customer its own organisation's tickets only, whatever the filter says", async () => {
    const customer = { customer: fixture.otherOrganisation };
    const answer = await app.http('GET', `/board?policy=${fixture.policyId}&organisation=${fixture.organisation}`, { as: customer });
    expect(answer.status).toBe(200);
    expect((answer.body as BoardAnswer).tickets.map((t) => t.ticketId).sort()).toEqual([fixture.tickets.breached, fixture.tickets.paused].sort());
    const session = await app.http('GET', '/board/session', { as: customer });
    expect(session.body).toEqual({ role: 'customer', organisation: fixture.otherOrganisation });
  });

  it('refuses bad input by name and callers without a key', async () => {
    const bad = await app.http('GET', '/board?status=closed&breached=maybe');
    expect(bad.status).toBe(400);
    expect((bad.body.details as Array<{ field: string }>).map((d) => d.field).sort()).toEqual(['breached', 'status']);
    expect((await app.http('GET', '/board', { as: 'none' })).status).toBe(401);
    expect((await app.http('GET', '/board/events', { as: 'none' })).status).toBe(401);
    expect((await app.http('GET', '/board/calendars?policy=nope&version=1&plan=standard&priority=P1')).status).toBe(404);
  });

  it('answers the calendars of a ticket page', async () => {
    const answer = await app.http('GET', `/board/calendars?policy=${fixture.policyId}&version=1&plan=standard&priority=P3`);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ clocks: { acknowledge: '24x7', resolve: '24x7' }, calendars: { '24x7': { kind: '24x7' } } });
  });

  it("streams each projection write, a customer's stream only its organisation's", async () => {
    const stream = (caller: string) => fetch(`${app.baseUrl}/board/events`, { headers: { authorization: `Bearer ${caller}` } });
    const agentStream = await stream(await app.keyFor('agent'));
    const customerStream = await stream(await app.keyFor({ customer: fixture.otherOrganisation }));
    expect(agentStream.status).toBe(200);
    expect(agentStream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const agentSeen = readEvents(agentStream, (e) => e.event === 'ticket' && e.data.ticketId === fixture.tickets.running, 15_000);
    const customerSeen = readEvents(customerStream, (e) => e.event === 'ticket' && e.data.ticketId === fixture.tickets.paused, 15_000);
    // Give both streams' LISTEN a moment to be in place before the writes they wait for.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect((await app.http('POST', `/tickets/${fixture.tickets.running}/assignment`, { body: { agent: 'bob' } })).status).toBe(200);
    expect((await app.http('POST', `/tickets/${fixture.tickets.paused}/assignment`, { body: { agent: 'carol' } })).status).toBe(200);
    const agentEvents = await agentSeen;
    expect(agentEvents.map((e) => e.data.ticketId)).toContain(fixture.tickets.running);
    const customerEvents = await customerSeen;
    expect(customerEvents.map((e) => e.data.ticketId)).toContain(fixture.tickets.paused);
    expect(customerEvents.every((e) => e.data.organisation === fixture.otherOrganisation)).toBe(true);
  });
});
