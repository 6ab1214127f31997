import { WorkflowIdReusePolicy, type Client } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import type { PolicyDocument } from '../../workflows/policy';
import {
  respondUpdate,
  retryNotificationSignal,
  stateQuery,
  ticketTaskQueue,
  ticketWorkflowId,
  type OpenTicketInput,
} from '../../workflows/ticket/contract';
import { OrganisationKey, TicketPlanKey, TicketPolicyKey, TicketPriorityKey, TicketStatusKey } from '../../workflows/ticket/search-attributes';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import type { ApiBenchStack } from './api-stack';
import { addSpent, cpuSpent, readCpu, type CpuSpent } from './cpu-meter';
import { fetchHttpSend, type HttpSend } from './http-client';
import { latenessBreakdown, type LegSummary } from './lateness-breakdown';
import { runConcurrently, summarize, type LatencySummary } from './latency-stats';
import { waitForProjection } from './settle';

export interface ApiBenchOptions {
  tickets: number;
  concurrency: number;
  rounds: number;
  roundTrips: number;
  latenessTickets: number;
  /** The 24x7 acknowledge target of the lateness tickets, seconds. */
  latenessSeconds: number;
  /** Tickets a second in the paced lateness run. */
  latenessRate: number;
}

export interface CreateResult {
  method: string;
  /** Median of the rounds' rates: tickets over the time their calls took. */
  ticketsPerSecond: number;
  roundTicketsPerSecond: number[];
  /** Median of the rounds' tickets over that time plus the worker's catching up with them. */
  sustainedTicketsPerSecond: number;
  latency: LatencySummary;
  /** CPU time over this method's rounds (absent without /proc). */
  cpu?: CpuSpent;
  tickets: number;
}

export interface ApiBenchResult {
  options: ApiBenchOptions;
  ticket: { policy: string; plan: string; priority: string };
  create: { api: CreateResult; apiViaFetch: CreateResult; rawStart: CreateResult; rawStartAndQuery: CreateResult };
  roundTrip: { api: LatencySummary; rawUpdate: LatencySummary; rawSignalQuery: LatencySummary };
  lateness: { targetSeconds: number; paced: LatenessResult; burst: LatenessResult };
}

// The same cell for every created ticket: Syneto Pro P2 (no contract needed, business-hours targets).
const cell = { policy: 'syneto', plan: 'pro', priority: 'P2' } as const;
// Its own organisation per run, so that counting its tickets in the projection (`waitForProjection`)
// also works against a database that earlier runs used.
const organisation = `bench-${randomUUID().slice(0, 8)}`;
const latenessPolicy = 'bench-lateness';

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The API section's measurements, against a running stack: tickets opened through the API against
 * the same workflow started raw with the same input; sequential action round trips; and how late
 * breach notifications of seconds-long 24x7 deadlines reach a webhook.
 */
