import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seconds, step } from '../log';
import { cacheDir, projectRoot } from '../paths';
import { freePort, isPortOpen, runToCompletion, startChild, waitFor } from '../process/children';
import { isExecutable, onPath } from './find-executable';
import { officialDownload } from './official-download';

/**
 * Temporal's Java time-skipping test server, on which every workflow test runs.
 *
 * Where the official download is out of reach it is resolved from Maven Central
 * (`io.temporal:temporal-test-server` and its runtime classpath) and wrapped in a script that
 * `exec`s java, so that the SDK, which stops the server by killing the process it started, kills
 * the JVM itself. The SDK waits only about 5 seconds for the port to open; a plain JVM start of
 * the server takes about 2.5 s on a 2-core machine, so provisioning also records an AppCDS archive
 * of the classes loaded at start-up, which brings the start under a second.
 */
export const testServerVersion = '1.38.0';

const home = join(cacheDir, 'temporal-test-server');
export const cachedTestServerPath = join(home, 'temporal-test-server');
const libDir = join(home, 'lib');
const classesDir = join(home, 'classes');
// Class-data sharing refuses non-empty directories on the classpath, so the launcher goes in a jar.
const launcherJar = join(home, 'launcher.jar');
const archivePath = join(home, 'app.jsa');
const stampPath = join(home, 'stamp.json');
const sourcesDir = join(projectRoot, 'infra', 'temporal');

interface Stamp {
  testServerVersion: string;
  java: string;
  launcher: string;
}

function findJava(): string | undefined {
  const fromHome = process.env.JAVA_HOME ? join(process.env.JAVA_HOME, 'bin', 'java') : undefined;
  return fromHome && isExecutable(fromHome) ? fromHome : onPath('java');
}

function javaVersion(java: string): string {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8' });
  return `${java} ${result.stderr.split('\n')[0] ?? ''}`.trim();
}

function currentStamp(java: string): Stamp {
  return {
    testServerVersion,
    java: javaVersion(java),
    launcher: readFileSync(join(sourcesDir, 'LoopbackTestServer.java'), 'utf8'),
  };
}

function stampMatches(wanted: Stamp): boolean {
  if (!existsSync(stampPath) || !isExecutable(cachedTestServerPath)) return false;
  return readFileSync(stampPath, 'utf8') === JSON.stringify(wanted);
}

/**
 * Finds or makes the test server, in this order: `TEMPORAL_TEST_SERVER_PATH`;
 * `temporal-test-server` on PATH; the project's cache; the official download; Maven Central.
 * Returns the path of an executable that takes `<port>` as its first argument.
 */
export async function ensureTestServer(): Promise<string> {
  const explicit = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (explicit) {
    if (!isExecutable(explicit)) throw new Error(`TEMPORAL_TEST_SERVER_PATH=${explicit} is not an executable file`);
    return explicit;
  }
  const fromPath = onPath('temporal-test-server');
  if (fromPath) return fromPath;

  const nativeBinary = join(home, 'native', 'temporal-test-server');
  if (isExecutable(nativeBinary)) return nativeBinary;

  // The Maven build is checked before the download: once made, it is the cache.
  const java = findJava();
  const wanted = java ? currentStamp(java) : undefined;
  if (wanted && stampMatches(wanted)) return cachedTestServerPath;

  const started = Date.now();
  try {
    step('test server: trying the official download...');
    await officialDownload('temporal-test-server', 'default', nativeBinary, {
      'sdk-name': 'sdk-typescript',
      'sdk-version': sdkVersion(),
    });
    step(`test server: downloaded in ${seconds(started)}`);
    return nativeBinary;
  } catch (error) {
    step(`test server: official download unavailable (${(error as Error).message}); resolving from Maven Central`);
  }
  if (!java || !wanted) {
    throw new Error('the test server needs Java 11+ to run (or set TEMPORAL_TEST_SERVER_PATH to a test server binary)');
  }
  await buildFromMaven(java);
  writeFileSync(stampPath, JSON.stringify(wanted));
  step(`test server: ready in ${seconds(started)} at ${cachedTestServerPath}`);
  return cachedTestServerPath;
}

