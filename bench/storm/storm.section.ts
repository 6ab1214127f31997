import { startApiBenchStack } from '../api/api-stack';
import type { BenchSection } from '../section';
import { runStormBench } from './storm-bench';
import { formatStormReport, stormVerdict } from './storm-report';

export const stormSection: BenchSection = {
  name: 'storm',
  title: 'a deadline storm: many tickets due on one instant (a business-hours opening), to the last breach notification',
  options: {
    tickets: { description: 'tickets whose deadlines fall on the same instant', default: 1000, min: 1 },
    concurrency: { description: 'requests in flight while opening them', default: 20, min: 1 },
    'target-minutes': { description: 'the business-minutes acknowledge target after the opening', default: 1, min: 1 },
  },
  async run(options, log) {
    const stack = await startApiBenchStack(log);
    try {
      const result = await runStormBench(
        stack,
        { tickets: options.tickets, concurrency: options.concurrency, targetMinutes: options['target-minutes'] },
        log,
      );
      const verdict = stormVerdict(result);
      return { text: formatStormReport(result, verdict), pass: verdict.pass, json: { ...result, verdict } };
    } finally {
      await stack.stop();
    }
  },
};
