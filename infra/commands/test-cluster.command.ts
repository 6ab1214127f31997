import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeClusterCertificates } from '../cluster/certificates';
import { clusterHosts } from '../cluster/cluster';
import { startProductionShape } from '../cluster/production-shape';
import { seconds, step } from '../log';
import { cacheDir, projectRoot } from '../paths';
import { freePort } from '../process/children';

interface JestResults {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
  numRuntimeErrorTestSuites: number;
}

/** The end-to-end tests that run against the cluster as they do against the dev server (`npm test`). */
export const e2eOnCluster = [
  'test/e2e/bad-input.e2e.test.ts',
  'test/e2e/postgres-outage.e2e.test.ts',
  'test/e2e/ops-notifications-outage.e2e.test.ts',
  'test/e2e/tickets-http.e2e.test.ts',
  'test/e2e/ticket-life.e2e.test.ts',
  'test/e2e/next-reply.e2e.test.ts',
  'test/e2e/intake-fields.e2e.test.ts',
  'test/e2e/policies-http.e2e.test.ts',
  'test/e2e/api-keys.e2e.test.ts',
  'test/e2e/ops-notifications.e2e.test.ts',
  'test/e2e/worker-restart.e2e.test.ts',
];

/**
 * `npm run test:cluster [-- [e2e|faults] jest args]`: starts the production shape (infra/cluster/) on free
 * ports with empty databases, runs the end-to-end tests against it and then the fault tests
 * (`test/cluster/*.cluster-test.ts`: they kill its processes, so they run one at a time, after
 * the others), stops everything, and ends with `N passed, N failed[, N skipped]`.
 */
export async function main(argv: string[]): Promise<number> {
  const started = Date.now();
  // `e2e` or `faults` first runs only that part; the rest goes to Jest.
  const part = argv[0] === 'e2e' || argv[0] === 'faults' ? argv[0] : 'all';
  const args = part === 'all' ? argv : argv.slice(1);
  mkdirSync(join(cacheDir, 'test-results'), { recursive: true });
  const pidsFile = join(cacheDir, 'test-results', `cluster-pids-${process.pid}.json`);
  const bootstrapKey = `cluster-test-${randomBytes(16).toString('hex')}`;
  // The workers' mail relay: the fault tests listen on this port, one file at a time.
  const smtpPort = await freePort();
  // The whole run goes over mTLS: every client below (workers, APIs, the tests' own) presents a certificate.
  const tlsDir = join(cacheDir, 'test-results', `cluster-tls-${process.pid}`);
  const tls = makeClusterCertificates(tlsDir, clusterHosts());
  const shape = await startProductionShape({
    mode: 'test',
    tls,
    pidsFile,
    bootstrapKey,
    env: { SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, SLAFLOW_DELIVERY_TIMEOUT_MS: '2000' },
  });
  const { cluster, apis } = shape;
  step(`cluster ready in ${seconds(started)}; running the tests`);

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...cluster.clientEnv(cluster.nodes[0]),
    SLAFLOW_TEST_STACK: '1',
    SLAFLOW_CLUSTER_APIS: JSON.stringify(apis),
    SLAFLOW_CLUSTER_NODES: JSON.stringify(cluster.nodes.map((node) => ({ name: node.name, address: node.address }))),
    SLAFLOW_CLUSTER_PIDS_FILE: pidsFile,
    SLAFLOW_CLUSTER_BOOTSTRAP_KEY: bootstrapKey,
    SLAFLOW_CLUSTER_SMTP_PORT: String(smtpPort),
    SLAFLOW_CLUSTER_STRANGER_CERT: tls.strangerCertFile,
    SLAFLOW_CLUSTER_STRANGER_KEY: tls.strangerKeyFile,
  };
  const totals = { passed: 0, failed: 0, skipped: 0 };
  const runJest = async (label: string, jestArgs: string[]): Promise<void> => {
    const resultsFile = join(cacheDir, 'test-results', `jest-cluster-${label}-${process.pid}.json`);
    rmSync(resultsFile, { force: true });
    await new Promise<number>((resolve, reject) => {
      const jest = spawn(
        process.execPath,
        [join(projectRoot, 'node_modules', 'jest', 'bin', 'jest.js'), '--json', `--outputFile=${resultsFile}`, ...jestArgs, ...args],
        { cwd: projectRoot, stdio: 'inherit', env },
      );
      const forward = (): void => void jest.kill('SIGINT');
      process.on('SIGINT', forward);
      jest.once('error', reject);
      jest.once('exit', (code, signal) => {
        process.off('SIGINT', forward);
        resolve(code ?? (signal ? 1 : 0));
      });
    });
    if (!existsSync(resultsFile)) {
      console.error(`[slaflow] Jest wrote no results for the ${label} tests`);
      totals.failed += 1;
      return;
    }
    const results = JSON.parse(readFileSync(resultsFile, 'utf8')) as JestResults;
    rmSync(resultsFile, { force: true });
    totals.passed += results.numPassedTests;
    totals.failed += results.numFailedTests + results.numRuntimeErrorTestSuites;
    totals.skipped += results.numPendingTests + results.numTodoTests;
  };

  try {
    if (part !== 'faults') await runJest('e2e', ['--runTestsByPath', ...e2eOnCluster]);
    if (part !== 'e2e') await runJest('faults', ['--runInBand', '--testMatch', '**/test/cluster/**/*.cluster-test.ts']);
  } finally {
    await shape.stop();
    rmSync(pidsFile, { force: true });
    rmSync(tlsDir, { recursive: true, force: true });
  }
  step(`cluster tests finished in ${seconds(started)} (set-up included)`);
  console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
  return totals.failed > 0 ? 1 : 0;
}
