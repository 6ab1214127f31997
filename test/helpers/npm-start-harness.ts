import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { freePort } from '../../infra/process/children';

/**
 * `npm start` as an operator runs it, for tests that break it: its own free ports and data folder,
 * an optional mail relay, and handles on what it runs. Nothing of the test run's servers leaks in
 * (TEMPORAL_ADDRESS, DATABASE_URL): it starts its own embedded Temporal and PostgreSQL.
 *
 * The pids of what `npm start` runs come from the file it keeps, `<data folder>/pids.json`
 * (`{ launcher, temporal, postgres, worker, api }`, rewritten on every restart).
 */
export interface NpmStartOptions {
  /** `smtp://127.0.0.1:<port>` of a mail catcher; without it email notifications fail and park. */
  smtpUrl?: string;
  /** More environment for `npm start` (SLAFLOW_WEBHOOK_SECRET, ...). */
  env?: Record<string, string>;
}

export type ProcessName = 'launcher' | 'temporal' | 'postgres' | 'worker' | 'api';

export type Caller = 'ops' | 'agent' | 'none';

export interface NpmStartAnswer {
  status: number;
  // Parsed JSON; tests read into it freely.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

export interface NpmStart {
  readonly ports: Record<'api' | 'temporal' | 'ui' | 'postgres', number>;
  readonly dataDir: string;
  readonly apiUrl: string;
  /** Resolves once `npm start` printed its addresses; rejects if it exits first. */
  readonly ready: Promise<void>;
  /** Its exit code once it has exited. */
  readonly exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr interleaved. */
  output(): string;
  /** Waits until its output from `from` (an earlier output().length) on matches; throws with the output after `timeoutMs`. */
  waitForOutput(pattern: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<RegExpMatchArray>;
  pids(): Partial<Record<ProcessName, number>>;
  /** Sends `signal` (SIGKILL by default) to one process it runs; returns that pid. */
  kill(name: ProcessName, signal?: NodeJS.Signals): number;
  /** Waits until pids.json names a running process for `name` other than `previousPid`; returns it. */
  waitForRestart(name: ProcessName, previousPid: number, timeoutMs?: number): Promise<number>;
  /** Until the API's /health answers 200 (Temporal and PostgreSQL up as the API sees them). */
  waitForHealth(timeoutMs?: number): Promise<void>;
  /** A request to the API as ops (the key `npm start` made), as an agent (a key made with it) or with no key. */
  http(method: string, path: string, options?: { body?: unknown; as?: Caller }): Promise<NpmStartAnswer>;
  /** Ctrl-C (SIGINT to its process group) and its exit code; the data folder is removed unless `keepData`. */
  stop(options?: { keepData?: boolean }): Promise<number | null>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function startNpmStart(options: NpmStartOptions = {}): Promise<NpmStart> {
  const dataDir = mkdtempSync(join(tmpdir(), 'slaflow-npm-start-'));
  // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  const ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), postgres: await freePort() };
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'TEMPORAL_UI_URL', 'SLAFLOW_TEST_STACK', 'SMTP_URL']) delete env[name];
  Object.assign(env, {
    PORT: String(ports.api),
    TEMPORAL_DEV_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.ui),
    SLAFLOW_PG_PORT: String(ports.postgres),
    SLAFLOW_DATA_DIR: dataDir,
    ...(options.smtpUrl ? { SMTP_URL: options.smtpUrl } : {}),
    ...options.env,
  });
  // Its own process group, like a terminal's foreground job, so Ctrl-C can be sent to the group.
  const child = spawn(process.execPath, [join(projectRoot, 'infra', 'bootstrap.mjs'), 'start'], {
    cwd: projectRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      hasExited = true;
      resolve(code);
    }),
  );
  const apiUrl = `http://127.0.0.1:${ports.api}`;
  const pidsFile = join(dataDir, 'pids.json');

  const waitForOutput: NpmStart['waitForOutput'] = async (pattern, { from = 0, timeoutMs = 120_000 } = {}) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = output.slice(from).match(pattern);
      if (match) return match;
      if (hasExited) throw new Error(`npm start exited before printing ${pattern}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`npm start did not print ${pattern} within ${timeoutMs / 1000}s:\n${output}`);
      await sleep(100);
    }
  };
  const ready = waitForOutput(/Ctrl-C stops everything/, { timeoutMs: 240_000 }).then(() => undefined);
  // A test that expects `npm start` to fail never awaits `ready`: its rejection is not an error then.
  ready.catch(() => undefined);

  const pids = (): Partial<Record<ProcessName, number>> =>
    existsSync(pidsFile) ? (JSON.parse(readFileSync(pidsFile, 'utf8')) as Partial<Record<ProcessName, number>>) : {};

  let agentKey: Promise<string> | undefined;
  const opsKey = (): string => readFileSync(join(dataDir, 'bootstrap-key'), 'utf8').trim();
  const http: NpmStart['http'] = async (method, path, { body, as = 'agent' } = {}) => {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (as === 'ops') headers.authorization = `Bearer ${opsKey()}`;
    if (as === 'agent') {
      agentKey ??= http('POST', '/api-keys', { body: { role: 'agent' }, as: 'ops' }).then((answer) => {
        if (answer.status !== 201) throw new Error(`agent key: ${answer.status} ${JSON.stringify(answer.body)}`);
        return answer.body.key as string;
      });
      headers.authorization = `Bearer ${await agentKey}`;
    }
    const response = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    ports,
    dataDir,
    apiUrl,
    ready,
    exited,
    output: () => output,
    waitForOutput,
    pids,
    kill(name, signal = 'SIGKILL') {
      const pid = pids()[name];
      if (pid === undefined) throw new Error(`no ${name} in ${pidsFile}: ${JSON.stringify(pids())}`);
      process.kill(pid, signal);
      return pid;
    },
    async waitForRestart(name, previousPid, timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const pid = pids()[name];
        if (pid !== undefined && pid !== previousPid && isRunning(pid)) return pid;
        if (hasExited) throw new Error(`npm start exited while waiting for ${name} to restart:\n${output}`);
        if (Date.now() > deadline) throw new Error(`${name} not restarted within ${timeoutMs / 1000}s:\n${output}`);
        await sleep(100);
      }
    },
    async waitForHealth(timeoutMs = 120_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const status = await fetch(`${apiUrl}/health`).then(
          (response) => response.status,
          () => 0,
        );
        if (status === 200) return;
        if (Date.now() > deadline) throw new Error(`/health not 200 within ${timeoutMs / 1000}s (last ${status}):\n${output}`);
        await sleep(200);
      }
    },
    http,
    async stop({ keepData = false } = {}) {
      if (!hasExited) process.kill(-child.pid!, 'SIGINT');
      const code = await exited;
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
