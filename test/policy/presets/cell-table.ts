// Cell-by-cell tests of a preset against its reference text: a table that names every
// plan × priority × clock (absent cells too), each row quoting the text it encodes, and deadlines
// worked out by hand on concrete instants. Shared by the CLICK, Alectrona and Tiered EU tests; the
// text, the preset and its snapshot come from preset-test-kit, as for the other presets.
import { addTarget, describeTarget } from '../../../workflows/calendar';
import {
  isTimed,
  cellClocks,
  clocksStartingAtCreation,
  schedulePreview,
  type ClockName,
  type Commitment,
  type PolicySnapshot,
} from '../../../workflows/policy';
import { timed, everyCell, instant, loadPreset, normaliseWhitespace, snapshotAt, utc } from './preset-test-kit';

/**
 * The preset file, validated, as a ticket opened at `at` would carry it; holidays are resolved from
 * a year before `at` to three years after, so one snapshot serves every instant of a table.
 */
export function presetSnapshot(id: string, at: string): PolicySnapshot {
  return snapshotAt(loadPreset(id), instant(at));
}

/** Two markers of the text: a quote must lie after the first and before the next occurrence of the second. */
export type Section = readonly [from: string, to: string];

/** The flattened text between `section[0]` and the next `section[1]` after it ('' when a marker is missing). */
export function sectionOf(text: string, section: Section): string {
  const flat = normaliseWhitespace(text);
  const start = flat.indexOf(normaliseWhitespace(section[0]));
  if (start < 0) return '';
  const end = flat.indexOf(normaliseWhitespace(section[1]), start + 1);
  return end < 0 ? '' : flat.slice(start, end);
}

/** Whether `quote` occurs in the text (inside `section` when given), whitespace normalised. */
export function quotedIn(text: string, quote: string, section?: Section): boolean {
  const haystack = section ? sectionOf(text, section) : normaliseWhitespace(text);
  const needle = normaliseWhitespace(quote);
  return needle.length > 0 && haystack.includes(needle);
}

/**
 * What a cell must hold. A string is shorthand for a committed target counted on the plan's own
 * calendar, in describeTarget's words ('8 business hours'); null means the cell must be absent.
 */
export type ExpectedTarget =
  | string
  | null
  | {
      target: string;
      commitment: Commitment;
      /** '24x7', or the IANA zone of the working calendar the clock counts on. */
      countsOn: string;
    };

/** One priority × clock of the matrix with what every plan holds there, like a row of the text's table. */
export interface CellRow {
  priority: string;
  clock: ClockName;
  /** The words of the reference text this row encodes; a present cell's `source` must be exactly this. */
  source: string;
  /** Where in the text the quote must lie (a priority's row of the table). */
  within?: Section;
  plans: Record<string, ExpectedTarget>;
}

export interface Cell {
  plan: string;
  priority: string;
  clock: ClockName;
  source: string;
  within?: Section;
  expected: ExpectedTarget;
}

export function cellsOf(rows: readonly CellRow[]): Cell[] {
  return rows.flatMap((row) =>
    Object.entries(row.plans).map(([plan, expected]) => ({
      plan,
      priority: row.priority,
      clock: row.clock,
      source: row.source,
      within: row.within,
      expected,
    })),
  );
}

/** Cells of plans × priorities × every clock the table misses or names twice; empty when it walks them all once. */
export function matrixGaps(cells: readonly Cell[], plans: readonly string[], priorities: readonly string[]): string[] {
  const key = (cell: { plan: string; priority: string; clock: ClockName }): string => `${cell.plan}/${cell.priority}/${cell.clock}`;
  const named = new Map<string, number>();
  for (const cell of cells) named.set(key(cell), (named.get(key(cell)) ?? 0) + 1);
  const gaps: string[] = [];
  for (const cell of everyCell(plans, priorities)) {
    const count = named.get(key(cell)) ?? 0;
    if (count !== 1) gaps.push(`${key(cell)} named ${count} times`);
    named.delete(key(cell));
  }
  for (const extra of named.keys()) gaps.push(`${extra} is not a cell of the matrix`);
  return gaps;
}

/** Checks one cell of the snapshot's matrix against its row, and the schedule preview's view of it. */
export function expectCell(snapshot: PolicySnapshot, text: string, cell: Cell): void {
  const { plan, priority, clock, expected } = cell;
  expect({ quote: cell.source, found: quotedIn(text, cell.source, cell.within) }).toEqual({ quote: cell.source, found: true });

  const stored = snapshot.document.targets[plan]?.[priority]?.[clock];
  const previewed = schedulePreview(snapshot, plan, priority, instant('2026-01-05T12:00:00Z')).clocks.find((c) => c.clock === clock);
  if (expected === null) {
    expect(stored).toBeUndefined();
    expect(previewed).toBeUndefined();
    return;
  }

  const want =
    typeof expected === 'string' ? { target: expected, commitment: 'committed' as const, countsOn: planCalendarName(snapshot, plan) } : expected;
  expect(stored).toBeDefined();
  expect(stored?.source).toBe(cell.source);
  const clockOfCell = cellClocks(snapshot, plan, priority).find((c) => c.clock === clock);
  expect(clockOfCell).toBeDefined();
  expect({
    target: isTimed(clockOfCell!.target) ? describeTarget(clockOfCell!.target) : 'best effort',
    commitment: clockOfCell!.target.commitment,
    countsOn: calendarName(clockOfCell!.calendar),
  }).toEqual(want);
  expect(previewed).toMatchObject({ target: want.target, commitment: want.commitment });
}

function calendarName(calendar: PolicySnapshot['calendars'][string]): string {
  return calendar.kind === '24x7' ? '24x7' : calendar.zone;
}

function planCalendarName(snapshot: PolicySnapshot, plan: string): string {
  const calendarId = snapshot.document.plans.find((p) => p.id === plan)?.calendar ?? '';
  const calendar = snapshot.calendars[calendarId];
  return calendar ? calendarName(calendar) : `missing calendar '${calendarId}'`;
}

/**
 * A deadline worked out by hand from the text and docs/design.md's semantics. Instants carry their
 * local offset ('2026-03-09T15:30:00-05:00') so the reader sees the wall clock and the DST side.
 */
export interface DeadlineRow {
  plan: string;
  priority: string;
  clock: ClockName;
  /** Why this instant is worth checking, and the hand calculation. */
  why: string;
  /** Creation for acknowledge/resolve; for later clocks, the event that starts them (acknowledgement, resolution). */
  from: string;
  due: string;
}

/** Creation clocks through the schedule preview; later clocks are null there and are counted from `from`. */
export function expectDeadline(snapshot: PolicySnapshot, row: DeadlineRow): void {
  const fromMs = instant(row.from);
  const previewed = schedulePreview(snapshot, row.plan, row.priority, fromMs).clocks.find((c) => c.clock === row.clock);
  expect(previewed).toBeDefined();
  if (clocksStartingAtCreation.has(row.clock)) {
    expect(previewed?.dueAt).toBe(utc(row.due));
    return;
  }
  expect(previewed?.dueAt).toBeNull();
  const clock = cellClocks(snapshot, row.plan, row.priority).find((c) => c.clock === row.clock)!;
  expect(new Date(addTarget(clock.calendar, fromMs, timed(clock.target))).toISOString()).toBe(utc(row.due));
}

/** A rule of the policy beside the matrix (intake, silence, reopen, RCA, entitlement, codes). */
export interface RuleRow {
  rule: string;
  source: string;
  check: (snapshot: PolicySnapshot) => void;
}
