import type { BenchSection } from '../section';
import { formatTable } from '../text-table';
import { lateThresholdMs, measureTarget, type TargetResult } from './cluster-bench';
import { clusterTarget, devServerTarget, type BenchTarget } from './cluster-targets';

const ms = (value: number | null | undefined) => (value === null || value === undefined || Number.isNaN(value) ? '-' : `${Math.round(value)} ms`);

/**
 * The production shape against the dev server, in one run and the same load: tickets opened per
 * second through the API(s), the sustained rate at which breaches are recorded and delivered when
 * deadlines fall together, their lateness (deadline → webhook), and on the cluster the gap a
 * `kill -9` of one Temporal node causes. It measures; the issue gives no target to pass or fail.
 */
export const clusterSection: BenchSection = {
  name: 'cluster',
  title:
    'npm run cluster (two Temporal nodes on PostgreSQL, two workers, two APIs) against the dev server: opening rate, breach rate, lateness, a node kill',
  options: {
    tickets: { description: 'tickets opened to time the opening rate', default: 300, min: 1 },
    concurrency: { description: 'requests in flight while opening', default: 20, min: 1 },
    burst: { description: 'tickets whose deadlines fall together', default: 200, min: 1 },
    'target-seconds': { description: 'their 24x7 acknowledge target, seconds', default: 20, min: 5 },
    'kill-tickets': { description: 'tickets whose deadlines fall (10 a second) around a node kill on the cluster', default: 50, min: 0 },
  },
  async run(options, log) {
    const settings = {
      tickets: options.tickets,
      concurrency: options.concurrency,
      burst: options.burst,
      targetSeconds: options['target-seconds'],
      killTickets: options['kill-tickets'],
    };
    const results: TargetResult[] = [];
    for (const start of [devServerTarget, clusterTarget]) {
      const target: BenchTarget = await start(log);
      try {
        results.push(await measureTarget(target, settings, log));
      } finally {
        await target.stop();
      }
    }
    const [dev, cluster] = results;
    const rows = [
      [
        'tickets opened / s',
        dev.openedPerSecond.toFixed(1),
        cluster.openedPerSecond.toFixed(1),
        (cluster.openedPerSecond / dev.openedPerSecond).toFixed(2),
      ],
      [
        'breaches delivered / s (burst)',
        dev.breachesPerSecond.toFixed(1),
        cluster.breachesPerSecond.toFixed(1),
        (cluster.breachesPerSecond / dev.breachesPerSecond).toFixed(2),
      ],
      ['lateness p50 (burst)', ms(dev.lateness.p50), ms(cluster.lateness.p50), ''],
      ['lateness p99 (burst)', ms(dev.lateness.p99), ms(cluster.lateness.p99), ''],
      ['breaches missing', String(dev.missing), String(cluster.missing), ''],
    ];
    const kill = cluster.nodeKill;
    const text = [
      formatTable(['', 'dev server', 'cluster', 'cluster / dev'], rows, ['left', 'right', 'right', 'right']),
      '',
      kill
        ? `node kill (kill -9 of temporal-1, ${settings.killTickets} deadlines 10 a second around it): lateness p50 ${ms(kill.lateness.p50)}, p99 ${ms(kill.lateness.p99)}, ` +
          `max ${ms(kill.lateness.max)}; ${kill.lateOnes} breaches later than ${lateThresholdMs} ms, their deadlines from ${ms(kill.firstLateDueAfterKillMs)} to ` +
          `${ms(kill.lastLateDueAfterKillMs)} after the kill; ${kill.missing} missing`
        : 'node kill: not run (--kill-tickets 0)',
    ].join('\n');
    return { text, pass: undefined, json: { settings, results } };
  },
};
