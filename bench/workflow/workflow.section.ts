import type { BenchSection } from '../section';
import { formatTable } from '../text-table';
import { runTicketLife } from './ticket-life';

/** The target: continue-as-new keeps every run of a long ticket at or under this. */
const MAX_EVENTS_PER_RUN = 2000;

export const workflowSection: BenchSection = {
  name: 'workflow',
  title: 'ticket workflow history: events per run of a 90-day P1 with hourly updates, replay time of the largest run',
  options: {
    days: { description: 'simulated days of the ticket', default: 90, min: 1 },
    'update-every': { description: 'minutes between agent updates', default: 60, min: 2 },
  },
  async run(options, log) {
    const life = await runTicketLife({ days: options.days, updateEvery: options['update-every'] }, log);
    const rows = life.runs.map((run, index) => [
      String(index + 1),
      String(run.events),
      run.replayMs === null ? '' : run.replayMs.toFixed(0),
      run.replayMs === null ? '' : ((run.replayMs * 1000) / run.events).toFixed(0),
    ]);
    const largest = Math.max(...life.runs.map((run) => run.events));
    const pass = largest <= MAX_EVENTS_PER_RUN;
    const text = [
      `${life.policy}: ${life.simulatedDays} simulated days, ${life.updates} agent updates, ${life.runs.length} runs, ${(life.wallMs / 1000).toFixed(1)} s wall on the time-skipping server`,
      '',
      formatTable(['run', 'events', 'replay ms', 'replay µs/event'], rows, ['right', 'right', 'right', 'right']),
      '',
      `largest run ${largest} events (target <= ${MAX_EVENTS_PER_RUN}): ${pass ? 'PASS' : 'FAIL'}; replay time is measured, never asserted`,
    ].join('\n');
    return { text, pass, json: life };
  },
};
