import { readdirSync, readFileSync } from 'node:fs';

/** CPU time read at one instant (ms): the whole machine's busy and total time, and named processes'. */
export interface CpuReading {
  machineBusy: number;
  machineTotal: number;
  processes: Record<string, number>;
}

/** CPU spent between two readings, ms: the machine's busy and elapsed core time, and each process's. */
export interface CpuSpent {
  machineBusy: number;
  machineTotal: number;
  processes: Record<string, number>;
}

// /proc counts in clock ticks of USER_HZ, 100 a second on every Linux build that matters here.
const tickMs = 10;

/**
 * Reads /proc (Linux): the machine's CPU time from /proc/stat and each named process's user and
 * system time (all its threads) from /proc/<pid>/stat. Undefined where there is no /proc, so the
 * benchmark reports no CPU figures rather than wrong ones.
 */
export function readCpu(pids: Record<string, number | undefined>): CpuReading | undefined {
  let stat: string;
  try {
    stat = readFileSync('/proc/stat', 'utf8');
  } catch {
    return undefined;
  }
  // cpu  user nice system idle iowait irq softirq steal guest guest_nice
  const fields = stat.split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + fields[4];
  const processes: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) {
    if (pid === undefined) continue;
    try {
      // The command name (field 2) may hold spaces: the fields after it start at the last ')'.
      const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(')').at(-1)!.trim().split(/\s+/);
      processes[name] = (Number(after[11]) + Number(after[12])) * tickMs;
    } catch {
      // The process has gone: it is left out.
    }
  }
  const self = process.cpuUsage();
  processes.bench = (self.user + self.system) / 1000;
  return { machineBusy: (total - idle) * tickMs, machineTotal: total * tickMs, processes };
}

/**
 * The CPU time (ms) of this process's descendants whose command name is one of `names` (Linux),
 * summed by name: the Temporal dev server (`temporal`) and PostgreSQL (`postgres`, the postmaster
 * and every backend), which run as children of the benchmark. Processes that exited between two
 * readings are not counted, so read it over a window in which the servers keep running.
 */
export function readDescendantsCpu(names: readonly string[]): Record<string, number> {
  const stats = new Map<number, { ppid: number; comm: string; ms: number }>();
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return {};
  }
  for (const entry of entries) {
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const comm = text.slice(text.indexOf('(') + 1, text.lastIndexOf(')'));
      const after = text
        .slice(text.lastIndexOf(')') + 1)
        .trim()
        .split(/\s+/);
      stats.set(Number(entry), { ppid: Number(after[1]), comm, ms: (Number(after[11]) + Number(after[12])) * tickMs });
    } catch {
      // Gone while listing.
    }
  }
  const isDescendant = (pid: number): boolean => {
    for (let current = stats.get(pid)?.ppid; current !== undefined && current > 1; current = stats.get(current)?.ppid) {
      if (current === process.pid) return true;
    }
    return false;
  };
  const totals: Record<string, number> = {};
  for (const [pid, { comm, ms }] of stats) {
    if (names.includes(comm) && isDescendant(pid)) totals[comm] = (totals[comm] ?? 0) + ms;
  }
  return totals;
}

export function cpuSpent(before: CpuReading, after: CpuReading): CpuSpent {
  const processes: Record<string, number> = {};
  for (const name of Object.keys(after.processes)) {
    if (name in before.processes) processes[name] = after.processes[name] - before.processes[name];
  }
  return { machineBusy: after.machineBusy - before.machineBusy, machineTotal: after.machineTotal - before.machineTotal, processes };
}

export function addSpent(a: CpuSpent | undefined, b: CpuSpent): CpuSpent {
  if (!a) return b;
  const processes: Record<string, number> = { ...a.processes };
  for (const [name, ms] of Object.entries(b.processes)) processes[name] = (processes[name] ?? 0) + ms;
  return { machineBusy: a.machineBusy + b.machineBusy, machineTotal: a.machineTotal + b.machineTotal, processes };
}
