/**
 * Runs one launcher command in this process: `node dist/infra/commands/run.js <command> [args]`.
 * `infra/bootstrap.mjs` starts it in a process group of its own, so that a Ctrl-C in the terminal
 * reaches only the bootstrap, which hands it on to this process alone: the launcher then stops its
 * children in order (API, worker, PostgreSQL, Temporal) instead of all of them at once.
 *
 * Each command is loaded only when it runs: the production image carries `setup` but neither the
 * benchmarks nor the embedded PostgreSQL that the other commands import.
 */
type Command = { main(args: string[]): Promise<number> };
const commands: Record<string, () => Promise<Command>> = {
  start: () => import('./start.command.js'),
  test: () => import('./test.command.js'),
  provision: () => import('./provision.command.js'),
  setup: () => import('./setup.command.js'),
  bench: () => import('./bench.command.js'),
  cluster: () => import('./cluster.command.js'),
  'test-cluster': () => import('./test-cluster.command.js'),
};

async function run(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const load = name ? commands[name] : undefined;
  if (!load) {
    console.error(`usage: run.js <${Object.keys(commands).join('|')}> [args...]`);
    return 2;
  }
  return (await load()).main(args);
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
