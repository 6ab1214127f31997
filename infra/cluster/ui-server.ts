import { join } from 'node:path';
import { projectRoot } from '../paths';
import { startChild, waitFor, type Child } from '../process/children';

export interface UiServerOptions {
  binary: string;
  host: string;
  port: number;
  /** The frontend it talks to. */
  temporalAddress: string;
  namespace: string;
  /** Client certificate, key and CA files when the frontend wants mTLS. */
  tls?: { certFile: string; keyFile: string; caFile: string };
}

/**
 * The Temporal Web UI server (assets embedded), configured by `infra/cluster/ui-config/cluster.yaml`
 * through its variables. Ready once it serves its page.
 */
export async function startUiServer(options: UiServerOptions): Promise<Child> {
  const url = `http://${options.host}:${options.port}`;
  const child = startChild(
    'web-ui',
    options.binary,
    ['--root', join(projectRoot, 'infra', 'cluster'), '--config', 'ui-config', '--env', 'cluster', 'start'],
    {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        TEMPORAL_ADDRESS: options.temporalAddress,
        TEMPORAL_UI_HOST: options.host,
        TEMPORAL_UI_PORT: String(options.port),
        TEMPORAL_UI_ORIGIN: url,
        TEMPORAL_DEFAULT_NAMESPACE: options.namespace,
        ...(options.tls
          ? { TEMPORAL_TLS_CERT: options.tls.certFile, TEMPORAL_TLS_KEY: options.tls.keyFile, TEMPORAL_TLS_CA: options.tls.caFile }
          : {}),
      },
      output: 'quiet',
    },
  );
  try {
    await waitFor('Temporal Web UI', async () => (await fetch(url)).ok, { child, timeoutMs: 60_000, intervalMs: 250 });
  } catch (error) {
    await child.stop();
    throw new Error(`${(error as Error).message}\n${child.recentOutput().slice(-20).join('\n')}`);
  }
  return child;
}