function sdkVersion(): string {
  const manifest = JSON.parse(readFileSync(require.resolve('@temporalio/testing/package.json'), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

async function buildFromMaven(java: string): Promise<void> {
  if (!onPath('mvn')) {
    throw new Error('resolving the test server from Maven Central needs Maven (`mvn`) on PATH');
  }
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });

  let started = Date.now();
  step(`test server: resolving io.temporal:temporal-test-server:${testServerVersion} and its classpath...`);
  runToCompletion(
    'mvn',
    [
      '-q',
      '-B',
      '-f',
      join(sourcesDir, 'test-server.pom.xml'),
      `-Dtemporal.test-server.version=${testServerVersion}`,
      'dependency:copy-dependencies',
      `-DoutputDirectory=${libDir}`,
      '-DincludeScope=runtime',
    ],
    { quiet: true },
  );
  step(`test server: classpath resolved in ${seconds(started)}`);

  const javac = join(java, '..', 'javac');
  runToCompletion(isExecutable(javac) ? javac : 'javac', ['-d', classesDir, '-cp', `${libDir}/*`, join(sourcesDir, 'LoopbackTestServer.java')]);
  const jar = join(java, '..', 'jar');
  runToCompletion(isExecutable(jar) ? jar : 'jar', ['cf', launcherJar, '-C', classesDir, '.']);
  rmSync(classesDir, { recursive: true, force: true });

  const classpath = `${launcherJar}:${libDir}/*`;
  const jvmFlags = ['-XX:+UseSerialGC', '-Xshare:auto', '-Xlog:cds=off', '-Xlog:cds+dynamic=off'];
  writeFileSync(
    cachedTestServerPath,
    [
      '#!/bin/sh',
      "# Made by infra/temporal/test-server.ts. Runs Temporal's time-skipping test server on loopback.",
      '# exec, so that whoever started this script stops the JVM itself by stopping this process.',
      `exec "${java}" ${jvmFlags.join(' ')} -XX:SharedArchiveFile="${archivePath}" -cp "${classpath}" dev.slaflow.infra.LoopbackTestServer "$@"`,
      '',
    ].join('\n'),
    { mode: 0o755 },
  );

  // Record the classes the server loads at start-up into a class-data-sharing archive.
  started = Date.now();
  const port = await freePort();
  const recorder = startChild(
    'test-server-cds',
    java,
    [...jvmFlags, `-XX:ArchiveClassesAtExit=${archivePath}`, '-cp', classpath, 'dev.slaflow.infra.LoopbackTestServer', String(port)],
    { output: 'ignore' },
  );
  await waitFor('test server (recording CDS archive)', () => isPortOpen(port), { child: recorder, timeoutMs: 60_000 });
  await recorder.stop(60_000); // SIGTERM: the JVM writes the archive on its way out.
  if (!existsSync(archivePath)) throw new Error('the JVM did not write the class-data-sharing archive');
  step(`test server: class-data-sharing archive recorded in ${seconds(started)}`);

  const startup = await measureStartup(cachedTestServerPath);
  step(`test server: JVM start to open port ${startup.map((s) => s.toFixed(2)).join('s, ')}s (SDK waits ~5s)`);
  writeFileSync(join(home, 'startup.json'), JSON.stringify({ seconds: startup }, null, 2));
}

/** Seconds from spawn to an open port, three times: the figure the SDK's 5-second wait depends on. */
export async function measureStartup(executable: string, runs = 3): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < runs; i++) {
    const port = await freePort();
    const started = process.hrtime.bigint();
    const server = startChild('test-server-probe', executable, [String(port)], { output: 'ignore' });
    await waitFor('test server', () => isPortOpen(port), { child: server, intervalMs: 20, timeoutMs: 30_000 });
    results.push(Number(process.hrtime.bigint() - started) / 1e9);
    await server.stop();
  }
  return results;
}
