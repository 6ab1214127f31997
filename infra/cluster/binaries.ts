import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { seconds, step } from '../log';
import { cacheDir } from '../paths';
import { runToCompletion } from '../process/children';
import { isExecutable, onPath } from '../temporal/find-executable';
import { temporalServerVersion, temporalUiVersion } from './versions';

/**
 * The three binaries of the production shape: the Temporal server, its schema tool
 * (temporal-sql-tool) and the Web UI server. Each is found or made in the order the dev server's
 * CLI is (infra/temporal/cli.ts): a path variable, the name on PATH, the project's cache, a build
 * from the Go module proxy. Temporal's download service serves only the CLI and the test server,
 * so there is no download step. A cold build takes about 10 minutes of two cores and 2.4 GB of
 * memory (the server); once cached, seconds.
 */
interface ClusterBinary {
  /** What the log lines call it. */
  label: string;
  /** Environment variable naming an existing binary. */
  variable: string;
  /** Name looked up on PATH and the file name in the cache. */
  name: string;
  goPackage: string;
  version: string;
  /** The name `go install` gives it (the last path element of the package). */
  builtAs: string;
}

export const temporalServerBinary: ClusterBinary = {
  label: 'Temporal server',
  variable: 'TEMPORAL_SERVER_PATH',
  name: 'temporal-server',
  goPackage: 'go.temporal.io/server/cmd/server',
  version: temporalServerVersion,
  builtAs: 'server',
};

export const temporalSqlToolBinary: ClusterBinary = {
  label: 'temporal-sql-tool',
  variable: 'TEMPORAL_SQL_TOOL_PATH',
  name: 'temporal-sql-tool',
  goPackage: 'go.temporal.io/server/cmd/tools/sql',
  version: temporalServerVersion,
  builtAs: 'sql',
};

export const temporalUiServerBinary: ClusterBinary = {
  label: 'Temporal Web UI server',
  variable: 'TEMPORAL_UI_SERVER_PATH',
  name: 'temporal-ui-server',
  goPackage: 'github.com/temporalio/ui-server/v2/cmd/server',
  version: temporalUiVersion,
  builtAs: 'server',
};

export function cachedPath(binary: ClusterBinary): string {
  return join(cacheDir, 'bin', binary.name);
}

export async function ensureClusterBinary(binary: ClusterBinary): Promise<string> {
  const explicit = process.env[binary.variable];
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`${binary.variable}=${explicit} is not an executable file`);
    return explicit;
  }
  const fromPath = onPath(binary.name);
  if (fromPath) return fromPath;
  const cached = cachedPath(binary);
  if (isExecutable(cached)) return cached;

  if (!onPath('go')) {
    throw new Error(`the ${binary.label} is needed: install Go (https://go.dev) so it can be built, or set ${binary.variable} to an existing binary`);
  }
  const started = Date.now();
  step(`${binary.label}: go install ${binary.goPackage}@${binary.version} (about 10 minutes on a cold Go cache)...`);
  mkdirSync(join(cacheDir, 'bin'), { recursive: true });
  // Two of the packages build a binary called `server`: each builds into a folder of its own first.
  const buildDir = mkdtempSync(join(cacheDir, 'bin', '.build-'));
  try {
    runToCompletion('go', ['install', '-ldflags=-s -w', `${binary.goPackage}@${binary.version}`], {
      env: { ...process.env, GOBIN: buildDir },
    });
    const built = join(buildDir, binary.builtAs);
    if (!existsSync(built)) throw new Error(`go install finished but ${built} is missing`);
    renameSync(built, cached);
  } finally {
    rmSync(buildDir, { recursive: true, force: true });
  }
  step(`${binary.label}: built in ${seconds(started)}`);
  return cached;
}

/** All three, built one after the other (each build alone takes the machine's cores). */
export async function ensureClusterBinaries(): Promise<{ server: string; sqlTool: string; uiServer: string }> {
  const server = await ensureClusterBinary(temporalServerBinary);
  const sqlTool = await ensureClusterBinary(temporalSqlToolBinary);
  const uiServer = await ensureClusterBinary(temporalUiServerBinary);
  return { server, sqlTool, uiServer };
}