export async function runApiBench(stack: ApiBenchStack, options: ApiBenchOptions, log: (line: string) => void): Promise<ApiBenchResult> {
  // Every ticket opened, by any phase and either way: what the worker must have caught up with.
  let opened = 0;
  const countOpened = (): void => {
    opened += 1;
  };
  // The lean client for the measured rows; fetch for the row that shows what a heavier client costs.
  const api = apiClient(stack, stack.http, countOpened);
  const apiViaFetch = apiClient(stack, fetchHttpSend, countOpened);
  const document = (await api('GET', `/policies/${cell.policy}`)) as PolicyDocument & { version: number };
  const rawStart = rawStarter(stack.temporal, document, countOpened);
  /** Waits for the worker to catch up; returns when it had (ms from the call). */
  const settle = async (): Promise<number> => {
    const { caughtUpMs, waitedMs } = await waitForProjection(stack.databaseUrl, organisation, opened);
    log(
      `worker caught up with the ${opened} tickets opened so far in ${(caughtUpMs / 1000).toFixed(1)} s (waited ${(waitedMs / 1000).toFixed(1)} s)`,
    );
    return caughtUpMs;
  };

  const ticketBody = { ...cell, organisation, subject: 'Benchmark ticket' };
  const openViaApi = async (): Promise<void> => {
    await api('POST', '/tickets', ticketBody, 201);
  };
  const openViaApiWithFetch = async (): Promise<void> => {
    await apiViaFetch('POST', '/tickets', ticketBody, 201);
  };
  const openRaw = async (): Promise<void> => {
    await rawStart();
  };
  const openRawAndQuery = async (): Promise<void> => {
    await (await rawStart()).query(stateQuery);
  };

  // Warm-up: connections, JIT, the worker's workflow cache and the API's key and policy lookups.
  await runConcurrently(Math.min(50, options.tickets), options.concurrency, openViaApi);
  await runConcurrently(Math.min(50, options.tickets), options.concurrency, openViaApiWithFetch);
  await runConcurrently(Math.min(50, options.tickets), options.concurrency, openRawAndQuery);
  await settle();

  const methods = [
    { method: 'API POST /tickets', call: openViaApi },
    { method: 'API POST /tickets, fetch client', call: openViaApiWithFetch },
    { method: 'raw client.workflow.start', call: openRaw },
    { method: 'raw workflow.start + state query', call: openRawAndQuery },
  ];
  const runs = new Map<string, { rates: number[]; sustainedRates: number[]; latencies: number[]; cpu?: CpuSpent }>(
    methods.map(({ method }) => [method, { rates: [], sustainedRates: [], latencies: [] }]),
  );
  // Rounds alternate the methods, so a server that slows down as its history grows weighs on each alike.
  // The rate counts the opening calls only; the sustained rate adds the worker's catching up with them.
  for (let round = 1; round <= options.rounds; round++) {
    for (const { method, call } of methods) {
      const before = readCpu(stack.pids);
      const { elapsedMs, latenciesMs } = await runConcurrently(options.tickets, options.concurrency, call);
      const after = readCpu(stack.pids);
      // Every method outruns the worker: the next one starts once it has caught up (else it would
      // run in this one's backlog), and that wait makes the sustained rate.
      const caughtUpMs = await settle();
      const run = runs.get(method)!;
      if (before && after) run.cpu = addSpent(run.cpu, cpuSpent(before, after));
      run.rates.push((options.tickets / elapsedMs) * 1000);
      run.sustainedRates.push((options.tickets / (elapsedMs + caughtUpMs)) * 1000);
      run.latencies.push(...latenciesMs);
      log(`create round ${round}/${options.rounds}: ${method} ${((options.tickets / elapsedMs) * 1000).toFixed(1)} tickets/s`);
    }
  }
  const createResult = (method: string): CreateResult => {
    const run = runs.get(method)!;
    return {
      method,
      ticketsPerSecond: median(run.rates),
      roundTicketsPerSecond: run.rates,
      sustainedTicketsPerSecond: median(run.sustainedRates),
      latency: summarize(run.latencies),
      cpu: run.cpu,
      tickets: options.tickets * options.rounds,
    };
  };

  // The phases after creation time single calls and deadlines: each starts on a worker that has
  // caught up with the tickets opened before it (the creation rounds ended with that wait).
  const roundTrip = await measureRoundTrips(stack, api, options.roundTrips, log);
  await storeLatenessPolicy(stack, api, options.latenessSeconds);
  const paced = await measureLateness(stack, api, options.latenessTickets, { kind: 'paced', perSecond: options.latenessRate }, log);
  await settle();
  const burst = await measureLateness(stack, api, options.latenessTickets, { kind: 'burst', inFlight: 5 }, log);
  const lateness = { targetSeconds: options.latenessSeconds, paced, burst };
  return {
    options,
    ticket: cell,
    create: {
      api: createResult(methods[0].method),
      apiViaFetch: createResult(methods[1].method),
      rawStart: createResult(methods[2].method),
      rawStartAndQuery: createResult(methods[3].method),
    },
    roundTrip,
    lateness,
  };
}

type Api = (method: string, path: string, body?: unknown, expected?: number | readonly number[]) => Promise<unknown>;

/** Requests with the agent's key (the ops key for storing a policy) through `send`; `onTicketOpened` hears of each ticket opened. */
function apiClient(stack: ApiBenchStack, send: HttpSend, onTicketOpened: () => void): Api {
  return async (method, path, body, expected = 200) => {
    const headers: Record<string, string> = {
      // Storing a policy is for ops; everything else here is an agent's work.
      authorization: `Bearer ${method === 'POST' && path === '/policies' ? stack.opsKey : stack.agentKey}`,
      ...(body ? { 'content-type': 'application/json' } : {}),
    };
    const { status, text } = await send(method, `${stack.apiUrl}${path}`, headers, body === undefined ? undefined : JSON.stringify(body));
    if (!(typeof expected === 'number' ? [expected] : expected).includes(status)) throw new Error(`${method} ${path} answered ${status}: ${text}`);
    if (method === 'POST' && path === '/tickets') onTicketOpened();
    return text ? JSON.parse(text) : undefined;
  };
}

