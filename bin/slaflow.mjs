#!/usr/bin/env node
// Entry of `npx slaflow` (package.json "bin"). With npm 11, `npx slaflow` in the project root finds
// this bin in the root's own package.json, links the root into npm's npx cache (no download) and
// runs this file with the root as working directory.
//
// Plain Node, like infra/bootstrap.mjs: it compiles the TypeScript when dist/ is missing or older
// than the sources the CLI runs from, then runs dist/policies/cli/main.js in this process.
// Stdout carries only the command's answer and stderr at most its one line, so the build stays
// quiet unless it fails (a terminal is told that it is compiling).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const dist = join(root, 'dist');
const entry = join(dist, 'policies', 'cli', 'main.js');
const compilerSettings = ['tsconfig.json', 'tsconfig.build.json'].map((file) => join(root, file));

const mtime = (path) => statSync(path).mtimeMs;

/** The compiled file a relative require() names, as Node would find it; undefined when missing. */
function resolveCompiled(fromFile, specifier) {
  const base = resolve(dirname(fromFile), specifier);
  return [base, `${base}.js`, join(base, 'index.js')].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/**
 * Whether every compiled file the CLI loads is at least as new as its source. The set is read from
 * the compiled code itself (its relative requires, from main.js on), so it is exactly what the CLI
 * runs: edits elsewhere in the repository (the ticket workflow, the API) do not cost a rebuild, and
 * a new import is followed as soon as it has been compiled once.
 */
function isFresh() {
  if (!existsSync(entry)) return false;
  const entryTime = mtime(entry);
  if (compilerSettings.some((file) => existsSync(file) && mtime(file) > entryTime)) return false;
  const seen = new Set();
  const pending = [entry];
  while (pending.length > 0) {
    const compiled = pending.pop();
    if (seen.has(compiled)) continue;
    seen.add(compiled);
    // dist/x/y.js comes from x/y.ts; a JSON file is copied from the same place.
    const path = relative(dist, compiled);
    const source = join(root, path.endsWith('.js') ? path.replace(/\.js$/, '.ts') : path);
    if (!existsSync(source) || mtime(source) > mtime(compiled)) return false;
    if (!compiled.endsWith('.js')) continue;
    for (const [, specifier] of readFileSync(compiled, 'utf8').matchAll(/require\("(\.\.?\/[^"]*)"\)/g)) {
      const target = resolveCompiled(compiled, specifier);
      if (!target) return false;
      pending.push(target);
    }
  }
  return true;
}

function compile(extraArgs) {
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('slaflow: node_modules/typescript is missing: run npm install in the project root first');
    process.exit(1);
  }
  if (process.stderr.isTTY) console.error('[slaflow] compiling...');
  return spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', ...extraArgs], { cwd: root, encoding: 'utf8' });
}

function build() {
  // The incremental build info lives in .cache/, apart from dist/: an incremental build re-emits
  // neither a deleted dist/ nor a source saved without a change (it compares contents), so those
  // cases compile in full.
  const full = ['--incremental', 'false'];
  const incremental = existsSync(entry);
  let result = compile(incremental ? [] : full);
  if (incremental && !isFresh()) result = compile(full);
  // Type errors still emit JavaScript (tsc's default), so a file mid-edit elsewhere does not stop
  // the CLI; only a build that leaves the CLI's own files missing or stale does.
  if (!isFresh()) {
    process.stderr.write(`${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`slaflow: the build did not bring ${relative(root, entry)} and the files it loads up to date`);
    process.exit(1);
  }
}

if (!isFresh()) build();
await import(pathToFileURL(entry).href);
