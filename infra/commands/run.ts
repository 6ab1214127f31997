import * as bench from './bench.command';
import * as cluster from './cluster.command';
import * as provision from './provision.command';
import * as setup from './setup.command';
import * as start from './start.command';
import * as test from './test.command';

/**
 * Runs one launcher command in this process: `node dist/infra/commands/run.js <command> [args]`.
 * `infra/bootstrap.mjs` starts it in a process group of its own, so that a Ctrl-C in the terminal
 * reaches only the bootstrap, which hands it on to this process alone: the launcher then stops its
 * children in order (API, worker, PostgreSQL, Temporal) instead of all of them at once.
 */
const commands: Record<string, { main(args: string[]): Promise<number> }> = { start, test, provision, setup, bench, cluster };

async function run(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const command = name ? commands[name] : undefined;
  if (!command) {
    console.error(`usage: run.js <${Object.keys(commands).join('|')}> [args...]`);
    return 2;
  }
  return command.main(args);
}

run().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('[slaflow]', error instanceof Error ? (error.stack ?? error.message) : error);
    process.exitCode = 1;
  },
);
