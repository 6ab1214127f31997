#!/usr/bin/env node
// Entry point of `npm start`, `npm test` and `npm run provision`.
//
// It runs on a fresh clone where node_modules does not exist yet, so it uses nothing but Node's
// standard library: it installs the locked dependencies when they are missing or stale, compiles
// the TypeScript (incrementally), and hands over to the compiled command in dist/infra/commands.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const commands = new Set(['start', 'test', 'provision', 'setup', 'bench', 'cluster', 'test-cluster']);
const [command, ...args] = process.argv.slice(2);

if (!commands.has(command)) {
  console.error(`usage: node infra/bootstrap.mjs <${[...commands].join('|')}> [args...]`);
  process.exit(2);
}

function step(message) {
  console.log(`[slaflow] ${message}`);
}

function run(cmd, cmdArgs) {
  const result = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit' });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    console.error(`[slaflow] '${cmd} ${cmdArgs.join(' ')}' exited with ${result.status ?? result.signal}`);
    process.exit(result.status ?? 1);
  }
}

// The stamp records which lockfile node_modules was installed from, so a changed lockfile (a pull,
// a branch switch) reinstalls, and an unchanged one costs nothing.
function ensureDependencies() {
  const lockfile = join(root, 'package-lock.json');
  const manifest = join(root, 'package.json');
  const stampFile = join(root, 'node_modules', '.slaflow-install-stamp');
  const hash = createHash('sha256');
  hash.update(readFileSync(manifest));
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile));
  const wanted = hash.digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === wanted) return;

  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const started = Date.now();
  step('installing dependencies (npm ci)...');
  run(npm, existsSync(lockfile) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund']);
  writeFileSync(stampFile, wanted);
  step(`dependencies installed in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

function build() {
  const started = Date.now();
  // Incremental tsc trusts its build info: with dist/ gone it would emit nothing. Start afresh.
  const buildInfo = join(root, '.cache', 'tsbuildinfo', 'build.json');
  if (!existsSync(join(root, 'dist')) && existsSync(buildInfo)) rmSync(buildInfo);
  run(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
  step(`compiled in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

// The web application (web/, the SLA board) is bundled by Vite into dist/web, which the API serves
// at `/`: built when it is missing or older than any file of web/ or of the workflow code it
// bundles (business-time countdowns), so a checkout always serves the page it holds.
function newestChange(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestChange(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function buildWeb() {
  const index = join(root, 'dist', 'web', 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= Math.max(newestChange(join(root, 'web')), newestChange(join(root, 'workflows')))) return;
  const started = Date.now();
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.mts', '--logLevel', 'warn']);
  step(`web application built in ${((Date.now() - started) / 1000).toFixed(1)}s`);
}

ensureDependencies();
build();
if (command === 'start' || command === 'test' || command === 'bench') buildWeb();

// The command runs in a process group of its own, so the terminal's Ctrl-C reaches this process
// only; it is handed on to the command, which stops its servers in order and then exits.
const child = spawn(process.execPath, [join(root, 'dist', 'infra', 'commands', 'run.js'), command, ...args], {
  cwd: root,
  stdio: 'inherit',
  detached: true,
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
