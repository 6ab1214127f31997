import { join } from 'node:path';
import { startProductionShape } from '../cluster/production-shape';
import { ensureLocalBootstrapKey, bootstrapKeyFile } from './bootstrap-key';
import { seconds, step } from '../log';
import { dataDir } from '../paths';
import { removePidsFile } from '../process/pids-file';

export const clusterPidsFile = join(dataDir, 'cluster', 'pids.json');

/**
 * `npm run cluster`: the production shape on one machine (infra/cluster/), kept in .data/cluster/
 * across restarts. Prints every address; Ctrl-C (or SIGTERM) stops everything, the APIs first.
 */
export async function main(): Promise<number> {
  const started = Date.now();
  const ownKey = !process.env.SLAFLOW_BOOTSTRAP_KEY;
  const bootstrapKey = process.env.SLAFLOW_BOOTSTRAP_KEY ?? ensureLocalBootstrapKey();
  const shape = await startProductionShape({ mode: 'dev', pidsFile: clusterPidsFile, bootstrapKey });
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
      '',
      '  worker-N and api-N talk to temporal-N. Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return stopped;
}
