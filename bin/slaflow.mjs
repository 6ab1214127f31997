#!/usr/bin/env node
// Entry of `npx slaflow` (package.json "bin"). With npm 11, `npx slaflow` in the project root finds
// this bin in the root's own package.json, links the root into npm's npx cache (no download) and
// runs this file with the root as working directory.
//
// Plain Node, like infra/bootstrap.mjs: it compiles the TypeScript when dist/ is missing or older
// than the sources the CLI is built from, then runs dist/policies/cli/main.js in this process.
// Stdout carries only the command's answer and stderr at most its one line, so the build stays
// quiet unless it fails (a terminal is told that it is compiling).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const entry = join(root, 'dist', 'policies', 'cli', 'main.js');
// What the CLI is compiled from: its own folder, the presets beside it, the policy model and the
// calendar, and the compiler settings.
const sourceDirs = ['policies', 'workflows'].map((dir) => join(root, dir));
const sourceFiles = ['tsconfig.json', 'tsconfig.build.json'].map((file) => join(root, file));

function newestSourceTime() {
  let newest = 0;
  const visit = (path) => {
    const stats = statSync(path);
    if (stats.isDirectory()) {
      for (const name of readdirSync(path)) visit(join(path, name));
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  };
  for (const dir of sourceDirs) if (existsSync(dir)) visit(dir);
  for (const file of sourceFiles) if (existsSync(file)) newest = Math.max(newest, statSync(file).mtimeMs);
  return newest;
}

function entryIsFresh() {
  return existsSync(entry) && statSync(entry).mtimeMs >= newestSourceTime();
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
  if (incremental && !entryIsFresh()) result = compile(full);
  // Type errors in files the CLI does not use still emit JavaScript; only a missing entry stops us.
  if (!entryIsFresh()) {
    process.stderr.write(`${result.error?.message ?? ''}${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`slaflow: the build did not produce ${entry}`);
    process.exit(1);
  }
}

if (!entryIsFresh()) build();
await import(pathToFileURL(entry).href);
