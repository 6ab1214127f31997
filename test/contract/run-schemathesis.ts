import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The checks every answer goes through (schemathesis names). */
export const contractChecks = [
  'not_a_server_error',
  'status_code_conformance',
  'content_type_conformance',
  'response_schema_conformance',
  // The headers an answer documents are there (Location of a stored policy).
  'response_headers_conformance',
];

export interface RunOptions {
  /** Where `/openapi.json` is served; operations are called on the same origin. */
  baseUrl: string;
  /** The API key every request carries. */
  key: string;
  /** The folder of the reports and the output (cleared first), kept for reading after a failing run. */
  reportDir: string;
  /** Time budget: fuzzing and stateful testing repeat until it is spent. */
  maxTimeSeconds: number;
}

/** The parts of schemathesis' JSON report (`--report json`) the test reads. */
export interface Report {
  stop_reason: string;
  exit_code: number;
  seed: number;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number; skip_reasons: unknown[] };
  phases: Record<string, { status: string; skip_reason: string | null }>;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: Array<{ code: string; title: string; count: number; operations: string[] }>;
  errors: Array<{ title: string; count: number }>;
}

export interface RunResult {
  command: string[];
  exitCode: number | null;
  report: Report;
  /** Standard output: its FAILURES section holds each failing case with a curl line to reproduce it. */
  output: string;
}

/** Over the time budget by this much, the run is stopped and counted as broken (never as passed). */
const graceSeconds = 180;

/**
 * Runs `schemathesis run` against the API. Asynchronously: the API answers from this same process,
 * so a blocking spawn would leave it unable to answer.
 */
export async function runSchemathesis(executable: string, configFile: string, options: RunOptions): Promise<RunResult> {
  rmSync(options.reportDir, { recursive: true, force: true });
  mkdirSync(options.reportDir, { recursive: true });
  const reportFile = join(options.reportDir, 'report.json');
  const command = [
    '--config-file',
    configFile,
    'run',
    `${options.baseUrl}/openapi.json`,
    '--header',
    `Authorization: Bearer ${options.key}`,
    '--checks',
    contractChecks.join(','),
    '--phases',
    'examples,coverage,fuzzing,stateful',
    '--max-time',
    String(options.maxTimeSeconds),
    // Two cores: the API, its worker, Temporal and PostgreSQL share them with schemathesis.
    '--workers',
    '2',
    // A ticket action waits for its workflow's update; on a loaded machine that can take seconds.
    '--request-timeout',
    '30',
    // Hypothesis' too_slow health check times the generation of data, not the API: on two busy cores it
    // trips for nothing. The others (filter_too_much, data_too_large, ...) stay on.
    '--suppress-health-check',
    'too_slow',
    '--no-color',
    '--report',
    'json,junit',
    '--report-dir',
    options.reportDir,
    '--report-json-path',
    reportFile,
  ];
  const { exitCode, output } = await new Promise<{ exitCode: number | null; output: string }>((resolve, reject) => {
    // schemathesis keeps its crash cache (`st replay <id>`) in `.schemathesis/` of its working folder:
    // beside the reports, not in the checkout.
    const child = spawn(executable, command, {
      cwd: dirname(options.reportDir),
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1' },
    });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    const guard = setTimeout(() => child.kill('SIGKILL'), (options.maxTimeSeconds + graceSeconds) * 1000);
    child.once('error', (error) => {
      clearTimeout(guard);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(guard);
      const text = Buffer.concat(chunks).toString('utf8');
      writeFileSync(join(options.reportDir, 'output.txt'), text);
      if (signal) reject(new Error(`schemathesis was stopped (${signal}) ${graceSeconds} s past its time budget:\n${text.slice(-4_000)}`));
      else resolve({ exitCode: code, output: text });
    });
  });
  let report: Report;
  try {
    report = JSON.parse(readFileSync(reportFile, 'utf8')) as Report;
  } catch {
    throw new Error(`schemathesis exited with ${exitCode} and wrote no report:\n${output.slice(-4_000)}`);
  }
  return { command, exitCode, report, output };
}

/** Each failure as one line naming the check's failure and every operation where it happened. */
export function failureLines(report: Report): string[] {
  return [
    ...report.failures.map((failure) => `${failure.code} ${failure.title} (${failure.count}): ${failure.operations.join(', ')}`),
    // Errors (a request that failed, a schema it could not use) name their operation in the output's ERRORS section.
    ...report.errors.map((error) => `error (${error.count}): ${error.title}`),
  ];
}

/** The FAILURES and ERRORS sections of the output (each failing case, its answer and a curl line), or ''. */
export function failuresSection(output: string): string {
  const starts = ['= ERRORS =', '= FAILURES ='].map((marker) => output.indexOf(marker)).filter((index) => index >= 0);
  if (starts.length === 0) return '';
  const start = Math.min(...starts);
  const ends = ['= WARNINGS =', '= SUMMARY ='].map((marker) => output.indexOf(marker, start)).filter((index) => index > 0);
  const section = output.slice(output.lastIndexOf('\n', start) + 1, ends.length ? Math.min(...ends) : undefined);
  return section.length > 20_000 ? `${section.slice(0, 20_000)}\n… (the rest is in the report folder)` : section;
}

/**
 * A run whose only trouble is CPython's own "AST constructor recursion depth mismatch" SystemError
 * (python/cpython#106905, fixed in 3.11.8 and 3.12.2): Hypothesis parses a lambda's source deep in
 * a recursion to describe a strategy, and the interpreter miscounts. The venv is made with a fixed
 * Python where the machine has one (infra/python/schemathesis.ts); with an older one, such a run
 * says nothing about the API and is made again, once.
 */
export function onlyInterpreterAstBug(report: Report, output: string): boolean {
  return (
    report.failures.length === 0 &&
    report.errors.length > 0 &&
    output.includes('AST constructor recursion depth mismatch') &&
    !output.includes('= FAILURES =')
  );
}
