import { randomBytes } from 'node:crypto';
import { eventually, type E2eApp } from './e2e-app';
import { e2ePolicy, seconds } from './e2e-policy';

/**
 * Tickets in every standing the board shows, opened through the API on a 24x7 policy whose
 * targets are seconds long, so real deadlines and warnings pass while a test runs:
 * - `breached`: P1, acknowledge in 2 s, left alone;
 * - `atRisk`: P2, acknowledge in 10 min with the policy's warning at 1% (6 s in);
 * - `running`: P3, acknowledge and resolve in 2 h (warned only after 72 s);
 * - `paused`: P3, acknowledged by an information request: awaiting the customer, resolve paused;
 * - `met`: P4, acknowledge in 2 h, acknowledged.
 * The breached and paused tickets belong to `otherOrganisation`, the rest to `organisation`.
 */
export interface BoardFixture {
  policyId: string;
  organisation: string;
  otherOrganisation: string;
  tickets: { breached: string; atRisk: string; running: string; paused: string; met: string };
}

export async function openBoardFixture(app: E2eApp): Promise<BoardFixture> {
  const suffix = randomBytes(4).toString('hex');
  const policyId = `e2e-board-${suffix}`;
  const organisation = `board-${suffix}`;
  const otherOrganisation = `board-other-${suffix}`;
  const policy = e2ePolicy({
    id: policyId,
    name: 'E2E board: one ticket in every standing',
    targets: {
      P1: { acknowledge: seconds(2) },
      P2: { acknowledge: seconds(600) },
      P3: { acknowledge: seconds(7200), resolve: seconds(7200) },
      P4: { acknowledge: seconds(7200) },
      // For a ticket a test pauses and then lets breach: resolve in 4 s, paused while awaiting the customer.
      P5: { acknowledge: seconds(7200), resolve: seconds(4) },
    },
    warningThresholds: [0.01],
    extra: {
      customerSilence: {
        reminderEvery: { amount: 2, unit: 'calendar-days' },
        maxReminders: 2,
        remindersAreRequests: false,
        close: { rule: 'inactivity', after: { amount: 5, unit: 'calendar-days' } },
      },
    },
  });
  const stored = await app.http('POST', '/policies', { body: policy, as: 'ops' });
  if (stored.status !== 201) throw new Error(`policy not stored: ${stored.status} ${JSON.stringify(stored.body)}`);
  const open = async (priority: string, org: string, subject: string): Promise<string> => {
    const opened = await app.http('POST', '/tickets', { body: { policy: policyId, plan: 'standard', priority, organisation: org, subject } });
    if (opened.status !== 201) throw new Error(`ticket not opened: ${opened.status} ${JSON.stringify(opened.body)}`);
    return opened.body.ticketId as string;
  };
  const tickets = {
    breached: await open('P1', otherOrganisation, 'Storage array offline'),
    atRisk: await open('P2', organisation, 'Backups fail every night'),
    running: await open('P3', organisation, 'Slow dashboard'),
    paused: await open('P3', otherOrganisation, 'Licence renewal question'),
    met: await open('P4', organisation, 'Feature request: dark mode'),
  };
  const act = async (ticketId: string, action: string, body: unknown) => {
    const answer = await app.http('POST', `/tickets/${ticketId}/${action}`, { body });
    if (answer.status !== 200) throw new Error(`${action} refused: ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  await act(tickets.paused, 'info-requests', { body: 'Which licence number?' });
  await act(tickets.met, 'responses', { kind: 'acknowledgement', body: 'Noted, thanks.' });
  await act(tickets.running, 'assignment', { agent: 'alice' });
  return { policyId, organisation, otherOrganisation, tickets };
}

/** Waits until the projection shows the breach and the warning (the workflow writes both at their instants). */
export async function settleBoardFixture(app: E2eApp, fixture: BoardFixture): Promise<void> {
  const standings = await eventually(
    async () => (await app.http('GET', `/board?policy=${fixture.policyId}`)).body as { tickets: Array<{ ticketId: string; standing: string }> },
    (board) =>
      board.tickets?.find((t) => t.ticketId === fixture.tickets.breached)?.standing === 'breached' &&
      board.tickets?.find((t) => t.ticketId === fixture.tickets.atRisk)?.standing === 'at-risk' &&
      board.tickets?.length === 5,
    { timeoutMs: 30_000, intervalMs: 250 },
  );
  if (standings.tickets?.length !== 5) throw new Error(`the board never showed the fixture: ${JSON.stringify(standings)}`);
}
