import { summarize, runConcurrently, type LatencySummary } from '../api/latency-stats';
import type { BenchTarget } from './cluster-targets';

export interface ClusterBenchOptions {
  /** Tickets opened for the opening rate. */
  tickets: number;
  concurrency: number;
  /** Tickets whose deadlines fall together (the burst): lateness and the sustained worker rate. */
  burst: number;
  /** Their 24x7 acknowledge target, seconds. */
  targetSeconds: number;
  /** Tickets whose deadlines fall, 10 a second, while a node is killed (cluster only). */
  killTickets: number;
}

export interface TargetResult {
  target: string;
  openedPerSecond: number;
  /** Breach notifications arrived per second, from the burst's first deadline to its last arrival. */
  breachesPerSecond: number;
  lateness: LatencySummary;
  missing: number;
  /** Node kill: the lateness of every breach whose deadline fell around it, and when the late ones fell. */
  nodeKill?: {
    lateness: LatencySummary;
    missing: number;
    lateOnes: number;
    firstLateDueAfterKillMs: number | null;
    lastLateDueAfterKillMs: number | null;
  };
}

const organisation = 'bench-cluster';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** A breach notification that arrives more than this after its deadline counts as late (the node kill's gap). */
export const lateThresholdMs = 1_000;

// Parsed JSON; the benchmark reads into it freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

async function api(
  target: BenchTarget,
  index: number,
  method: string,
  path: string,
  key: string,
  body?: unknown,
): Promise<{ status: number; body: Json }> {
  const response = await fetch(`${target.apiUrls[index % target.apiUrls.length]}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function prepare(target: BenchTarget, targetSeconds: number): Promise<{ agent: string; policy: string }> {
  const created = await api(target, 0, 'POST', '/api-keys', target.opsKey, { role: 'agent' });
  if (created.status !== 201) throw new Error(`POST /api-keys answered ${created.status}`);
  const policy = `bench-cluster-${targetSeconds}s`;
  const stored = await api(target, 0, 'POST', '/policies', target.opsKey, {
    id: policy,
    name: 'Benchmark: 24x7, seconds-long acknowledge',
    calendars: { always: { kind: '24x7' } },
    plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
    priorities: [{ id: 'P1', name: 'Urgent', rank: 1 }],
    targets: { standard: { P1: { acknowledge: { amount: targetSeconds / 60, unit: 'calendar-minutes', commitment: 'committed' } } } },
    warningThresholds: [],
    deskContacts: [{ kind: 'webhook', url: target.receiver.url }],
    escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [] }], onBreach: false },
    intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
  });
  if (stored.status !== 201 && stored.status !== 200) throw new Error(`POST /policies answered ${stored.status}`);
  return { agent: created.body.key, policy };
}

async function open(target: BenchTarget, index: number, agent: string, policy: string): Promise<{ ticketId: string; dueAt: number }> {
  const answer = await api(target, index, 'POST', '/tickets', agent, {
    policy,
    plan: 'standard',
    priority: 'P1',
    organisation,
    subject: 'Benchmark',
  });
  if (answer.status !== 201) throw new Error(`POST /tickets answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  return { ticketId: answer.body.ticketId, dueAt: Date.parse(answer.body.clocks[0].dueAt) };
}

/** Waits for the breach notification of every ticket (up to 60 s past the last deadline); first arrivals only. */
async function arrivals(target: BenchTarget, dueAt: Map<string, number>): Promise<Map<string, number>> {
  const lastDue = Math.max(...dueAt.values());
  const first = new Map<string, number>();
  for (;;) {
    for (const hook of target.receiver.received)
      if (hook.kind === 'breach' && dueAt.has(hook.ticketId) && !first.has(hook.ticketId)) first.set(hook.ticketId, hook.receivedAt);
    if (first.size === dueAt.size || Date.now() > lastDue + 60_000) return first;
    await sleep(100);
  }
}

export async function measureTarget(target: BenchTarget, options: ClusterBenchOptions, log: (line: string) => void): Promise<TargetResult> {
  const { agent, policy } = await prepare(target, options.targetSeconds);
  // Opening rate: tickets on a long target (none of them breaches during the run), spread over the APIs.
  const longPolicy = (await prepare(target, 3_600)).policy;
  const opening = await runConcurrently(options.tickets, options.concurrency, async (index) => void (await open(target, index, agent, longPolicy)));
  const openedPerSecond = options.tickets / (opening.elapsedMs / 1000);
  log(`${target.name}: ${options.tickets} tickets opened in ${(opening.elapsedMs / 1000).toFixed(1)} s (${openedPerSecond.toFixed(1)}/s)`);

  // The burst: deadlines fall as fast as tickets opened; breaches queue behind each other.
  const dueAt = new Map<string, number>();
  await runConcurrently(options.burst, options.concurrency, async (index) => {
    const ticket = await open(target, index, agent, policy);
    dueAt.set(ticket.ticketId, ticket.dueAt);
  });
  const arrived = await arrivals(target, dueAt);
  const lateness = summarize([...arrived].map(([id, at]) => at - dueAt.get(id)!));
  const firstDue = Math.min(...dueAt.values());
  const lastArrival = Math.max(...arrived.values());
  const breachesPerSecond = arrived.size / Math.max(0.001, (lastArrival - firstDue) / 1000);
  log(
    `${target.name}: ${arrived.size}/${dueAt.size} breaches, lateness p50 ${lateness.p50} ms p99 ${lateness.p99} ms, ${breachesPerSecond.toFixed(1)} breaches/s`,
  );
  const result: TargetResult = { target: target.name, openedPerSecond, breachesPerSecond, lateness, missing: dueAt.size - arrived.size };

  if (target.kill && options.killTickets > 0) {
    // Deadlines 10 a second around the kill: it falls 1 s after the first one.
    const killDue = new Map<string, number>();
    for (let index = 0; index < options.killTickets; index += 1) {
      const ticket = await open(target, index, agent, policy);
      killDue.set(ticket.ticketId, ticket.dueAt);
      await sleep(100);
    }
    const killAt = Math.min(...killDue.values()) + 1_000;
    const remaining = killAt - Date.now();
    if (remaining > 0) await sleep(remaining);
    const killedAt = Date.now();
    target.kill('temporal-1');
    const killArrived = await arrivals(target, killDue);
    const killLateness = [...killArrived].map(([id, at]) => ({ due: killDue.get(id)!, late: at - killDue.get(id)! }));
    const lateOnes = killLateness.filter((entry) => entry.late > lateThresholdMs).sort((a, b) => a.due - b.due);
    result.nodeKill = {
      lateness: summarize(killLateness.map((entry) => entry.late)),
      missing: killDue.size - killArrived.size,
      lateOnes: lateOnes.length,
      firstLateDueAfterKillMs: lateOnes.length ? lateOnes[0].due - killedAt : null,
      lastLateDueAfterKillMs: lateOnes.length ? lateOnes[lateOnes.length - 1].due - killedAt : null,
    };
    log(`${target.name}: node kill: ${lateOnes.length} breaches late by more than ${lateThresholdMs} ms, max ${result.nodeKill.lateness.max} ms`);
  }
  return result;
}
