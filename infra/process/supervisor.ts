/**
 * Keeps a set of long-running processes up: one that dies is started again after a delay that
 * doubles with each quick failure, while the others keep running. One that keeps dying is given
 * up on (a crash loop), with its last lines of output, so that the caller can stop and say why
 * instead of restarting it forever. Used by `npm start`; nothing in it is specific to slaflow.
 */

/** A started process, as the supervisor sees it. */
export interface Running {
  readonly pid: number | undefined;
  /** Resolves (or rejects) once the process has ended, with its exit code or signal name. */
  readonly exited: Promise<number | string>;
  stop(): Promise<void>;
  recentOutput(): string[];
}

/** Something to keep running: `start` resolves once it is up (a restart calls it again). */
export interface Service {
  readonly name: string;
  start(): Promise<Running>;
}

export interface RestartPolicy {
  /** Delay before the first restart; doubled for each further one, up to `maxDelayMs`. */
  initialDelayMs: number;
  maxDelayMs: number;
  /** A process that ran this long before it died counts as healthy: the delay starts over. */
  resetAfterMs: number;
  /** More restarts than this within `windowMs` is a crash loop. */
  maxRestarts: number;
  windowMs: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  initialDelayMs: 1_000,
  maxDelayMs: 30_000,
  resetAfterMs: 60_000,
  maxRestarts: 5,
  windowMs: 5 * 60_000,
};

/** Why the supervisor gave up on a service. */
export class CrashLoopError extends Error {
  constructor(
    readonly service: string,
    readonly restarts: number,
    readonly lastCause: string,
    readonly lastLines: string[],
  ) {
    super(
      `${service} keeps failing (${restarts} restarts within the crash-loop window, last: ${lastCause}); its last lines:\n` +
        (lastLines.length ? lastLines.map((line) => `  ${line}`).join('\n') : '  (no output)'),
    );
  }
}

export interface SupervisorEvents {
  /** A process ended on its own and will be started again after `delayMs`. */
  exited?(name: string, cause: string, attempt: number, delayMs: number): void;
  /** It is up again. */
  restarted?(name: string, attempt: number, pid: number | undefined): void;
  /** The set of running pids changed (a start, a restart, a stop). */
  changed?(): void;
}

interface Member {
  service: Service;
  running?: Running;
  startedAt: number;
  delayMs: number;
  /** Restarts since the last healthy run, for the log line. */
  attempt: number;
  /** When each restart within the window happened. */
  restarts: number[];
  lastLines: string[];
  timer?: NodeJS.Timeout;
  /** A restart in progress, awaited by stop(). */
  starting?: Promise<void>;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export class Supervisor {
  private readonly members: Member[] = [];
  private stopping = false;
  private giveUp!: (error: CrashLoopError) => void;
  /** Resolves when a service is in a crash loop; the supervisor then restarts nothing more. */
  readonly failed = new Promise<CrashLoopError>((resolve) => (this.giveUp = resolve));
  private hasFailed = false;

  constructor(
    private readonly policy: RestartPolicy = defaultRestartPolicy,
    private readonly events: SupervisorEvents = {},
  ) {}

  /** Starts a service and watches it from then on. A failing first start throws: nothing to restart yet. */
  async add(service: Service): Promise<void> {
    if (this.stopping) throw new Error(`not starting ${service.name}: stopping`);
    const member: Member = { service, startedAt: Date.now(), delayMs: this.policy.initialDelayMs, attempt: 0, restarts: [], lastLines: [] };
    const running = await service.start();
    this.members.push(member);
    this.watch(member, running);
  }

  /** The pid of each service now running, by name. */
  pids(): Record<string, number> {
    const pids: Record<string, number> = {};
    for (const { service, running } of this.members) if (running?.pid !== undefined) pids[service.name] = running.pid;
    return pids;
  }

  /** Stops every service, the last added first, including one waiting for its restart. */
  async stop(): Promise<void> {
    this.stopping = true;
    for (const member of [...this.members].reverse()) {
      clearTimeout(member.timer);
      await member.starting;
      const running = member.running;
      member.running = undefined;
      await running?.stop().catch((error: unknown) => console.error(error));
      this.events.changed?.();
    }
  }

  private watch(member: Member, running: Running): void {
    member.running = running;
    member.startedAt = Date.now();
    this.events.changed?.();
    running.exited.then(
      (code) => this.onExit(member, running, typeof code === 'number' ? `exit code ${code}` : `signal ${code}`),
      (error: unknown) => this.onExit(member, running, describe(error)),
    );
  }

  private onExit(member: Member, running: Running, cause: string): void {
    if (this.stopping || member.running !== running) return;
    member.running = undefined;
    member.lastLines = running.recentOutput();
    this.events.changed?.();
    this.scheduleRestart(member, cause);
  }

  private scheduleRestart(member: Member, cause: string): void {
    if (this.stopping || this.hasFailed) return;
    const now = Date.now();
    if (now - member.startedAt >= this.policy.resetAfterMs) {
      member.delayMs = this.policy.initialDelayMs;
      member.attempt = 0;
    }
    member.restarts = member.restarts.filter((at) => now - at < this.policy.windowMs);
    if (member.restarts.length >= this.policy.maxRestarts) {
      this.hasFailed = true;
      this.giveUp(new CrashLoopError(member.service.name, member.restarts.length, cause, member.lastLines.slice(-20)));
      return;
    }
    member.restarts.push(now);
    member.attempt += 1;
    const delayMs = member.delayMs;
    member.delayMs = Math.min(member.delayMs * 2, this.policy.maxDelayMs);
    this.events.exited?.(member.service.name, cause, member.attempt, delayMs);
    member.timer = setTimeout(() => {
      member.starting = this.restart(member).finally(() => (member.starting = undefined));
    }, delayMs);
  }

  private async restart(member: Member): Promise<void> {
    if (this.stopping) return;
    let running: Running;
    try {
      running = await member.service.start();
    } catch (error) {
      // A start that fails counts as another death; its output, when it carries some, is the clue.
      const lines = (error as { recentOutput?: string[] }).recentOutput;
      if (lines?.length) member.lastLines = lines;
      member.startedAt = Date.now();
      this.scheduleRestart(member, `restart failed: ${describe(error)}`);
      return;
    }
    if (this.stopping) {
      await running.stop();
      return;
    }
    this.watch(member, running);
    this.events.restarted?.(member.service.name, member.attempt, running.pid);
  }
}
