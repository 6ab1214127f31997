import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { seconds, step } from '../log';
import { cacheDir, projectRoot } from '../paths';
import { startStack } from '../stack';
import { ensureTestServer } from '../temporal/test-server';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

/**
 * `npm test [-- jest args]`: provisions the time-skipping test server, starts Temporal and
 * PostgreSQL as `npm start` would (fresh state, free ports), runs the whole Jest suite against
 * them, stops everything, and ends with the line CI reads: `N passed, N failed[, N skipped]`.
 */
export async function main(args: string[]): Promise<number> {
  const started = Date.now();
  const testServerPath = await ensureTestServer();
  const stack = await startStack({ mode: 'test' });
  // One file per run: several suites may run side by side from one checkout.
  const resultsFile = join(cacheDir, 'test-results', `jest-${process.pid}.json`);
  mkdirSync(join(cacheDir, 'test-results'), { recursive: true });
  rmSync(resultsFile, { force: true });
  step(`set-up done in ${seconds(started)}; running the suite`);

  let exitCode: number;
  try {
    exitCode = await new Promise<number>((resolve, reject) => {
      const jest = spawn(
        process.execPath,
        [join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${resultsFile}`, ...args],
        {
          cwd: projectRoot,
          stdio: 'inherit',
          env: { ...process.env, ...stack.env, TEMPORAL_TEST_SERVER_PATH: testServerPath, SLAFLOW_TEST_STACK: '1' },
        },
      );
      // Ctrl-C goes to Jest; once it has stopped, the servers are stopped below.
      const forward = (): void => void jest.kill('SIGINT');
      process.on('SIGINT', forward);
      jest.once('error', reject);
      jest.once('exit', (code, signal) => {
        process.off('SIGINT', forward);
        resolve(code ?? (signal ? 1 : 0));
      });
    });
  } finally {
    await stack.stop();
  }

  if (!existsSync(resultsFile)) {
    console.log('0 passed, 1 failed');
    console.error('[slaflow] Jest wrote no results (it crashed before running the suite)');
    return exitCode || 1;
  }
  const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
  rmSync(resultsFile, { force: true });
  // A suite that fails to load counts as a failure even though no test in it ran.
  const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
  const skipped = results.numPendingTests + results.numTodoTests;
  step(`suite finished in ${seconds(started)} (set-up included)`);
  console.log(`${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed > 0 ? 1 : exitCode;
}
