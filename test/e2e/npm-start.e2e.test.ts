import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../../infra/paths';
import { freePort, isPortOpen } from '../../infra/process/children';

/**
 * `npm start` as a user runs it: embedded Temporal dev server and PostgreSQL, worker and API as
 * separate processes, addresses printed; Ctrl-C stops everything; a second start finds the state
 * the first one left (SQLite file and Postgres cluster under the data folder).
 */
describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'slaflow-start-'));
  // PostgreSQL runs as its own system user when we are root: it must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  let ports: Record<'api' | 'temporal' | 'ui' | 'postgres', number>;

  beforeAll(async () => {
    ports = { api: await freePort(), temporal: await freePort(), ui: await freePort(), postgres: await freePort() };
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  function start(): { child: ChildProcess; output: () => string; ready: Promise<void>; exited: Promise<number | null> } {
    const env: NodeJS.ProcessEnv = { ...process.env };
    // Not the servers of the test run: `npm start` with nothing configured, as on a fresh machine.
    for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'TEMPORAL_UI_URL', 'SLAFLOW_TEST_STACK']) delete env[name];
    Object.assign(env, {
      PORT: String(ports.api),
      TEMPORAL_DEV_PORT: String(ports.temporal),
      TEMPORAL_UI_PORT: String(ports.ui),
      SLAFLOW_PG_PORT: String(ports.postgres),
      SLAFLOW_DATA_DIR: dataDir,
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
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes('Ctrl-C stops everything')) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited with ${code} before it was ready:\n${output}`));
      });
    });
    return { child, output: () => output, ready, exited };
  }

  async function stopWithCtrlC(run: ReturnType<typeof start>): Promise<void> {
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toBe(0);
    for (const [name, port] of Object.entries(ports)) {
      expect({ name, open: await isPortOpen(port) }).toEqual({ name, open: false });
    }
  }

  it('starts everything, prints the addresses, stops on Ctrl-C, and keeps state across a restart', async () => {
    const first = start();
    await first.ready;
    const api = `http://127.0.0.1:${ports.api}`;
    expect(first.output()).toContain(`API         ${api}`);
    expect(first.output()).toContain(`OpenAPI     ${api}/docs`);
    expect(first.output()).toContain(`Web UI      http://127.0.0.1:${ports.ui}`);

    const health = await fetch(`${api}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ info: { temporal: { status: 'up' }, postgres: { status: 'up' } } });
    expect((await fetch(`http://127.0.0.1:${ports.ui}/`)).status).toBe(200);
    expect((await fetch(`${api}/docs`)).status).toBe(200);

    // The ops key npm start made for itself, and an agent key made with it.
    expect(first.output()).toContain(`Ops key     in ${join(dataDir, 'bootstrap-key')}`);
    const opsKey = readFileSync(join(dataDir, 'bootstrap-key'), 'utf8').trim();
    expect((await fetch(`${api}/tickets`)).status).toBe(401);
    const created = await fetch(`${api}/api-keys`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${opsKey}` },
      body: JSON.stringify({ role: 'agent' }),
    });
    expect(created.status).toBe(201);
    const agent = { authorization: `Bearer ${((await created.json()) as { key: string }).key}` };
    const opened = await fetch(`${api}/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...agent },
      body: JSON.stringify({ policy: 'syneto', plan: 'basic', organisation: 'acme', subject: 'Restart me', priority: 'P3' }),
    });
    expect(opened.status).toBe(201);
    const { ticketId } = (await opened.json()) as { ticketId: string };
    await stopWithCtrlC(first);

    const second = start();
    await second.ready;
    const state = await fetch(`${api}/tickets/${ticketId}`, { headers: agent });
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ ticketId, status: 'new', subject: 'Restart me' });
    const events = await fetch(`${api}/tickets/${ticketId}/events`, { headers: agent });
    expect(events.status).toBe(200);
    await stopWithCtrlC(second);
    // Two full starts (compile, servers, worker bundle) and two stops: room for a slow machine.
  }, 300_000);
});
