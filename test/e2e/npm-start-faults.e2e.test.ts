import { randomBytes } from 'node:crypto';
import { isPortOpen } from '../../infra/process/children';
import { eventually, startMailCatcher, type MailCatcher } from '../helpers/e2e-app';
import { isRunning, startNpmStart, type NpmStart, type ProcessName } from '../helpers/npm-start-harness';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OpenTicket {
  ticketId: string;
  /** Each clock that started at creation, with its deadline. */
  clocks: Array<{ clock: string; dueAt: string }>;
}

/**
 * `npm start` under faults, as an operator meets them: the worker, the API, the Temporal dev
 * server and the PostgreSQL postmaster, each killed outright (kill -9) while tickets wait on
 * deadlines of a few seconds. `npm start` brings the process back by itself, says so with the
 * cause, the API answers /health again, and every deadline that fell during or after the fault is
 * recorded once, at its instant, and its breach notification reaches the desk's mail relay exactly
 * once, with no operator. Six tickets are open across each fault. One `npm start` takes the four
 * faults in turn: each must leave it whole for the next.
 */
describe('npm start restarts what dies (kill -9 of each process across deadlines)', () => {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-faults-${suffix}`;
  const organisation = `faults-${suffix}`;
  const desk = `desk-${suffix}@support.test`;
  let relay: MailCatcher;
  let npm: NpmStart;

  beforeAll(async () => {
    relay = await startMailCatcher();
    npm = await startNpmStart({ smtpUrl: relay.url });
    await npm.ready;
    // 24x7, acknowledge within 3 s and resolve within 12 s (P1), 6 s and 18 s (P2): the first
    // deadlines fall while the killed process is coming back, the later ones after.
    const policy = {
      id: policyId,
      name: 'E2E faults: seconds-long targets',
      calendars: { always: { kind: '24x7' } },
      plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
      priorities: [
        { id: 'P1', name: 'Urgent', rank: 1 },
        { id: 'P2', name: 'High', rank: 2 },
      ],
      targets: {
        standard: {
          P1: {
            acknowledge: { amount: 0.05, unit: 'calendar-minutes', commitment: 'committed' },
            resolve: { amount: 0.2, unit: 'calendar-minutes', commitment: 'committed' },
          },
          P2: {
            acknowledge: { amount: 0.1, unit: 'calendar-minutes', commitment: 'committed' },
            resolve: { amount: 0.3, unit: 'calendar-minutes', commitment: 'committed' },
          },
        },
      },
      warningThresholds: [],
      deskContacts: [{ kind: 'email', address: desk }],
      escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [] }], onBreach: false },
      intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
    };
    const stored = await npm.http('POST', '/policies', { body: policy, as: 'ops' });
    expect({ status: stored.status, body: stored.status === 201 ? undefined : stored.body }).toEqual({ status: 201, body: undefined });
  }, 300_000);

  afterAll(async () => {
    await npm?.stop();
    await relay?.down();
  });

  const mailsOf = (ticketId: string) => relay.messages.filter((mail) => mail.header('X-Slaflow-Ticket-Id') === ticketId);

  async function open(priority: 'P1' | 'P2', subject: string): Promise<OpenTicket> {
    const answer = await npm.http('POST', '/tickets', { body: { policy: policyId, plan: 'standard', priority, organisation, subject } });
    expect(answer.status).toBe(201);
    const clocks = (answer.body.clocks as Array<{ clock: string; dueAt?: string }>).filter((clock) => clock.dueAt !== undefined);
    return { ticketId: answer.body.ticketId as string, clocks: clocks.map(({ clock, dueAt }) => ({ clock, dueAt: dueAt! })) };
  }

  /** Every clock's breach in the audit trail and the state, once each, at its deadline. */
  async function expectEachDeadlineRecordedOnce(tickets: OpenTicket[]): Promise<void> {
    const lastDeadline = Math.max(...tickets.flatMap((ticket) => ticket.clocks.map((clock) => Date.parse(clock.dueAt))));
    const breached = (events: Array<{ type: string; at: string }>) => events.filter((event) => event.type.endsWith('.breached'));
    for (const ticket of tickets) {
      await eventually(
        () => npm.http('GET', `/tickets/${ticket.ticketId}/events`),
        (answer) => answer.status === 200 && breached(answer.body.items).length >= ticket.clocks.length,
        { timeoutMs: Math.max(0, lastDeadline - Date.now()) + 90_000, intervalMs: 250 },
      );
    }
    // Room for a repeat to show up, had a restart made the workflow record a breach twice.
    await sleep(2_000);
    for (const ticket of tickets) {
      const expected = ticket.clocks.map(({ clock, dueAt }) => [`${clock}.breached`, dueAt]).sort();
      const events = await npm.http('GET', `/tickets/${ticket.ticketId}/events`);
      expect(events.status).toBe(200);
      expect(
        breached(events.body.items)
          .map((event) => [event.type, event.at])
          .sort(),
      ).toEqual(expected);
      const state = await npm.http('GET', `/tickets/${ticket.ticketId}`);
      expect(state.status).toBe(200);
      expect(state.body.breaches.map((breach: { clock: string; at: string }) => [`${breach.clock}.breached`, breach.at]).sort()).toEqual(expected);
    }
    // One breach mail per clock per ticket, each notification once: none lost, none doubled.
    for (const ticket of tickets) {
      await eventually(
        async () => mailsOf(ticket.ticketId).length,
        (count) => count >= ticket.clocks.length,
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    }
    await sleep(1_000);
    for (const ticket of tickets) {
      const mails = mailsOf(ticket.ticketId);
      const ids = mails.map((mail) => mail.header('X-Slaflow-Notification-Id'));
      expect({ ticket: ticket.ticketId, mails: mails.length, distinct: new Set(ids).size }).toEqual({
        ticket: ticket.ticketId,
        mails: ticket.clocks.length,
        distinct: ticket.clocks.length,
      });
      expect(ids.map((id) => id?.replace(/^.*\/\d+-/, '')).sort()).toEqual(ticket.clocks.map(({ clock }) => `breach-${clock}`).sort());
      for (const mail of mails) expect(mail.to).toEqual([desk]);
    }
  }

  async function killAcrossDeadlines(name: ProcessName): Promise<void> {
    const tickets: OpenTicket[] = [];
    for (const subject of ['mail queue stuck', 'VPN flaps', 'disk full']) {
      tickets.push(await open('P1', `${name} killed: ${subject}`), await open('P2', `${name} killed: ${subject}`));
    }
    for (const ticket of tickets) expect(ticket.clocks.map((clock) => clock.clock).sort()).toEqual(['acknowledge', 'resolve']);
    const others = Object.entries(npm.pids()).filter(([other]) => other !== name);
    const from = npm.output().length;
    const killed = npm.kill(name);

    const restarted = await npm.waitForRestart(name, killed);
    await npm.waitForOutput(new RegExp(`${name} exited \\(signal SIGKILL\\); restart \\d+ in \\d+(\\.\\d+)?s`), { from });
    await npm.waitForOutput(new RegExp(`${name} running again \\(restart \\d+, pid ${restarted}\\)`), { from });
    await npm.waitForHealth();
    expect(isRunning(restarted)).toBe(true);
    // The others ran on, untouched.
    expect(Object.entries(npm.pids()).filter(([other]) => other !== name)).toEqual(others);
    for (const [, pid] of others) expect(isRunning(pid)).toBe(true);

    await expectEachDeadlineRecordedOnce(tickets);
  }

  it('the worker', () => killAcrossDeadlines('worker'), 180_000);
  it('the API', () => killAcrossDeadlines('api'), 180_000);
  it('the Temporal dev server (same port and SQLite file: the workflows carry on)', () => killAcrossDeadlines('temporal'), 180_000);
  it('the PostgreSQL postmaster (recovers from its WAL)', () => killAcrossDeadlines('postgres'), 180_000);

  it('still stops everything on Ctrl-C afterwards', async () => {
    const pids = Object.values(npm.pids());
    expect(pids).toHaveLength(5);
    expect(await npm.stop()).toBe(0);
    expect(pids.filter(isRunning)).toEqual([]);
  }, 120_000);
});

/**
 * A process that cannot run (here the worker, given a delivery timeout it refuses) is restarted a
 * few times with growing delays, then `npm start` gives up: it stops everything and exits 1,
 * naming the process and showing its last lines, instead of restarting it forever.
 */
describe('npm start ends a crash loop', () => {
  it('stops everything and names the worker with its last lines after 5 restarts', async () => {
    const npm = await startNpmStart({ env: { SLAFLOW_DELIVERY_TIMEOUT_MS: '5' } });
    try {
      expect(await npm.exited).toBe(1);
      const output = npm.output();
      for (let attempt = 1; attempt <= 5; attempt++) {
        expect(output).toMatch(new RegExp(`worker exited \\(exit code \\d+\\); restart ${attempt} in \\d+s`));
      }
      expect(output).not.toContain('restart 6');
      // The give-up message, then the worker's own last words about what is wrong.
      expect(output).toMatch(
        /worker keeps failing \(5 restarts within the crash-loop window, last: exit code \d+\); its last lines:\n(.*\n)*.*SLAFLOW_DELIVERY_TIMEOUT_MS/,
      );
      expect(output).toContain('stopping (worker keeps failing)');
      for (const [name, port] of Object.entries(npm.ports)) {
        expect({ name, open: await isPortOpen(port) }).toEqual({ name, open: false });
      }
    } finally {
      await npm.stop();
    }
  }, 240_000);
});
