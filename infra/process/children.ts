import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { createConnection, createServer } from 'node:net';

/**
 * A long-running child (dev server, worker, API) started in its own process group, so that
 * stopping it also stops anything it started, and so that the launcher decides the order of
 * shutdown instead of the terminal's Ctrl-C reaching every process at once.
 */
export interface Child {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number | undefined;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  readonly exited: Promise<number | string>;
  stop(timeoutMs?: number): Promise<void>;
  /** Its last lines of output (`prefixed` and `quiet` output), for the message of a child that keeps failing. */
  recentOutput(): string[];
}

// Enough to show why a child failed, without holding a chatty server's whole log.
const keptLines = 50;

const running = new Set<Child>();

// Last line of defence: if the launcher itself dies, take the process groups down with it.
process.on('exit', () => {
  for (const child of running) killGroup(child.process, 'SIGKILL');
});

function killGroup(proc: ChildProcess, signal: NodeJS.Signals): void {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    // Already gone.
  }
}

export function startChild(
  name: string,
  command: string,
  args: string[],
  options: SpawnOptions & {
    /** `quiet`: kept for recentOutput() only (a server's chatter, shown when it fails). */
    output?: 'inherit' | 'prefixed' | 'quiet' | 'ignore';
    /** What stop() sends first; PostgreSQL wants SIGINT (fast shutdown), SIGTERM waits for its clients. */
    stopSignal?: NodeJS.Signals;
  } = {},
): Child {
  const { output = 'prefixed', stopSignal = 'SIGTERM', ...spawnOptions } = options;
  const proc = spawn(command, args, {
    ...spawnOptions,
    detached: true,
    stdio: output === 'inherit' ? 'inherit' : ['ignore', output === 'ignore' ? 'ignore' : 'pipe', output === 'ignore' ? 'ignore' : 'pipe'],
  });
  const recent: string[] = [];
  if (output === 'prefixed' || output === 'quiet') {
    const prefix = (chunk: Buffer): string => {
      const lines = chunk
        .toString()
        .split('\n')
        .filter((line) => line.length > 0);
      recent.push(...lines);
      recent.splice(0, Math.max(0, recent.length - keptLines));
      return lines.map((line) => `[${name}] ${line}\n`).join('');
    };
    const print = output === 'prefixed';
    proc.stdout?.on('data', (chunk: Buffer) => (print ? process.stdout.write(prefix(chunk)) : prefix(chunk)));
    proc.stderr?.on('data', (chunk: Buffer) => (print ? process.stderr.write(prefix(chunk)) : prefix(chunk)));
  }
  const exited = new Promise<number | string>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code, signal) => {
      // Its last lines may still be in the pipes: wait for them to close (briefly, as a grandchild
      // could hold them open), so that recentOutput() includes why it exited.
      const settle = setTimeout(() => resolve(code ?? signal ?? 'unknown'), output === 'prefixed' || output === 'quiet' ? 200 : 0);
      proc.once('close', () => {
        clearTimeout(settle);
        resolve(code ?? signal ?? 'unknown');
      });
    });
  });
  const child: Child = {
    name,
    process: proc,
    pid: proc.pid,
    exited,
    recentOutput: () => [...recent],
    async stop(timeoutMs = 10_000) {
      killGroup(proc, stopSignal);
      const timer = setTimeout(() => killGroup(proc, 'SIGKILL'), timeoutMs);
      await exited.catch(() => undefined);
      clearTimeout(timer);
      // Grandchildren that ignored SIGTERM on their own do not outlive the group.
      killGroup(proc, 'SIGKILL');
      running.delete(child);
    },
  };
  running.add(child);
  void exited.finally(() => running.delete(child)).catch(() => undefined);
  return child;
}

/**
 * Runs a command to completion; throws with the command line on failure. With `quiet`, its output
 * is kept back and shown only if it fails (Maven's progress chatter, for one).
 */
export function runToCompletion(command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): void {
  const { quiet = false, ...spawnOptions } = options;
  const result = spawnSync(command, args, { stdio: quiet ? 'pipe' : 'inherit', ...spawnOptions });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    if (quiet) process.stderr.write(Buffer.concat([result.stdout, result.stderr].filter(Boolean) as Buffer[]));
    throw new Error(`'${command} ${args.join(' ')}' exited with ${result.status ?? result.signal}`);
  }
}

/** A TCP port on loopback (or `host`, another loopback address) that was free a moment ago. */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function isPortOpen(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Polls `probe` until it returns true; fails with `what` after `timeoutMs`, or early if `child` exits. */
export async function waitFor(
  what: string,
  probe: () => Promise<boolean>,
  {
    timeoutMs = 60_000,
    intervalMs = 100,
    child,
    signal,
  }: { timeoutMs?: number; intervalMs?: number; child?: Child; /** Gives up at once when aborted. */ signal?: AbortSignal } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitedWith: number | string | undefined;
  void child?.exited.then((code) => (exitedWith = code)).catch(() => undefined);
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (exitedWith !== undefined) throw new Error(`${what}: ${child?.name} exited with ${exitedWith} before it was ready`);
    if (Date.now() > deadline) throw new Error(`${what}: not ready after ${timeoutMs / 1000}s`);
    if (signal?.aborted) throw new Error(`${what}: no longer awaited`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
