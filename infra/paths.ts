import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

// This file runs both from source (ts-jest) and compiled under dist/, so the root is found by
// walking up to the folder that holds package.json rather than by a fixed number of `..`.
function findProjectRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);

/**
 * Where the project keeps what it makes on this machine. Both folders are git-ignored:
 * `.cache/` holds what can be rebuilt (provisioned binaries, build info, test results) and
 * `.data/` holds local state that `npm start` keeps across restarts (SQLite file, Postgres cluster).
 */
export const cacheDir = process.env.SLAFLOW_CACHE_DIR ?? join(projectRoot, '.cache');
export const dataDir = process.env.SLAFLOW_DATA_DIR ?? join(projectRoot, '.data');
export const distDir = join(projectRoot, 'dist');
