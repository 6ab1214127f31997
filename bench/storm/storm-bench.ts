import { randomUUID } from 'node:crypto';
import type { ApiBenchStack } from '../api/api-stack';
import { cpuSpent, readCpu, readDescendantsCpu, type CpuSpent } from '../api/cpu-meter';
import { latenessBreakdown, type LegSummary } from '../api/lateness-breakdown';
import { runConcurrently, summarize, type LatencySummary } from '../api/latency-stats';
import { calendarOpeningAt } from './storm-calendar';
import { breachWorkSummary, type BreachWorkSummary } from './storm-histories';

export interface StormOptions {
  tickets: number;
  concurrency: number;
  /** Acknowledge target, business minutes after the opening: the instant every deadline falls on. */
  targetMinutes: number;
}

export interface StormResult {
  options: StormOptions;
  /** The one instant every ticket's deadline falls on (epoch ms). */
  dueAt: number;
  /** Tickets opened, and how long opening them took. */
  opened: number;
  openingSeconds: number;
  /** Per ticket, from the deadline to its breach notification's arrival at the desk's webhook. */
  latency: LatencySummary;
  /** From the deadline to the last breach notification's arrival. */
  lastMs: number;
  missing: number;
  /** Breach notifications that arrived more than once for one ticket. */
  doubled: number;
  /** Deadlines recorded at another instant than the deadline (read from the projection's state). */
  breachesAtOtherInstants: number;
  legs: LegSummary;
  /** What a breach cost Temporal, from the histories: workflow tasks, activities, sticky-queue timeouts. */
  work: BreachWorkSummary;
  /**
   * CPU time from the deadline to the last arrival: the machine's, and the worker's, the API's, the
   * Temporal dev server's, PostgreSQL's and this benchmark's (absent without /proc).
   */
  cpu?: CpuSpent;
}

const policyId = 'bench-storm';

/**
 * A deadline storm: `tickets` tickets opened before a calendar's opening, each with the same
 * business-minutes acknowledge target, so that every deadline falls on one instant; then the time
 * from that instant to each breach notification's arrival at the desk's webhook.
 */
