import { cpus } from 'node:os';
import { latenessLegDescriptions as legDescriptions, latenessLegNames } from '../api/lateness-breakdown';
import { formatTable } from '../text-table';
import type { StormResult } from './storm-bench';

/** The target: the last breach notification of 1,000 simultaneous deadlines within 10 s. */
export const stormTargetMs = 10_000;

export function stormVerdict(result: StormResult): { pass: boolean } {
  return { pass: result.missing === 0 && result.doubled === 0 && result.breachesAtOtherInstants === 0 && result.lastMs <= stormTargetMs };
}

const ms = (value: number): string => (Number.isNaN(value) ? 'n/a' : Math.round(value).toLocaleString('en-US'));

export function formatStormReport(result: StormResult, verdict: { pass: boolean }): string {
  const table = formatTable(
    ['tickets', 'deadline', 'arrived', 'p50 ms', 'p99 ms', 'last ms', 'missing', 'doubled', 'breaches off their instant'],
    [
      [
        String(result.opened),
        new Date(result.dueAt).toISOString(),
        String(result.latency.count),
        ms(result.latency.p50),
        ms(result.latency.p99),
        ms(result.lastMs),
        String(result.missing),
        String(result.doubled),
        String(result.breachesAtOtherInstants),
      ],
    ],
    ['right', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
  );
  const legs = formatTable(
    ['where the time goes', 'p50 ms', 'p99 ms'],
    latenessLegNames.map((name) => [legDescriptions[name], ms(result.legs[name].p50), ms(result.legs[name].p99)]),
    ['left', 'right', 'right'],
  );
  const cpu = result.cpu;
  const perTicket = (name: string): string => {
    const spent = cpu?.processes[name];
    return spent === undefined ? 'n/a' : `${ms(spent)} ms (${(spent / result.opened).toFixed(1)} ms a ticket)`;
  };
  const cpuLine = cpu
    ? `CPU from the deadline to the last arrival (${ms(cpu.machineTotal / cpus().length)} ms of wall time on ${cpus().length} cores): machine busy ${ms(cpu.machineBusy)} ms of ${ms(cpu.machineTotal)}; ` +
      `worker ${perTicket('worker')}, Temporal dev server ${perTicket('temporal')}, PostgreSQL ${perTicket('postgres')}, API ${perTicket('api')}, ` +
      `this benchmark ${perTicket('bench')}; anything else on the machine ` +
      `${ms(cpu.machineBusy - ['worker', 'temporal', 'postgres', 'api', 'bench'].reduce((sum, name) => sum + (cpu.processes[name] ?? 0), 0))} ms`
    : 'CPU: not measured (no /proc)';
  const work = result.work;
  const workLine =
    `Per breach, from its ticket's history after the timer fired (${work.tickets} tickets): ${work.workflowTasks.toFixed(2)} workflow tasks, ` +
    `${work.activities.toFixed(2)} activities, ${work.localActivities.toFixed(2)} local activities, ${work.events.toFixed(1)} history events; ` +
    `${work.stickyTimeouts} workflow tasks timed out on the sticky queue in all; a ticket's history ${ms(work.historyBytes)} bytes`;
  return [
    `Deadline storm: ${result.opened} tickets (opened in ${result.openingSeconds.toFixed(1)} s, ${result.options.concurrency} in flight) whose ` +
      `${result.options.targetMinutes}-business-minute acknowledge deadlines all fall on the calendar's opening plus the target; ` +
      'from that instant to each breach notification at the desk webhook.',
    '',
    table,
    '',
    `${legs}\n(${result.legs.count} histories read; ${result.legs.inTask} notifications sent inside the breach's own workflow task, ${result.legs.eager} notify activities dispatched eagerly)`,
    '',
    workLine,
    '',
    cpuLine,
    '',
    `Target: every breach recorded once at its instant, delivered once, none lost, the last within ${stormTargetMs / 1000} s: ${verdict.pass ? 'PASS' : 'FAIL'}`,
  ].join('\n');
}
