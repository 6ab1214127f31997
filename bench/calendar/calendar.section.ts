import { packageVersion } from '../package-version';
import type { BenchSection } from '../section';
import { runCalendarBench } from './calendar-bench';
import { formatCalendarReport } from './calendar-report';
import { calendarVerdict } from './calendar-verdict';
import { CALENDAR_DESCRIPTION, US_FEDERAL_HOLIDAYS, ZONE } from './us-office-calendar';

export const calendarSection: BenchSection = {
  name: 'calendar',
  title: 'business-calendar arithmetic: slaflow against moment-business-time, dayjs-business-time, luxon-business-days',
  options: {
    inputs: { description: 'seeded inputs (starts and elapsed pairs)', default: 100_000, min: 1 },
    seed: { description: 'seed of the input generator', default: 20_250_101, min: 0 },
    // Every input by default: the peers take a few minutes for all 100k of the five operations.
    'peer-checks': { description: "inputs (the first ones) on which each peer's answers are checked; ours: all", default: 100_000, min: 1 },
    rounds: { description: 'timed rounds per library and operation (the median is reported)', default: 5, min: 1 },
    'round-ms': { description: 'minimum length of a timed round, ms', default: 500, min: 1 },
    'warmup-ms': { description: 'warm-up before the timed rounds, ms', default: 300, min: 0 },
  },
  async run(options, log) {
    const bench = runCalendarBench(
      {
        inputs: options.inputs,
        seed: options.seed,
        peerChecks: options['peer-checks'],
        rounds: options.rounds,
        roundMs: options['round-ms'],
        warmupMs: options['warmup-ms'],
      },
      log,
    );
    const verdict = calendarVerdict(bench);
    const versions = new Map(bench.libraries.flatMap(({ packages }) => packages).map((name) => [name, packageVersion(name)]));
    return {
      text: formatCalendarReport(bench, verdict, versions),
      pass: verdict.pass,
      json: {
        calendar: { description: CALENDAR_DESCRIPTION, zone: ZONE, holidays: US_FEDERAL_HOLIDAYS },
        versions: Object.fromEntries(versions),
        ...bench,
        verdict,
      },
    };
  },
};
