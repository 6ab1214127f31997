import Negotiator from 'negotiator';

export type AnswerType = 'application/json' | 'text/csv' | 'text/html';

/**
 * Which of the route's representations the client takes: `format=csv` in the query wins (a link a
 * spreadsheet can open), else the best match of `Accept`; JSON when the header is absent, is
 * `*\/*`, or names nothing the route has (a report is not refused for an exotic header).
 */
export function answerType(accept: string | undefined, offered: readonly AnswerType[], format?: string): AnswerType {
  if (format === 'csv' && offered.includes('text/csv')) return 'text/csv';
  const chosen = new Negotiator({ headers: { accept: accept ?? '*/*' } }).mediaType(offered as string[]);
  return (chosen as AnswerType | undefined) ?? 'application/json';
}
