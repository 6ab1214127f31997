/**
 * The command line of `slaflow`, read without a library so that every refusal is one sentence
 * naming the argument (node:util's parseArgs words its own errors and stops at the first).
 */

export const scheduleOptions = ['policy', 'plan', 'priority', 'opened'] as const;
export type ScheduleOption = (typeof scheduleOptions)[number];

export type ParsedCommandLine =
  { kind: 'help' } | { kind: 'schedule'; options: Partial<Record<ScheduleOption, string>> } | { kind: 'error'; message: string };

const commands = ['schedule'];
const optionList = `${scheduleOptions.map((o) => `--${o}`).join(', ')}, --help`;

function isScheduleOption(name: string): name is ScheduleOption {
  return (scheduleOptions as readonly string[]).includes(name);
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  // Help wins over every other problem: someone asking for it should get it.
  if (argv.some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' };

  const [command, ...rest] = argv;
  if (command === undefined) return { kind: 'error', message: `a command is required: one of ${commands.join(', ')} (slaflow --help)` };
  if (!commands.includes(command)) {
    return { kind: 'error', message: `unknown command '${command}': one of ${commands.join(', ')} (slaflow --help)` };
  }

  const options: Partial<Record<ScheduleOption, string>> = {};
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      return { kind: 'error', message: `unexpected argument '${arg}': schedule takes ${optionList}` };
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals === -1 ? undefined : equals);
    if (!isScheduleOption(name)) {
      return { kind: 'error', message: `unknown option '--${name}': schedule takes ${optionList}` };
    }
    if (options[name] !== undefined) {
      return { kind: 'error', message: `--${name} is given more than once: give it once` };
    }
    let value: string;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else if (i + 1 < rest.length && !rest[i + 1]!.startsWith('--')) {
      value = rest[++i]!;
    } else {
      // A flag without its value counts as absent: the caller's "is required" names what it takes.
      value = '';
    }
    options[name] = value;
  }
  return { kind: 'schedule', options };
}
