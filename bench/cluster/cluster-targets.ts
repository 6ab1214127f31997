import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startProductionShape } from '../../infra/cluster/production-shape';
import { cacheDir } from '../../infra/paths';
import { startApiBenchStack } from '../api/api-stack';
import { startWebhookReceiver, type WebhookReceiver } from '../api/webhook-receiver';

/** What the cluster benchmark drives: the dev server's shape or the cluster's, through HTTP only. */
export interface BenchTarget {
  readonly name: 'dev server' | 'cluster';
  readonly apiUrls: string[];
  readonly opsKey: string;
  readonly receiver: WebhookReceiver;
  /** `kill -9` of one process (cluster only: `temporal-1`, …). */
  kill?(name: string): void;
  stop(): Promise<void>;
}

/** `npm start`'s shape (a dev server, PostgreSQL, one worker, one API), as the api section starts it. */
export async function devServerTarget(log: (line: string) => void): Promise<BenchTarget> {
  const stack = await startApiBenchStack(log);
  return { name: 'dev server', apiUrls: [stack.apiUrl], opsKey: stack.opsKey, receiver: stack.receiver, stop: () => stack.stop() };
}

/** `npm run cluster`'s shape on free ports (two nodes, two workers, two APIs), without TLS. */
export async function clusterTarget(log: (line: string) => void): Promise<BenchTarget> {
  const receiver = await startWebhookReceiver();
  const opsKey = `bench-${randomBytes(16).toString('hex')}`;
  mkdirSync(join(cacheDir, 'bench'), { recursive: true });
  const pidsFile = join(cacheDir, 'bench', `cluster-pids-${process.pid}.json`);
  try {
    const shape = await startProductionShape({
      mode: 'test',
      pidsFile,
      bootstrapKey: opsKey,
      env: { SLAFLOW_WEBHOOK_SECRET: randomBytes(24).toString('hex'), SMTP_URL: '' },
    });
    log(`cluster up: APIs ${shape.apis.map((api) => api.url).join(', ')}`);
    return {
      name: 'cluster',
      apiUrls: shape.apis.map((api) => api.url),
      opsKey,
      receiver,
      kill(name) {
        const pids = JSON.parse(readFileSync(pidsFile, 'utf8')) as Record<string, number>;
        process.kill(-pids[name], 'SIGKILL');
      },
      async stop() {
        await shape.stop();
        await receiver.close();
        rmSync(pidsFile, { force: true });
      },
    };
  } catch (error) {
    await receiver.close();
    throw error;
  }
}
