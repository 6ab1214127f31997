import type { BenchSection } from '../section';
import { runApiBench } from './api-bench';
import { apiVerdict, formatApiReport } from './api-report';
import { startApiBenchStack } from './api-stack';

export const apiSection: BenchSection = {
  name: 'api',
  title: 'the API against raw Temporal calls on the same dev server: ticket creation, action round trips, deadline lateness',
  options: {
    tickets: { description: 'tickets opened per method and round', default: 300, min: 1 },
    concurrency: { description: 'requests in flight while opening tickets', default: 20, min: 1 },
    rounds: { description: 'rounds of each creation method (the median rate is reported)', default: 3, min: 1 },
    'round-trips': { description: 'sequential round trips of each kind', default: 200, min: 1 },
    'lateness-tickets': { description: 'tickets whose deadline is timed to its breach notification', default: 100, min: 1 },
    'lateness-seconds': { description: 'the 24x7 acknowledge target of those tickets, seconds', default: 5, min: 1 },
    'lateness-rate': { description: 'tickets opened a second in the paced lateness run', default: 20, min: 1 },
  },
  async run(options, log) {
    const stack = await startApiBenchStack(log);
    try {
      const result = await runApiBench(
        stack,
        {
          tickets: options.tickets,
          concurrency: options.concurrency,
          rounds: options.rounds,
          roundTrips: options['round-trips'],
          latenessTickets: options['lateness-tickets'],
          latenessSeconds: options['lateness-seconds'],
          latenessRate: options['lateness-rate'],
        },
        log,
      );
      const verdict = apiVerdict(result);
      return { text: formatApiReport(result, verdict), pass: verdict.pass, json: { ...result, verdict } };
    } finally {
      await stack.stop();
    }
  },
};