/** `client.workflow.start` of the ticket workflow exactly as the API starts it, the snapshot resolved once. */
function rawStarter(temporal: Client, document: PolicyDocument & { version: number }, onTicketOpened: () => void) {
  const snapshot = resolvePolicySnapshot(document, { at: Date.now() });
  return async () => {
    const ticketId = randomUUID();
    const input: OpenTicketInput = {
      ticketId,
      openedAt: new Date().toISOString(),
      organisation,
      subject: 'Benchmark ticket',
      plan: cell.plan,
      priority: cell.priority,
      snapshot,
      customerContacts: [],
      overQuota: false,
    };
    const handle = await temporal.workflow.start(ticketWorkflow, {
      workflowId: ticketWorkflowId(ticketId),
      taskQueue: ticketTaskQueue,
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [input],
      typedSearchAttributes: [
        { key: TicketStatusKey, value: 'new' },
        { key: TicketPriorityKey, value: cell.priority },
        { key: TicketPolicyKey, value: cell.policy },
        { key: TicketPlanKey, value: cell.plan },
        { key: OrganisationKey, value: organisation },
      ],
      staticSummary: `${cell.priority} · ${organisation} · Benchmark ticket`,
      staticDetails: `${snapshot.document.name} v${snapshot.document.version}, plan ${cell.plan}`,
    });
    onTicketOpened();
    return handle;
  };
}

/**
 * One call at a time, spread over ten acknowledged tickets (so no history nears continue-as-new):
 * a progress update through the API (HTTP → Temporal update → workflow → answer), the same update
 * raw, and a signal followed by a state query.
 */
async function measureRoundTrips(stack: ApiBenchStack, api: Api, count: number, log: (line: string) => void): Promise<ApiBenchResult['roundTrip']> {
  const ids: string[] = [];
  for (let i = 0; i < 10; i++) {
    const ticket = (await api('POST', '/tickets', { ...cell, organisation, subject: 'Round trips' }, 201)) as { ticketId: string };
    await api('POST', `/tickets/${ticket.ticketId}/responses`, { kind: 'acknowledgement', body: 'On it.' });
    ids.push(ticket.ticketId);
  }
  const handle = (index: number) => stack.temporal.workflow.getHandle(ticketWorkflowId(ids[index % ids.length]));
  const sequential = async (call: (index: number) => Promise<unknown>): Promise<LatencySummary> => {
    for (let i = 0; i < 10; i++) await call(i);
    return summarize((await runConcurrently(count, 1, async (index) => void (await call(index)))).latenciesMs);
  };
  const apiTrips = await sequential((index) =>
    api('POST', `/tickets/${ids[index % ids.length]}/responses`, { kind: 'update', body: `Update ${index}` }),
  );
  const rawUpdate = await sequential((index) =>
    handle(index).executeUpdate(respondUpdate, { args: [{ kind: 'update', body: `Raw update ${index}` }] }),
  );
  const rawSignalQuery = await sequential(async (index) => {
    // With nothing parked the signal changes nothing: what is timed is the signal and the query after it.
    await handle(index).signal(retryNotificationSignal, {});
    return handle(index).query(stateQuery);
  });
  log(
    `round trips: API update p50 ${apiTrips.p50.toFixed(1)} ms, raw update p50 ${rawUpdate.p50.toFixed(1)} ms, signal→query p50 ${rawSignalQuery.p50.toFixed(1)} ms`,
  );
  return { api: apiTrips, rawUpdate, rawSignalQuery };
}

/** How the lateness tickets are opened: one every 1/perSecond s, or as fast as `inFlight` requests at a time go. */
export type LatenessOpening = { kind: 'paced'; perSecond: number } | { kind: 'burst'; inFlight: number };

export interface LatenessResult {
  opening: LatenessOpening;
  latency: LatencySummary;
  missing: number;
  /** Tickets whose POST /tickets answered after their deadline: creation, not the timer, made them late; left out. */
  openedLate: number;
  /** Where the time went, read from the tickets' histories. */
  legs: LegSummary;
}

