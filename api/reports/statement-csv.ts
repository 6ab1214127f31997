import { toCsv } from './csv';
import type { StatementDto } from './dto/statement.dto';

/** The CSV's columns: a `record` column says whether a line is a plan × priority × clock line or a breach. */
export const statementColumns = [
  'record',
  'commitment',
  'plan',
  'priority',
  'clock',
  'total',
  'met',
  'breached',
  'running',
  'attainment',
  'ticketId',
  'subject',
  'cycle',
  'dueAt',
  'stoppedAt',
  'open',
  'lateBusinessMs',
] as const;

/** One table a spreadsheet opens: the committed lines, the best-effort lines, then every breach. */
export function statementCsv(s: StatementDto): string {
  return toCsv(statementColumns, [
    ...s.committed.map((line) => ({ record: 'line', commitment: 'committed', ...line })),
    ...s.bestEffort.map((line) => ({ record: 'line', commitment: 'best-effort', ...line })),
    ...s.breaches.map((breach) => ({ record: 'breach', commitment: 'committed', ...breach })),
  ]);
}
