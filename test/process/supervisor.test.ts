import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChild } from '../../infra/process/children';
import { CrashLoopError, Supervisor, type RestartPolicy, type Service } from '../../infra/process/supervisor';

/**
 * The supervisor against tiny node child scripts: a child that dies once is started again while
 * another keeps running; one that keeps dying is given up on with its last lines; stop() during a
 * restart's delay stops everything and starts nothing more.
 */
describe('Supervisor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'slaflow-supervisor-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const script = (name: string, source: string): string => {
    const file = join(dir, `${name}.js`);
    writeFileSync(file, source);
    return file;
  };
  const stayAlive = 'setInterval(() => undefined, 1000);';
  const fast: RestartPolicy = { initialDelayMs: 10, maxDelayMs: 1_000, resetAfterMs: 60_000, maxRestarts: 3, windowMs: 60_000 };

  function service(name: string, file: string, starts: { count: number }): Service {
    return {
      name,
      start: async () => {
        starts.count += 1;
        // Quiet: the lines are kept for recentOutput() without filling the test log.
        return startChild(name, process.execPath, [file], { output: 'quiet' });
      },
    };
  }

  const isAlive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('restarts a child that exited, logs the cause and attempt, and leaves the others running', async () => {
    const marker = join(dir, 'flaky-ran-once');
    // Dies with code 3 on its first run, stays up on the second.
    const flaky = script(
      'flaky',
      `const fs = require('fs'); if (!fs.existsSync(${JSON.stringify(marker)})) { fs.writeFileSync(${JSON.stringify(marker)}, ''); process.exit(3); } ${stayAlive}`,
    );
    const steady = script('steady', stayAlive);
    const exits: Array<[string, string, number, number]> = [];
    let restarted!: (pid: number | undefined) => void;
    const restartedPid = new Promise<number | undefined>((resolve) => (restarted = resolve));
    const supervisor = new Supervisor(fast, {
      exited: (...args) => exits.push(args),
      restarted: (_name, _attempt, pid) => restarted(pid),
    });
    const starts = { steady: { count: 0 }, flaky: { count: 0 } };
    try {
      await supervisor.add(service('steady', steady, starts.steady));
      const steadyPid = supervisor.pids().steady;
      await supervisor.add(service('flaky', flaky, starts.flaky));

      const pid = await restartedPid;
      expect(exits).toEqual([['flaky', 'exit code 3', 1, 10]]);
      expect(starts).toEqual({ steady: { count: 1 }, flaky: { count: 2 } });
      expect(supervisor.pids()).toEqual({ steady: steadyPid, flaky: pid });
      expect([isAlive(steadyPid), isAlive(pid!)]).toEqual([true, true]);
    } finally {
      await supervisor.stop();
    }
    expect(supervisor.pids()).toEqual({});
  });

  it('gives up on a crash loop with the child name and its last 20 lines, after restarts with doubling delays', async () => {
    const crashing = script('crashing', `for (let i = 1; i <= 30; i++) console.log('line ' + i); process.exit(1);`);
    const delays: number[] = [];
    const supervisor = new Supervisor(fast, { exited: (_name, _cause, _attempt, delayMs) => delays.push(delayMs) });
    const starts = { count: 0 };
    try {
      await supervisor.add(service('crashing', crashing, starts));
      const error = await supervisor.failed;
      expect(error).toBeInstanceOf(CrashLoopError);
      expect(error).toMatchObject({ service: 'crashing', restarts: 3, lastCause: 'exit code 1' });
      expect(error.lastLines).toEqual(Array.from({ length: 20 }, (_, i) => `line ${i + 11}`));
      expect(error.message).toContain('crashing keeps failing');
      expect(error.message).toContain('  line 30');
      expect(delays).toEqual([10, 20, 40]);
      // The first start and three restarts; nothing after giving up.
      expect(starts.count).toBe(4);
    } finally {
      await supervisor.stop();
    }
  });

  it('starts the delay and the attempt count over after a healthy run, while still counting restarts towards a crash loop', async () => {
    // Runs 300 ms, longer than the 100 ms that count as healthy here, then dies.
    const slowCrash = script('slow-crash', 'setTimeout(() => process.exit(1), 300);');
    const exits: Array<[number, number]> = [];
    const supervisor = new Supervisor(
      { ...fast, resetAfterMs: 100 },
      { exited: (_name, _cause, attempt, delayMs) => exits.push([attempt, delayMs]) },
    );
    try {
      await supervisor.add(service('slow-crash', slowCrash, { count: 0 }));
      await expect(supervisor.failed).resolves.toMatchObject({ service: 'slow-crash', restarts: 3 });
      expect(exits).toEqual([
        [1, 10],
        [1, 10],
        [1, 10],
      ]);
    } finally {
      await supervisor.stop();
    }
  });

  it('stops during the delay before a restart without starting the child again', async () => {
    const dies = script('dies', 'process.exit(2);');
    const steady = script('steady-2', stayAlive);
    let exited!: () => void;
    const exitedOnce = new Promise<void>((resolve) => (exited = resolve));
    const supervisor = new Supervisor({ ...fast, initialDelayMs: 60_000 }, { exited: () => exited() });
    const starts = { dies: { count: 0 }, steady: { count: 0 } };
    await supervisor.add(service('steady', steady, starts.steady));
    const steadyPid = supervisor.pids().steady;
    await supervisor.add(service('dies', dies, starts.dies));
    await exitedOnce;
    await supervisor.stop();
    expect(starts).toEqual({ dies: { count: 1 }, steady: { count: 1 } });
    expect(isAlive(steadyPid)).toBe(false);
    expect(supervisor.pids()).toEqual({});
  });

  it('counts a restart whose start fails as another failure, with the output the failure carried', async () => {
    let calls = 0;
    const supervisor = new Supervisor(fast);
    const failing: Service = {
      name: 'server',
      start: async () => {
        calls += 1;
        if (calls === 1) return startChild('server', process.execPath, [script('server-once', 'process.exit(1);')]);
        throw Object.assign(new Error('port 1 in use'), { recentOutput: ['bind: address already in use'] });
      },
    };
    try {
      await supervisor.add(failing);
      const error = await supervisor.failed;
      expect(error).toMatchObject({ service: 'server', lastCause: 'restart failed: port 1 in use', lastLines: ['bind: address already in use'] });
      expect(calls).toBe(4);
    } finally {
      await supervisor.stop();
    }
  });
});