/** The 24x7 policy of the lateness tickets: one acknowledge target of a few seconds, breaches to the receiver. */
async function storeLatenessPolicy(stack: ApiBenchStack, api: Api, targetSeconds: number): Promise<void> {
  await api(
    'POST',
    '/policies',
    {
      id: latenessPolicy,
      name: 'Benchmark: 24x7, seconds-long acknowledge',
      calendars: { always: { kind: '24x7' } },
      plans: [{ id: 'standard', name: 'Standard', calendar: 'always' }],
      priorities: [{ id: 'P1', name: 'Urgent', rank: 1 }],
      targets: { standard: { P1: { acknowledge: { amount: targetSeconds / 60, unit: 'calendar-minutes', commitment: 'committed' } } } },
      warningThresholds: [],
      deskContacts: [{ kind: 'webhook', url: stack.receiver.url }],
      escalation: { levels: [{ level: 1, name: 'Duty manager', contacts: [] }], onBreach: false },
      intake: { requiredFields: [], recommendedFields: [], channels: ['email'] },
    },
    // 201 the first time; 200 against a database that has it already (a second run on DATABASE_URL).
    [201, 200],
  );
}

/**
 * Tickets on the lateness policy: from each deadline to the arrival of its breach notification at
 * the desk's webhook. Paced, tickets open at a steady rate, so deadlines fall due at that rate while
 * newer tickets keep opening, as on a busy desk; in a burst they open as fast as the API takes
 * them, so their deadlines fall due at the machine's full opening rate and the breaches queue
 * behind each other. A ticket whose creation answered only after its deadline measures creation,
 * not the timer, and is counted apart.
 */
async function measureLateness(
  stack: ApiBenchStack,
  api: Api,
  count: number,
  opening: LatenessOpening,
  log: (line: string) => void,
): Promise<LatenessResult> {
  const dueAt = new Map<string, number>();
  let openedLate = 0;
  const open = async (): Promise<void> => {
    const ticket = (await api(
      'POST',
      '/tickets',
      { policy: latenessPolicy, plan: 'standard', priority: 'P1', organisation, subject: 'Lateness' },
      201,
    )) as {
      ticketId: string;
      clocks: Array<{ dueAt: string }>;
    };
    const due = Date.parse(ticket.clocks[0].dueAt);
    if (Date.now() < due) dueAt.set(ticket.ticketId, due);
    else openedLate += 1;
  };
  if (opening.kind === 'burst') {
    await runConcurrently(count, opening.inFlight, open);
  } else {
    const started = performance.now();
    const opens: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const wait = started + (i * 1000) / opening.perSecond - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      opens.push(open());
    }
    await Promise.all(opens);
  }
  const lastDue = Math.max(...dueAt.values());
  const breaches = () => stack.receiver.received.filter((hook) => hook.kind === 'breach' && dueAt.has(hook.ticketId));
  while (breaches().length < dueAt.size && Date.now() < lastDue + 30_000) await new Promise((resolve) => setTimeout(resolve, 100));
  // A repeat (a retried delivery) counts once: the first arrival is the one the desk saw.
  const firstArrival = new Map<string, number>();
  for (const hook of breaches()) if (!firstArrival.has(hook.ticketId)) firstArrival.set(hook.ticketId, hook.receivedAt);
  const lateness = [...firstArrival].map(([ticketId, receivedAt]) => receivedAt - dueAt.get(ticketId)!);
  const latency = summarize(lateness);
  log(
    `lateness (${describeOpening(opening)}): ${latency.count} of ${dueAt.size} breaches arrived (${openedLate} opened after their deadline), p50 ${latency.p50} ms, p99 ${latency.p99} ms`,
  );
  const legs = await latenessBreakdown(
    stack.temporal,
    [...firstArrival].map(([ticketId, receivedAt]) => ({ ticketId, dueAt: dueAt.get(ticketId)!, receivedAt })),
  );
  return { opening, latency, missing: dueAt.size - firstArrival.size, openedLate, legs };
}

export function describeOpening(opening: LatenessOpening): string {
  return opening.kind === 'paced' ? `paced, ${opening.perSecond} a second` : `burst, ${opening.inFlight} in flight`;
}
