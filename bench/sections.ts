import { apiSection } from './api/api.section';
import { boardSection } from './board/board.section';
import { clusterSection } from './cluster/cluster.section';
import { calendarSection } from './calendar/calendar.section';
import { reportsSection } from './reports/reports.section';
import type { BenchSection } from './section';
import { stormSection } from './storm/storm.section';
import { workflowSection } from './workflow/workflow.section';

/** Every section of `npm run bench`, in the order they run when none is named. */
export const BENCH_SECTIONS: readonly BenchSection[] = [
  calendarSection,
  workflowSection,
  apiSection,
  stormSection,
  reportsSection,
  boardSection,
  clusterSection,
];
