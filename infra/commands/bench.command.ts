import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, platform, release } from 'node:os';
import { join } from 'node:path';
import type { BenchSection } from '../../bench/section';
import { seconds, step } from '../log';
import { cacheDir } from '../paths';

class UsageError extends Error {}

interface Invocation {
  readonly sections: readonly BenchSection[];
  readonly options: ReadonlyMap<string, number>;
  readonly help: boolean;
}

function usage(sections: readonly BenchSection[]): string {
  const lines = [`usage: npm run bench -- [${sections.map((section) => section.name).join('|')}]... [--option value]...`];
  lines.push('  no section named: all of them, in this order; an option applies to every named section that has it');
  for (const section of sections) {
    lines.push(`  ${section.name}: ${section.title}`);
    for (const [name, option] of Object.entries(section.options)) {
      lines.push(`    --${name} <n>  ${option.description} (default ${option.default})`);
    }
  }
  return lines.join('\n');
}

function parse(args: readonly string[], all: readonly BenchSection[]): Invocation {
  const names: string[] = [];
  const raw = new Map<string, string>();
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      help = true;
    } else if (arg.startsWith('--')) {
      const equals = arg.indexOf('=');
      const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
      const value = equals === -1 ? args[++i] : arg.slice(equals + 1);
      if (value === undefined) throw new UsageError(`--${name} needs a value`);
      raw.set(name, value);
    } else {
      names.push(arg);
    }
  }
  const known = new Map(all.map((section) => [section.name, section]));
  for (const name of names) {
    if (!known.has(name)) throw new UsageError(`unknown section '${name}': accepted values are ${[...known.keys()].join(', ')}`);
  }
  const sections = names.length > 0 ? all.filter((section) => names.includes(section.name)) : all;

  const options = new Map<string, number>();
  for (const [name, value] of raw) {
    const declared = sections.map((section) => section.options[name]).find((option) => option !== undefined);
    if (!declared) {
      const accepted = [...new Set(sections.flatMap((section) => Object.keys(section.options)))].map((option) => `--${option}`);
      throw new UsageError(`unknown option --${name} for ${sections.map((section) => section.name).join(', ')}: accepted ${accepted.join(', ')}`);
    }
    const number = Number(value);
    if (value.trim() === '' || !Number.isInteger(number) || number < declared.min) {
      throw new UsageError(`--${name} must be a whole number >= ${declared.min}, got '${value}'`);
    }
    options.set(name, number);
  }
  return { sections, options, help };
}

function optionsFor(section: BenchSection, given: ReadonlyMap<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(section.options).map(([name, option]) => [name, given.get(name) ?? option.default]));
}

function machine(): Record<string, string | number> {
  const cores = cpus();
  return { node: process.version, platform: `${platform()} ${release()}`, cpu: cores[0]?.model ?? 'unknown', cores: cores.length };
}

/**
 * `npm run bench [-- section... --option value...]`: runs benchmark sections, prints each one's
 * table and verdict, and writes its results to `.cache/bench/<section>.json`. A missed target is
 * reported (FAIL) without changing the exit code; only a crash (1) or bad arguments (2) do.
 */
export async function main(args: string[]): Promise<number> {
  // Loaded here, not at the top: the benchmarks pull in the peers (devDependencies), and every
  // launcher command (npm start, npm test) loads this module.
  const { BENCH_SECTIONS } = await import('../../bench/sections.js');
  let invocation: Invocation;
  try {
    invocation = parse(args, BENCH_SECTIONS);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}`);
    return 2;
  }
  if (invocation.help) {
    console.log(usage(BENCH_SECTIONS));
    return 0;
  }

  const host = machine();
  step(`bench on ${host.cpu} (${host.cores} cores), Node.js ${host.node}`);
  const outcomes: string[] = [];
  let crashed = false;
  for (const section of invocation.sections) {
    const started = Date.now();
    const options = optionsFor(section, invocation.options);
    step(`${section.name}: ${section.title}`);
    try {
      const report = await section.run(options, (line) => step(`${section.name}: ${line}`));
      console.log(`\n${report.text}\n`);
      const directory = join(cacheDir, 'bench');
      mkdirSync(directory, { recursive: true });
      const file = join(directory, `${section.name}.json`);
      const finishedAt = new Date().toISOString();
      writeFileSync(file, `${JSON.stringify({ section: section.name, finishedAt, machine: host, options, result: report.json }, null, 2)}\n`);
      step(`${section.name}: done in ${seconds(started)}; results in ${file}`);
      outcomes.push(`${section.name} ${report.pass === undefined ? 'measured' : report.pass ? 'PASS' : 'FAIL'}`);
    } catch (error) {
      crashed = true;
      console.error(`[slaflow] ${section.name} crashed:`, error instanceof Error ? (error.stack ?? error.message) : error);
      outcomes.push(`${section.name} CRASHED`);
    }
  }
  step(outcomes.join(', '));
  return crashed ? 1 : 0;
}
