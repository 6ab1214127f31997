import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { seconds, step } from '../log';
import { cacheDir } from '../paths';
import { runToCompletion } from '../process/children';
import { isExecutable, onPath } from './find-executable';
import { officialDownload } from './official-download';

/**
 * The Temporal CLI, whose `server start-dev` is the embedded Temporal server of `npm start` and of
 * the end-to-end tests (SQLite persistence, Web UI).
 *
 * v1.5.1 is the newest release that `go install` accepts: from v1.6.0 the CLI's go.mod carries a
 * `replace` directive, which `go install module@version` refuses.
 */
export const temporalCliVersion = 'v1.5.1';
const goModule = 'github.com/temporalio/cli/cmd/temporal';

export const cachedCliPath = join(cacheDir, 'bin', 'temporal');

/**
 * Finds or makes the CLI, in this order: `TEMPORAL_CLI_PATH`; `temporal` on PATH; the project's
 * cache; Temporal's official download; a build from the Go module proxy. Idempotent: once cached,
 * it returns at once.
 */
export async function ensureTemporalCli(): Promise<string> {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_CLI_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const fromPath = onPath('temporal');
  if (fromPath) return fromPath;
  if (isExecutable(cachedCliPath)) return cachedCliPath;

  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  const started = Date.now();
  try {
    step(`Temporal CLI: trying the official download (${temporalCliVersion})...`);
    await officialDownload('cli', temporalCliVersion, cachedCliPath);
    step(`Temporal CLI: downloaded in ${seconds(started)} to ${cachedCliPath}`);
    return cachedCliPath;
  } catch (error) {
    step(`Temporal CLI: official download unavailable (${(error as Error).message}); building from the Go module proxy`);
  }

  if (!onPath('go')) {
    throw new Error(
      'the Temporal CLI is needed and cannot be downloaded here; install Go (https://go.dev) so it can be built, ' +
        'or set TEMPORAL_CLI_PATH to an existing `temporal` binary',
    );
  }
  step(`Temporal CLI: go install ${goModule}@${temporalCliVersion} (a few minutes on a cold Go cache)...`);
  runToCompletion(
    'go',
    [
      'install',
      // Stripped symbols keep the cached binary about a third smaller; the version string makes
      // `temporal --version` honest instead of 0.0.0-DEV.
      `-ldflags=-s -w -X github.com/temporalio/cli/temporalcli.Version=${temporalCliVersion.slice(1)}`,
      `${goModule}@${temporalCliVersion}`,
    ],
    { env: { ...process.env, GOBIN: join(cacheDir, 'bin') } },
  );
  if (!existsSync(cachedCliPath)) throw new Error(`go install finished but ${cachedCliPath} is missing`);
  step(`Temporal CLI: built in ${seconds(started)}`);
  return cachedCliPath;
}
