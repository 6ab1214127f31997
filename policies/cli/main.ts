import { runCli, type CliOutcome } from './run-cli';

// Entry of `npx slaflow`, reached through bin/slaflow.mjs (which builds dist/ first when stale).

function outcomeOf(argv: readonly string[]): CliOutcome {
  try {
    return runCli(argv);
  } catch (error) {
    // Not the caller's fault, so exit 1 rather than 2; still one line unless SLAFLOW_DEBUG asks for the stack.
    const message = error instanceof Error ? (process.env.SLAFLOW_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
    return { exitCode: 1, stdout: '', stderr: `slaflow: ${message}\n` };
  }
}

const outcome = outcomeOf(process.argv.slice(2));
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.exitCode;
