/** A numeric option of a benchmark section, e.g. `--inputs 100000`. */
export interface SectionOption {
  readonly description: string;
  readonly default: number;
  /** Smallest accepted value (inclusive). */
  readonly min: number;
}

export interface SectionReport {
  /** The table and notes, ready to print. */
  readonly text: string;
  /** true/false when the section has targets; undefined when it only measures. */
  readonly pass: boolean | undefined;
  /** Written to `.cache/bench/<section>.json`; plain JSON data only. */
  readonly json: unknown;
}

/**
 * One part of `npm run bench` (calendar, later workflow and api). Sections print what they find
 * and never decide the exit code: a missed target is reported, not thrown.
 */
export interface BenchSection {
  readonly name: string;
  readonly title: string;
  readonly options: Readonly<Record<string, SectionOption>>;
  run(options: Readonly<Record<string, number>>, log: (line: string) => void): Promise<SectionReport>;
}
