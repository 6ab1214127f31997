import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * As root, PostgreSQL runs as the `postgres` system user, which must be able to reach what it
 * runs and writes. A checkout under a private home (/root is 0700) is out of its reach. These
 * helpers say which folder closes a path to other users, and where under /var/tmp its stand-in
 * lives (one folder per original path, so that checkouts do not share it).
 */
export function closedAncestor(path: string): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  for (let dir = dirname(resolve(path)); ; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) return dir;
    if (dir === dirname(dir)) return undefined;
  }
}

/** `/var/tmp/slaflow-<hash of path>`, made (mode 755) if missing. */
export function openStandInFor(path: string): string {
  const digest = createHash('sha256').update(resolve(path)).digest('hex').slice(0, 12);
  const folder = join('/var/tmp', `slaflow-${digest}`);
  mkdirSync(folder, { recursive: true, mode: 0o755 });
  return folder;
}
