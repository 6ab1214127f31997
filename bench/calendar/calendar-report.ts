import { formatRate, formatTable } from '../text-table';
import { OPERATIONS, OURS, type CalendarBenchResult, type LibraryResult } from './calendar-bench';
import { INPUT_SPAN_END, INPUT_SPAN_START } from './calendar-inputs';
import { ADD_SPEEDUP_TARGET, label, type CalendarVerdict } from './calendar-verdict';
import { CALENDAR_DESCRIPTION, US_FEDERAL_HOLIDAYS } from './us-office-calendar';

function mismatchCell(row: LibraryResult, inputs: number): string {
  const cell = `${row.mismatches.toLocaleString('en-US')} / ${row.checked.toLocaleString('en-US')}`;
  // A count out of fewer inputs than the run has is marked, so it is not read as out of all of them.
  return row.checked < inputs ? `${cell} (first only)` : cell;
}

function wholeMinuteCell(row: LibraryResult): string {
  return `${row.wholeMinuteMismatches.toLocaleString('en-US')} / ${row.wholeMinuteChecked.toLocaleString('en-US')}`;
}

/** How many inputs each library's answers were checked on, in words. */
function checkedLine(bench: CalendarBenchResult): string {
  const inputs = bench.options.inputs.toLocaleString('en-US');
  const peerCounts = [...new Set(bench.results.filter((row) => row.library !== OURS && row.unsupported === undefined).map((row) => row.checked))];
  if (peerCounts.every((count) => count === bench.options.inputs)) {
    return `checked: every answer of every library, on all ${inputs} inputs of each operation, against a minute-stepping oracle`;
  }
  const peers = peerCounts.map((count) => count.toLocaleString('en-US')).join(', ');
  return (
    `checked: against a minute-stepping oracle; ours on all ${inputs} inputs, each peer on the first ${peers} only (--peer-checks): ` +
    `a peer's mismatch count is out of ${peers} inputs, not ${inputs}`
  );
}

/** The printed report: the table, what each library is and how it was set up, the verdict. */
export function formatCalendarReport(bench: CalendarBenchResult, verdict: CalendarVerdict, versions: ReadonlyMap<string, string>): string {
  const { options } = bench;
  const rows: string[][] = [];
  const footnotes: string[] = [];
  for (const operation of OPERATIONS) {
    const ratio = verdict.ratios.find((candidate) => candidate.operation === operation.id);
    bench.results
      .filter((row) => row.operation === operation.id)
      .forEach((row, index) => {
        const first = index === 0 ? operation.label : '';
        if (row.unsupported !== undefined) {
          rows.push([first, row.library, 'n/a', '', 'n/a', '', row.unsupported]);
          return;
        }
        const ratioCell = row.library === OURS && ratio ? `${ratio.ratio.toFixed(1)}× ${ratio.fastestPeer}` : '';
        const notes: string[] = [];
        if (row.errors > 0) notes.push(`${row.errors} calls threw`);
        if (row.examples.length > 0) {
          const [example] = row.examples;
          footnotes.push(`${operation.label}, ${row.library}: ${example.input.join(' → ')}: oracle ${example.expected}, got ${example.got}`);
          notes.push(`e.g. [${footnotes.length}]`);
        }
        rows.push([
          first,
          row.library,
          formatRate(row.timing?.opsPerSecond ?? Number.NaN),
          ratioCell,
          mismatchCell(row, options.inputs),
          wholeMinuteCell(row),
          notes.join('; '),
        ]);
      });
  }
  const table = formatTable(
    ['operation', 'library', 'ops/s', 'ours ÷ fastest peer', 'mismatches / inputs checked', 'of which whole-minute inputs', 'note'],
    rows,
    ['left', 'left', 'right', 'right', 'right', 'right', 'left'],
  );

  const libraries = bench.libraries.map(
    ({ library, packages, notes }) =>
      `  ${library} (${packages.map((name) => `${name} ${versions.get(name) ?? '?'}`).join(', ')}): ${notes.join('; ')}`,
  );
  const span = `${new Date(INPUT_SPAN_START).toISOString().slice(0, 10)} to ${new Date(INPUT_SPAN_END - 1).toISOString().slice(0, 10)}`;
  const verdictLine = verdict.pass
    ? `PASS  our add is ≥ ${ADD_SPEEDUP_TARGET}× the fastest peer (lowest ${verdict.weakestAdd?.ratio.toFixed(1)}× on ` +
      `${verdict.weakestAdd ? label(verdict.weakestAdd.operation) : '?'}), ${verdict.ourMismatches} mismatches in ${verdict.ourChecked.toLocaleString('en-US')} answers of ours`
    : `FAIL  ${verdict.failures.join('; ')}`;
  return [
    `calendar: ${CALENDAR_DESCRIPTION}`,
    `  holidays: ${US_FEDERAL_HOLIDAYS.slice(0, 10)
      .map((holiday) => holiday.name)
      .join(', ')} (observed dates; Columbus Day left out)`,
    `inputs: ${options.inputs.toLocaleString('en-US')} seeded (seed ${options.seed}), starts uniform over ${span} UTC, half of them whole ` +
      'minutes and half with seconds and ms; elapsed pairs up to 30 days apart',
    checkedLine(bench),
    `timing: ${options.warmupMs} ms warm-up, then the median of ${options.rounds} rounds of ≥ ${options.roundMs} ms; ` +
      "epoch ms in and out of every call (conversions to each library's date type included)",
    '',
    table,
    '',
    ...footnotes.map((text, index) => `[${index + 1}] ${text}`),
    ...(footnotes.length > 0 ? [''] : []),
    'libraries:',
    ...libraries,
    '',
    `target: our add ≥ ${ADD_SPEEDUP_TARGET}× the fastest peer, 0 mismatches`,
    verdictLine,
  ].join('\n');
}
