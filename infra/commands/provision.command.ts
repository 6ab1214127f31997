import { seconds, step } from '../log';
import { ensureSchemathesis } from '../python/schemathesis';
import { ensureTemporalCli } from '../temporal/cli';
import { ensureTestServer, measureStartup } from '../temporal/test-server';

/** `npm run provision [-- --measure]`: makes both Temporal binaries and schemathesis available; idempotent. */
export async function main(args: string[]): Promise<number> {
  const started = Date.now();
  const cli = await ensureTemporalCli();
  step(`Temporal CLI: ${cli}`);
  const testServer = await ensureTestServer();
  step(`time-skipping test server: ${testServer}`);
  step(`schemathesis (contract test): ${ensureSchemathesis()}`);
  if (args.includes('--measure')) {
    const startup = await measureStartup(testServer, 5);
    step(`test server start to open port: ${startup.map((s) => s.toFixed(2)).join(', ')} seconds`);
  }
  step(`provisioned in ${seconds(started)}`);
  return 0;
}
