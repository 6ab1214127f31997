import { stringify } from 'csv-stringify/sync';

/** RFC 4180 CSV with a header line: one line per row, the columns in the order given, null as empty. */
export function toCsv(columns: readonly string[], rows: ReadonlyArray<Record<string, unknown>>): string {
  return stringify(
    rows.map((row) => columns.map((column) => row[column] ?? null)),
    { header: true, columns: [...columns], record_delimiter: 'windows' },
  );
}
