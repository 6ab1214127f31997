import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { certificateFiles, makeClusterCertificates, type ClusterCertificates } from '../cluster/certificates';
import { clusterHosts } from '../cluster/cluster';
import { startProductionShape } from '../cluster/production-shape';
import { ensureLocalBootstrapKey, bootstrapKeyFile } from './bootstrap-key';
import { seconds, step } from '../log';
import { dataDir } from '../paths';
import { removePidsFile } from '../process/pids-file';

export const clusterPidsFile = join(dataDir, 'cluster', 'pids.json');

/**
 * `npm run cluster [-- --tls]`: the production shape on one machine (infra/cluster/), kept in
 * .data/cluster/ across restarts. With `--tls` the nodes require client certificates (a CA and
 * certificates made once in .data/cluster/tls/). Prints every address; Ctrl-C (or SIGTERM) stops
 * everything, the APIs first.
 */
export async function main(args: string[] = []): Promise<number> {
  const started = Date.now();
  const unknown = args.filter((arg) => arg !== '--tls');
  if (unknown.length) {
    console.error(`usage: npm run cluster [-- --tls] (unknown: ${unknown.join(' ')})`);
    return 2;
  }
  let tls: ClusterCertificates | undefined;
  if (args.includes('--tls')) {
    const tlsDir = join(dataDir, 'cluster', 'tls');
    // Made once: clients configured with these files keep working across restarts.
    tls = existsSync(join(tlsDir, 'client.pem')) ? certificateFiles(tlsDir) : makeClusterCertificates(tlsDir, clusterHosts());
  }
  const ownKey = !process.env.SLAFLOW_BOOTSTRAP_KEY;
  const bootstrapKey = process.env.SLAFLOW_BOOTSTRAP_KEY ?? ensureLocalBootstrapKey();
  const shape = await startProductionShape({ mode: 'dev', pidsFile: clusterPidsFile, bootstrapKey, tls });
  let stopping = false;
  const stopAll = async (reason: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    step(`stopping (${reason})...`);
    await shape.stop();
    removePidsFile(clusterPidsFile);
    step('stopped');
  };
  const stopped = new Promise<number>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => void stopAll(signal).then(() => resolve(0)));
    void shape.supervisor.failed.then((error) => {
      console.error(`[slaflow] ${error.message}`);
      void stopAll(`${error.service} keeps failing`).then(() => resolve(1));
    });
  });
  const { cluster, apis } = shape;
  step(`ready in ${seconds(started)}`);
  console.log(
    [
      '',
      ...apis.map((api) => `  ${api.name.padEnd(12)}${api.url}  (health ${api.url}/health, OpenAPI ${api.url}/docs)`),
      ...cluster.nodes.map((node) => `  ${node.name.padEnd(12)}${node.address} (namespace ${cluster.namespace})`),
      `  Web UI      ${cluster.webUiUrl}`,
      `  PostgreSQL  ${cluster.databaseUrl.replace(/:[^:@/]*@/, ':***@')} (Temporal: databases temporal, temporal_visibility)`,
      `  Ops key     ${ownKey ? `in ${bootstrapKeyFile}` : 'SLAFLOW_BOOTSTRAP_KEY'}`,
      `  Pids        ${clusterPidsFile}`,
      ...(tls
        ? [
            `  mTLS        TEMPORAL_TLS_CLIENT_CERT_PATH=${tls.clientCertFile} TEMPORAL_TLS_CLIENT_KEY_PATH=${tls.clientKeyFile}`,
            `              TEMPORAL_TLS_SERVER_CA_CERT_PATH=${tls.caFile} TEMPORAL_TLS_SERVER_NAME=localhost`,
          ]
        : []),
      '',
      '  worker-N and api-N talk to temporal-N. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return stopped;
}
