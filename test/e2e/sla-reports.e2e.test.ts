import { parse } from 'csv-parse/sync';
import { randomBytes } from 'node:crypto';
import { eventually, startE2eApp, type E2eApp } from '../helpers/e2e-app';
import { e2ePolicy, seconds } from '../helpers/e2e-policy';

interface Clock {
  clock: string;
  status: string;
  startedAt: string | null;
  stoppedAt: string | null;
  breachCount: number;
  breaches: Array<{ dueAt: string }>;
}

/** PostgreSQL's percentile_cont: linear interpolation between the closest ranks. */
function percentileCont(values: number[], fraction: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = fraction * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (sorted[above] - sorted[below]) * (position - below);
}

const ms = (from: string | null, to: string | null) => Date.parse(to!) - Date.parse(from!);

/**
 * SLA records and reports end to end, through HTTP, against real workflows on a custom 24x7 policy
 * whose targets are seconds long, so that real deadlines pass: acknowledgements met and breached,
 * an update cadence missed twice before an update, a ticket waiting on the customer (its cadence
 * paused), and a ticket whose deadline passes while no worker runs (running late). The expected
 * numbers come from the tickets' own states (the workflow's answers), the report from PostgreSQL.
 */
describe('SLA reports over HTTP (dev server, PostgreSQL)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-reports-${suffix}`;
  const organisation = `reports-${suffix}`;
  let app: E2eApp;

  beforeAll(async () => {
    app = await startE2eApp();
    // 8 s to acknowledge, an update every 10 s.
    const policy = e2ePolicy({
      id: policyId,
      name: 'E2E reports: seconds-long targets',
      targets: { P1: { acknowledge: seconds(8), update: seconds(10) } },
      // Five incidents a month: a sixth is accepted over the quota, its targets best-effort.
      extra: { entitlement: { contractRequired: false, incidentsPerMonth: { standard: 5 } } },
    });
    expect((await app.http('POST', '/policies', { body: policy, as: 'ops' })).status).toBe(201);
  });

  afterAll(async () => {
    await app?.close();
  });

  const open = async (subject: string): Promise<string> => {
    const opened = await app.http('POST', '/tickets', { body: { policy: policyId, plan: 'standard', priority: 'P1', organisation, subject } });
    expect(opened.status).toBe(201);
    return opened.body.ticketId;
  };
  const act = async (id: string, path: string, body: unknown) => {
    const answer = await app.http('POST', `/tickets/${id}/${path}`, { body });
    expect(answer.status).toBe(200);
    return answer.body;
  };
  const clock = (state: { clocks: Clock[] }, name: string): Clock => state.clocks.find((c) => c.clock === name)!;
  const ticket = async (id: string) => (await app.http('GET', `/tickets/${id}`)).body as { clocks: Clock[] };
  const report = (query: string, headers: Record<string, string> = {}) => app.http('GET', `/reports/sla?policy=${policyId}&${query}`, { headers });

  it('counts, attainment, running late and percentiles are what the tickets did; CSV says the same', async () => {
    // Met: acknowledged at once, then resolved (the cadence it started stops without a verdict).
    const quick = await open('Met at once');
    await act(quick, 'responses', { kind: 'acknowledgement', body: 'On it.' });
    await act(quick, 'resolution', { code: 'fixed', summary: 'Done.' });

    const [late, cadence] = await Promise.all([
      (async () => {
        // Breached: nobody answers within 8 s; acknowledged after, then resolved.
        const id = await open('Acknowledged late');
        await eventually(
          () => ticket(id),
          (state) => clock(state, 'acknowledge').status === 'breached',
          { timeoutMs: 30_000, intervalMs: 250 },
        );
        await act(id, 'responses', { kind: 'acknowledgement', body: 'Sorry.' });
        await act(id, 'resolution', { code: 'fixed', summary: 'Done.' });
        return id;
      })(),
      (async () => {
        // The cadence missed twice (10 s and 20 s after the acknowledgement), then an update meets the third interval.
        const id = await open('Updates missed twice');
        await act(id, 'responses', { kind: 'acknowledgement', body: 'Looking.' });
        await eventually(
          () => ticket(id),
          (state) => clock(state, 'update').breachCount >= 2,
          { timeoutMs: 40_000, intervalMs: 250 },
        );
        await act(id, 'responses', { kind: 'update', body: 'Progress.' });
        await act(id, 'resolution', { code: 'fixed', summary: 'Done.' });
        return id;
      })(),
    ]);

    // Paused: acknowledged, then waiting on the customer: the first update interval pauses.
    const paused = await open('Waiting on the customer');
    await act(paused, 'responses', { kind: 'acknowledgement', body: 'Hi.' });
    await act(paused, 'info-requests', { body: 'Which version?' });

    // Running late: its acknowledgement deadline passes while no worker runs, so no breach is recorded.
    const unanswered = await open('Nobody there');
    // The sixth incident of the month: over the quota, its acknowledgement best-effort.
    const overQuota = await open('Over the quota');
    await eventually(
      async () => (await app.pool.query('SELECT 1 FROM sla_cycles WHERE ticket_id = ANY($1)', [[unanswered, overQuota]])).rowCount,
      (rows) => rows === 2,
      { timeoutMs: 20_000, intervalMs: 100 },
    );
    // The tickets' states from their workflows, while a worker answers queries.
    const unansweredState = await ticket(unanswered);
    const states = Object.fromEntries(await Promise.all([quick, late, cadence, paused].map(async (id) => [id, await ticket(id)] as const)));
    await app.stopWorker();
    const unansweredDue = Date.parse(clock(unansweredState, 'acknowledge').startedAt!) + 8_000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, unansweredDue - Date.now()) + 500));

    const acknowledgeTaken = [quick, late, cadence, paused].map((id) => {
      const ack = clock(states[id], 'acknowledge');
      return ms(ack.startedAt, ack.stoppedAt);
    });
    // The cadence ticket: intervals from the acknowledgement and from each missed deadline, all ended by the update.
    const updateClock = clock(states[cadence], 'update');
    const updatedAt = updateClock.startedAt!; // the fourth interval started at the update, then stopped at the resolution
    const acknowledgedAt = clock(states[cadence], 'acknowledge').stoppedAt!;
    const missed = updateClock.breaches.map((b) => b.dueAt);
    expect(missed).toHaveLength(2);
    const updateTaken = [ms(acknowledgedAt, updatedAt), ms(missed[0], updatedAt), ms(missed[1], updatedAt)];

    const answer = await report('groupBy=clock');
    if (answer.status !== 200) throw new Error(JSON.stringify(answer.body));
    expect(answer.body).toMatchObject({ from: null, to: null, zone: 'UTC', groupBy: ['clock'] });
    const [acknowledge, update] = answer.body.rows;
    expect(answer.body.rows).toHaveLength(2);
    expect(acknowledge).toEqual({
      clock: 'acknowledge',
      total: 5,
      met: 3,
      breached: 1,
      running: 1,
      runningLate: 1,
      attainment: 0.75,
      medianBusinessMs: expect.any(Number),
      p90BusinessMs: expect.any(Number),
    });
    expect(acknowledge.medianBusinessMs).toBeCloseTo(percentileCont(acknowledgeTaken, 0.5)!, 6);
    expect(acknowledge.p90BusinessMs).toBeCloseTo(percentileCont(acknowledgeTaken, 0.9)!, 6);
    // Update intervals: quick's and late's stopped at their resolutions (cancelled), the cadence
    // ticket's two missed and one met (and a fourth cancelled), the waiting ticket's paused.
    expect(update).toEqual({
      clock: 'update',
      total: 7,
      met: 1,
      breached: 2,
      running: 1,
      runningLate: 0,
      attainment: 1 / 3,
      medianBusinessMs: expect.any(Number),
      p90BusinessMs: expect.any(Number),
    });
    expect(update.medianBusinessMs).toBeCloseTo(percentileCont(updateTaken, 0.5)!, 6);
    expect(update.p90BusinessMs).toBeCloseTo(percentileCont(updateTaken, 0.9)!, 6);

    // Grouped by nothing: one row over every cycle; by organisation and day: the same totals.
    expect((await report('')).body.rows).toEqual([expect.objectContaining({ total: 12, met: 4, breached: 3, running: 2, runningLate: 1 })]);
    const today = new Date().toISOString().slice(0, 10);
    const byDay = await report(`groupBy=organisation,day&from=${today}&zone=UTC`);
    expect(byDay.body.rows).toEqual([expect.objectContaining({ organisation, day: today, total: 12 })]);

    // CSV: the same rows, by Accept or by format=csv.
    for (const csv of [await report('groupBy=clock', { accept: 'text/csv' }), await report('groupBy=clock&format=csv')]) {
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
      const records: Array<Record<string, string>> = parse(csv.body as string, { columns: true });
      expect(records.map((r) => Object.keys(r))[0]).toEqual(['clock', ...Object.keys(acknowledge).filter((k) => k !== 'clock')]);
      const asJson = records.map((r) =>
        Object.fromEntries(Object.entries(r).map(([key, value]) => [key, key === 'clock' ? value : value === '' ? null : Number(value)])),
      );
      expect(asJson).toEqual(answer.body.rows);
    }

    // The drill-down lists exactly the breaches, newest deadline first, two to a page.
    const lateAck = clock(states[late], 'acknowledge');
    const lateDue = lateAck.breaches[0].dueAt;
    const breach = (ticketId: string, name: string, cycle: number, dueAt: string, stoppedAt: string) => ({
      ticketId,
      clock: name,
      cycle,
      outcome: 'breached',
      dueAt,
      breachedAt: dueAt,
      stoppedAt,
      lateBusinessMs: ms(dueAt, stoppedAt),
    });
    const first = await app.http('GET', `/reports/sla/cycles?policy=${policyId}&outcome=breached&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items).toEqual([
      expect.objectContaining({ ...breach(cadence, 'update', 2, missed[1], updatedAt), subject: 'Updates missed twice', organisation }),
      expect.objectContaining(breach(cadence, 'update', 1, missed[0], updatedAt)),
    ]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await app.http('GET', `/reports/sla/cycles?policy=${policyId}&outcome=breached&limit=2&cursor=${first.body.nextCursor}`);
    expect(second.body).toEqual({ items: [expect.objectContaining(breach(late, 'acknowledge', 1, lateDue, lateAck.stoppedAt!))], nextCursor: null });
    // The running-late cell's cycle is there too, still running.
    const running = await app.http('GET', `/reports/sla/cycles?policy=${policyId}&clock=acknowledge&outcome=running`);
    expect(running.body.items).toEqual([expect.objectContaining({ ticketId: unanswered, outcome: 'running', stoppedAt: null, breachedAt: null })]);

    // The customer's monthly statement: the same cycles per plan, priority and clock, every breach, the quota.
    const month = new Date().toISOString().slice(0, 7);
    const statementPath = `/organisations/${organisation}/statement?month=${month}`;
    const statement = await app.http('GET', statementPath, { as: { customer: organisation } });
    expect(statement.status).toBe(200);
    const line = (clockName: string, counts: number[], attainment: number | null) => {
      const [total, met, breached, runningCount] = counts;
      return { plan: 'standard', priority: 'P1', clock: clockName, total, met, breached, running: runningCount, attainment };
    };
    const statementBreach = (ticketId: string, subject: string, name: string, cycle: number, dueAt: string, stoppedAt: string) => ({
      ticketId,
      subject,
      plan: 'standard',
      priority: 'P1',
      clock: name,
      cycle,
      dueAt,
      stoppedAt,
      open: false,
      lateBusinessMs: ms(dueAt, stoppedAt),
    });
    expect(statement.body).toEqual({
      organisation,
      month,
      zone: 'UTC',
      from: `${month}-01T00:00:00.000Z`,
      to: expect.stringMatching(/^\d{4}-\d{2}-01T00:00:00.000Z$/),
      committed: [line('acknowledge', [5, 3, 1, 1], 0.75), line('update', [7, 1, 2, 1], 1 / 3)],
      bestEffort: [line('acknowledge', [1, 0, 0, 1], null)],
      breaches: [
        statementBreach(late, 'Acknowledged late', 'acknowledge', 1, lateDue, lateAck.stoppedAt!),
        statementBreach(cadence, 'Updates missed twice', 'update', 1, missed[0], updatedAt),
        statementBreach(cadence, 'Updates missed twice', 'update', 2, missed[1], updatedAt),
      ].sort((a, b) => a.dueAt.localeCompare(b.dueAt)),
      incidents: { used: 6, quota: 5, overQuota: 1 },
    });
    expect((await app.http('GET', statementPath, { as: 'agent' })).body).toEqual(statement.body);
    // Another organisation's customer may not read it.
    expect((await app.http('GET', statementPath, { as: { customer: `other-${suffix}` } })).status).toBe(403);
    // CSV: one table, the lines then the breaches.
    const statementCsv = await app.http('GET', statementPath, { as: { customer: organisation }, headers: { accept: 'text/csv' } });
    expect(statementCsv.headers.get('content-type')).toMatch(/^text\/csv/);
    const csvRecords: Array<Record<string, string>> = parse(statementCsv.body as string, { columns: true });
    expect(csvRecords.map((r) => [r.record, r.commitment, r.clock, r.total, r.ticketId])).toEqual([
      ['line', 'committed', 'acknowledge', '5', ''],
      ['line', 'committed', 'update', '7', ''],
      ['line', 'best-effort', 'acknowledge', '1', ''],
      ...statement.body.breaches.map((b: { clock: string; ticketId: string }) => ['breach', 'committed', b.clock, '', b.ticketId]),
    ]);
    // HTML: a page to print, with everything inline.
    const html = await app.http('GET', statementPath, { as: { customer: organisation }, headers: { accept: 'text/html' } });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html.body).toMatch(/^<!DOCTYPE html>/);
    expect(html.body).toContain('@media print');
    expect(html.body).toContain(organisation);
    expect(html.body).toContain('Updates missed twice');
    expect(html.body).not.toMatch(/(src|href)=|@import|url\(/);
    // The ticket list and an audit trail, a page at a time: every item once, in order.
    const pages = async (path: string, limit: number) => {
      const seen: Array<Record<string, unknown>> = [];
      let cursor: string | null = null;
      let count = 0;
      do {
        const answer = await app.http('GET', `${path}${path.includes('?') ? '&' : '?'}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
        expect(answer.status).toBe(200);
        seen.push(...answer.body.items);
        cursor = answer.body.nextCursor;
        count += 1;
      } while (cursor);
      return { seen, count };
    };
    const whole = await app.http('GET', `/tickets?organisation=${organisation}`);
    expect(whole.body.items).toHaveLength(6);
    expect(whole.body.nextCursor).toBeNull();
    const paged = await pages(`/tickets?organisation=${organisation}`, 4);
    expect([paged.count, paged.seen]).toEqual([2, whole.body.items]);
    const trail = await app.http('GET', `/tickets/${cadence}/events`);
    const trailPaged = await pages(`/tickets/${cadence}/events`, 2);
    expect(trailPaged.seen).toEqual(trail.body.items);
    expect(trailPaged.seen.map((event) => event.sequence)).toEqual(trail.body.items.map((_: unknown, index: number) => index + 1));
    const badMonth = await app.http('GET', `/organisations/${organisation}/statement?month=2026-13`);
    expect([badMonth.status, badMonth.body.details?.[0]?.field]).toEqual([400, 'month']);
    // Year 1 in Berlin begins in year 0 in UTC, which PostgreSQL does not read: a 400, not a 500.
    const ancientMonth = await app.http('GET', `/organisations/${organisation}/statement?month=0001-01&zone=Europe/Berlin`);
    expect([ancientMonth.status, ancientMonth.body.details?.[0]?.field]).toEqual([400, 'month']);
  }, 150_000);

  it('names a bad dimension, zone or date, and is for agents and ops only', async () => {
    const bad = async (query: string, field: string) => {
      const answer = await report(query);
      expect(answer.status).toBe(400);
      expect(answer.body.details).toEqual([expect.objectContaining({ field })]);
    };
    await bad('groupBy=colour', 'groupBy');
    await bad('groupBy=day,day', 'groupBy');
    await bad('zone=Mars/Olympus', 'zone');
    await bad('from=2026-13-01', 'from');
    await bad('to=yesterday', 'to');
    await bad('from=0001-01-01&zone=Europe/Berlin', 'from');
    await bad('to=9999-12-31T23:00:00-05:00', 'to');
    await bad('from=2026-02-01&to=2026-01-01', 'to');
    await bad('commitment=sometimes', 'commitment');
    const badCycles = await app.http('GET', '/reports/sla/cycles?cursor=not-ours');
    expect([badCycles.status, badCycles.body.details]).toEqual([400, [expect.objectContaining({ field: 'cursor' })]]);
    expect((await app.http('GET', '/reports/sla/cycles?outcome=late')).status).toBe(400);
    expect((await app.http('GET', '/reports/sla', { as: { customer: organisation } })).status).toBe(403);
    expect((await app.http('GET', '/reports/sla', { as: 'none' })).status).toBe(401);
  });
});