export async function runStormBench(stack: ApiBenchStack, options: StormOptions, log: (line: string) => void): Promise<StormResult> {
  const send = async (method: string, path: string, key: string, body?: unknown): Promise<{ status: number; json: unknown }> => {
    const headers: Record<string, string> = { authorization: `Bearer ${key}`, ...(body ? { 'content-type': 'application/json' } : {}) };
    const { status, text } = await stack.http(method, `${stack.apiUrl}${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    return { status, json: text ? JSON.parse(text) : undefined };
  };
  // Opening the tickets and the worker's first task of each must be over before the opening: about
  // 35 tickets a second on the 2-core machine, so a minute per 1,000 and a margin.
  const lead = 30_000 + Math.ceil(options.tickets / 1000) * 60_000;
  const opening = Math.ceil((Date.now() + lead) / 60_000) * 60_000;
  const stored = await send('POST', '/policies', stack.opsKey, {
    id: policyId,
    name: 'Benchmark: a deadline storm at the opening',
    calendars: { office: calendarOpeningAt(opening) },
    plans: [{ id: 'standard', name: 'Standard', calendar: 'office' }],
    priorities: [{ id: 'P1', name: 'Urgent', rank: 1 }],
    targets: { standard: { P1: { acknowledge: { amount: options.targetMinutes, unit: 'business-minutes', commitment: 'committed' } } } },
    warningThresholds: [],
    deskContacts: [{ kind: 'webhook', url: stack.receiver.url }],
    escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [] }], onBreach: false },
    intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
  });
  // A second run against the same database stores a new version of the policy.
  if (stored.status !== 201 && stored.status !== 200) throw new Error(`POST /policies answered ${stored.status}: ${JSON.stringify(stored.json)}`);

  const organisation = `storm-${randomUUID().slice(0, 8)}`;
  const tickets = new Map<string, number>();
  const started = performance.now();
  await runConcurrently(options.tickets, options.concurrency, async () => {
    const { status, json } = await send('POST', '/tickets', stack.agentKey, {
      policy: policyId,
      plan: 'standard',
      priority: 'P1',
      organisation,
      subject: 'Storm',
    });
    if (status !== 201) throw new Error(`POST /tickets answered ${status}: ${JSON.stringify(json)}`);
    const ticket = json as { ticketId: string; clocks: Array<{ dueAt: string }> };
    tickets.set(ticket.ticketId, Date.parse(ticket.clocks[0].dueAt));
  });
  const openingSeconds = (performance.now() - started) / 1000;
  const dueAt = opening + options.targetMinutes * 60_000;
  const elsewhere = [...tickets.values()].filter((due) => due !== dueAt).length;
  if (elsewhere > 0) throw new Error(`${elsewhere} tickets are due at another instant than ${new Date(dueAt).toISOString()}`);
  if (Date.now() >= dueAt) throw new Error('the tickets opened after their deadline: raise the lead time');
  log(
    `${tickets.size} tickets opened in ${openingSeconds.toFixed(1)} s; every deadline at ${new Date(dueAt).toISOString()}, in ${((dueAt - Date.now()) / 1000).toFixed(0)} s`,
  );

  const breaches = () => stack.receiver.received.filter((hook) => hook.kind === 'breach' && tickets.has(hook.ticketId));
  await new Promise((resolve) => setTimeout(resolve, dueAt - Date.now()));
  const servers = ['temporal', 'postgres'];
  const cpuBefore = readCpu(stack.pids);
  const serversBefore = readDescendantsCpu(servers);
  while (breaches().length < tickets.size && Date.now() < dueAt + 120_000) await new Promise((resolve) => setTimeout(resolve, 50));
  const cpuAfter = readCpu(stack.pids);
  const serversAfter = readDescendantsCpu(servers);
  const cpu = cpuBefore && cpuAfter ? cpuSpent(cpuBefore, cpuAfter) : undefined;
  for (const name of servers)
    if (cpu && name in serversBefore && name in serversAfter) cpu.processes[name] = serversAfter[name] - serversBefore[name];
  // Deliveries that were repeated would arrive within the retries' backoff: a little more time.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const firstArrival = new Map<string, number>();
  let doubled = 0;
  for (const hook of breaches()) {
    if (firstArrival.has(hook.ticketId)) doubled += 1;
    else firstArrival.set(hook.ticketId, hook.receivedAt);
  }
  const lateness = [...firstArrival.values()].map((receivedAt) => receivedAt - dueAt);
  const latency = summarize(lateness);
  log(
    `${latency.count} of ${tickets.size} breach notifications arrived, p50 ${latency.p50} ms, p99 ${latency.p99} ms, last ${latency.max} ms after the deadline`,
  );

  const breachesAtOtherInstants = await countBreachesElsewhere(stack, [...tickets.keys()], dueAt);
  const legs = await latenessBreakdown(
    stack.temporal,
    [...firstArrival].map(([ticketId, receivedAt]) => ({ ticketId, dueAt, receivedAt })),
  );
  const work = await breachWorkSummary(stack.temporal, [...tickets.keys()]);
  return {
    options,
    dueAt,
    opened: tickets.size,
    openingSeconds,
    latency,
    lastMs: latency.max,
    missing: tickets.size - firstArrival.size,
    doubled,
    breachesAtOtherInstants,
    legs,
    work,
    ...(cpu ? { cpu } : {}),
  };
}

/** Breach events in the audit trail that are not at the deadline, or more than one per ticket. */
async function countBreachesElsewhere(stack: ApiBenchStack, ticketIds: string[], dueAt: number): Promise<number> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: stack.databaseUrl });
  await client.connect();
  try {
    const read = () =>
      client.query<{ ticket_id: string; at: Date }>(
        `SELECT ticket_id, at FROM ticket_events WHERE type = 'acknowledge.breached' AND ticket_id = ANY($1)`,
        [ticketIds],
      );
    // The audit writes are activities of their own: give them a minute to land.
    let { rows } = await read();
    for (const until = Date.now() + 60_000; rows.length < ticketIds.length && Date.now() < until; { rows } = await read()) {
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const perTicket = new Map<string, number>();
    let wrong = 0;
    for (const row of rows) {
      perTicket.set(row.ticket_id, (perTicket.get(row.ticket_id) ?? 0) + 1);
      if (row.at.getTime() !== dueAt) wrong += 1;
    }
    const missingOrRepeated = ticketIds.filter((id) => perTicket.get(id) !== 1).length;
    return wrong + missingOrRepeated;
  } finally {
    await client.end();
  }
}
