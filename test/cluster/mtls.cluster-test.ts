import { Connection } from '@temporalio/client';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalConfig, temporalConnectionOptions } from '../../infra/config/temporal-connection';
import { distDir } from '../../infra/paths';
import { freePort } from '../../infra/process/children';
import { call, requireCluster } from '../helpers/cluster-under-test';

/** A process of ours (`npm start`'s launcher, the worker) with `env`, and what it printed. */
function run(script: string, args: string[], env: Record<string, string | undefined>) {
  const child = spawn(process.execPath, [join(distDir, script), ...args], { env: env as NodeJS.ProcessEnv, detached: true });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, exited, output: () => output };
}

/**
 * The cluster's frontend runs TLS with client-certificate checks (`npm run test:cluster` makes a CA
 * and certificates at start; every worker, API and test connection presents one). Here: a client
 * without a certificate is refused; `npm start` pointed at the cluster with the standard
 * variables becomes ready; a certificate from another CA fails fast, naming the variable.
 */
describe('mTLS on the cluster frontend', () => {
  const cluster = requireCluster();
  const env = process.env;
  const tlsEnv = {
    TEMPORAL_ADDRESS: cluster.nodes[1].address,
    TEMPORAL_TLS_CLIENT_CERT_PATH: env.TEMPORAL_TLS_CLIENT_CERT_PATH,
    TEMPORAL_TLS_CLIENT_KEY_PATH: env.TEMPORAL_TLS_CLIENT_KEY_PATH,
    TEMPORAL_TLS_SERVER_CA_CERT_PATH: env.TEMPORAL_TLS_SERVER_CA_CERT_PATH,
    TEMPORAL_TLS_SERVER_NAME: env.TEMPORAL_TLS_SERVER_NAME,
  };
  const stranger = {
    TEMPORAL_TLS_CLIENT_CERT_PATH: env.SLAFLOW_CLUSTER_STRANGER_CERT,
    TEMPORAL_TLS_CLIENT_KEY_PATH: env.SLAFLOW_CLUSTER_STRANGER_KEY,
  };
  const base = { PATH: env.PATH, HOME: env.HOME, DATABASE_URL: cluster.databaseUrl };

  it('refuses a client without a certificate, and one without TLS', async () => {
    expect(tlsEnv.TEMPORAL_TLS_CLIENT_CERT_PATH).toBeDefined();
    const noCert = temporalConfig({ ...tlsEnv, TEMPORAL_TLS_CLIENT_CERT_PATH: undefined, TEMPORAL_TLS_CLIENT_KEY_PATH: undefined });
    await expect(Connection.connect(temporalConnectionOptions(noCert, { connectTimeout: 5_000 }))).rejects.toThrow();
    await expect(Connection.connect({ address: tlsEnv.TEMPORAL_ADDRESS, connectTimeout: 5_000 })).rejects.toThrow();
    const withCert = await Connection.connect(temporalConnectionOptions(temporalConfig(tlsEnv), { connectTimeout: 5_000 }));
    await withCert.close();
  });

  it('a worker with a certificate from another CA stops, naming the variable', async () => {
    const worker = run('worker/main.js', [], { ...base, ...tlsEnv, ...stranger });
    const code = await worker.exited;
    expect(code).toBe(1);
    expect(worker.output()).toContain('refused the TLS connection');
    expect(worker.output()).toContain('TEMPORAL_TLS_CLIENT_CERT_PATH');
  }, 60_000);

  it('npm start against the cluster becomes ready with the standard variables, and fails fast with a wrong certificate', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'slaflow-mtls-start-'));
    try {
      const port = await freePort();
      const startEnv = {
        ...base,
        ...tlsEnv,
        PORT: String(port),
        SLAFLOW_DATA_DIR: dataDir,
        SLAFLOW_BOOTSTRAP_KEY: `mtls-${randomBytes(16).toString('hex')}`,
      };
      const wrong = run('infra/commands/run.js', ['start'], { ...startEnv, ...stranger });
      expect(await wrong.exited).not.toBe(0);
      expect(wrong.output()).toMatch(/refused the TLS connection.*TEMPORAL_TLS_CLIENT_CERT_PATH/);

      const start = run('infra/commands/run.js', ['start'], startEnv);
      let ready = false;
      for (let tries = 0; tries < 240 && !ready && start.child.exitCode === null; tries += 1) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        ready = /ready in/.test(start.output());
      }
      try {
        expect(start.output()).toMatch(/ready in/);
        const health = await call(`http://127.0.0.1:${port}`, 'GET', '/health', { key: 'none' });
        expect(health.status).toBe(200);
        expect(health.body.info.temporal).toMatchObject({ status: 'up', serverVersion: expect.stringMatching(/^1\.31\./) });
      } finally {
        process.kill(-start.child.pid!, 'SIGINT');
        await start.exited;
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});
