import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { seconds, step } from '../log';
import { cacheDir } from '../paths';
import { isExecutable, onPath } from '../temporal/find-executable';

/**
 * schemathesis, the property-based tester the contract test runs against the API
 * (test/contract/schemathesis.e2e.test.ts), from PyPI into a virtual environment of its own under
 * `.cache/`, made once and reused while its stamp (version, Python) matches.
 *
 * The version is pinned: schemathesis' command line and configuration change between releases
 * (4.x differs from 3.x throughout), and the test passes options that only this line knows.
 */
export const schemathesisVersion = '4.32.5';

const venvDir = join(cacheDir, 'schemathesis-venv');
const executable = join(venvDir, 'bin', 'schemathesis');
const stampPath = join(venvDir, 'slaflow-stamp.json');

/** Output of a command, or its failure, without throwing. */
function run(command: string, args: string[], timeoutMs = 120_000): { ok: boolean; output: string } {
  // The environment is passed on explicitly: under Jest, `process.env` is the test's own copy.
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: timeoutMs, env: process.env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`.trim();
  return { ok: !result.error && result.status === 0, output };
}

function lastLines(text: string, count = 8): string {
  return text.split('\n').slice(-count).join('\n');
}

function installedVersion(path: string): string | undefined {
  const { ok, output } = run(path, ['--version'], 30_000);
  return ok ? /version (\S+)/.exec(output)?.[1] : undefined;
}

/** `Python 3.11.7` → [3, 11, 7]; undefined when it does not run (a pyenv shim of a version not selected). */
function pythonVersion(python: string): number[] | undefined {
  const { ok, output } = run(python, ['--version'], 30_000);
  const match = ok ? /Python (\d+)\.(\d+)\.(\d+)/.exec(output) : null;
  return match ? match.slice(1, 4).map(Number) : undefined;
}

/**
 * CPython before 3.11.8 and 3.12.2 miscounts recursion while it builds an AST (python/cpython#106905:
 * "AST constructor recursion depth mismatch"), which Hypothesis meets when it describes a strategy
 * deep in schemathesis' schema walk, stopping that operation's tests.
 */
function parsesAstSafely([major, minor, patch]: number[]): boolean {
  if (major !== 3) return major > 3;
  return minor >= 13 || (minor === 12 && patch >= 2) || (minor === 11 && patch >= 8);
}

/**
 * The Python to make the virtual environment with: `SCHEMATHESIS_PYTHON`, or the first of python3.13,
 * python3.12 (on PATH, or installed by pyenv) and python3 that runs and builds ASTs correctly, else
 * python3 as it is (the contract test then runs a run the interpreter broke once more).
 */
function findPython(): string {
  const explicit = process.env.SCHEMATHESIS_PYTHON;
  if (explicit) return explicit;
  const pyenvVersions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  const installed = existsSync(pyenvVersions)
    ? readdirSync(pyenvVersions)
        .filter((version) => /^3\.1[23]\.\d+$/.test(version))
        .sort((a, b) => b.localeCompare(a, 'en', { numeric: true }))
        .map((version) => join(pyenvVersions, version, 'bin', 'python3'))
    : [];
  const candidates = [onPath('python3.13'), onPath('python3.12'), ...installed, onPath('python3')].filter((path): path is string => !!path);
  for (const python of candidates) {
    const version = pythonVersion(python);
    if (version && parsesAstSafely(version)) return python;
  }
  const python = onPath('python3');
  if (!python) throw new Error('the contract test needs Python 3.9+ (`python3` on PATH) to install schemathesis from PyPI');
  return python;
}

function stampFor(python: string): string {
  return JSON.stringify({ schemathesisVersion, python: `${python} ${run(python, ['--version']).output}` });
}

/**
 * `python3 -m venv`. Debian splits venv (and the ensurepip it needs) into the `python3-venv`
 * package: as root with apt-get at hand it is installed (a fresh machine, CI); otherwise the
 * error says which package to install.
 */
function createVenv(python: string): void {
  rmSync(venvDir, { recursive: true, force: true });
  let attempt = run(python, ['-m', 'venv', venvDir]);
  const venvMissing = (output: string): boolean => /ensurepip is not available|No module named (venv|ensurepip)/.test(output);
  if (!attempt.ok && venvMissing(attempt.output) && process.getuid?.() === 0 && onPath('apt-get')) {
    step('schemathesis: Python lacks venv; installing python3-venv with apt-get...');
    const install = (): boolean => run('apt-get', ['install', '-y', '--no-install-recommends', 'python3-venv'], 300_000).ok;
    if (!install()) {
      run('apt-get', ['update'], 300_000);
      install();
    }
    rmSync(venvDir, { recursive: true, force: true });
    attempt = run(python, ['-m', 'venv', venvDir]);
  }
  if (!attempt.ok) {
    const hint = venvMissing(attempt.output) ? ' (on Debian or Ubuntu: apt-get install python3-venv)' : '';
    throw new Error(`could not create a virtual environment for schemathesis in ${venvDir}${hint}:\n${lastLines(attempt.output)}`);
  }
}

/**
 * Finds or makes schemathesis: `SCHEMATHESIS_PATH` (checked to be the pinned version), else the
 * cached virtual environment, else a new one from PyPI. Returns the path of its executable. On a
 * machine that cannot reach PyPI it throws, saying so: the contract test then fails, it is never
 * skipped.
 */
export function ensureSchemathesis(): string {
  const explicit = process.env.SCHEMATHESIS_PATH;
  if (explicit) {
    const version = isExecutable(explicit) ? installedVersion(explicit) : undefined;
    if (version !== schemathesisVersion) {
      throw new Error(
        `SCHEMATHESIS_PATH=${explicit} is ${version ? `schemathesis ${version}` : 'not a schemathesis executable'}; the contract test needs ${schemathesisVersion}`,
      );
    }
    return explicit;
  }
  const python = findPython();
  const stamp = stampFor(python);
  if (isExecutable(executable) && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp) return executable;

  const started = Date.now();
  step(`schemathesis: installing ${schemathesisVersion} from PyPI into ${venvDir}...`);
  createVenv(python);
  const pip = run(
    join(venvDir, 'bin', 'python'),
    [
      '-m',
      'pip',
      'install',
      '--disable-pip-version-check',
      '--no-input',
      '--quiet',
      '--timeout',
      '20',
      '--retries',
      '2',
      `schemathesis==${schemathesisVersion}`,
    ],
    600_000,
  );
  if (!pip.ok || installedVersion(executable) !== schemathesisVersion) {
    rmSync(venvDir, { recursive: true, force: true });
    throw new Error(
      `could not install schemathesis ${schemathesisVersion} from PyPI (is PyPI reachable from this machine?):\n${lastLines(pip.output)}\n` +
        'The contract test needs it: run it once where PyPI is reachable (the environment in .cache/ is then reused), ' +
        `or set SCHEMATHESIS_PATH to a schemathesis ${schemathesisVersion} executable.`,
    );
  }
  // Written last: a stamp means a complete environment.
  writeFileSync(stampPath, stamp);
  step(`schemathesis: ${schemathesisVersion} ready in ${seconds(started)}`);
  return executable;
}
