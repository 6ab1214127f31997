import { renameSync, rmSync, writeFileSync } from 'node:fs';

/**
 * `npm start` keeps the pid of each process it runs in `<data folder>/pids.json`:
 * `{ "launcher": 1200, "temporal": 1201, "postgres": 1230, "worker": 1250, "api": 1251 }`, rewritten
 * whenever one is restarted and removed once everything has stopped. Operators and the fault tests
 * read it to signal one process. It is replaced whole (written aside, then renamed), so a reader
 * never sees half a file.
 */
export function writePidsFile(file: string, pids: Record<string, number>): void {
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify({ launcher: process.pid, ...pids })}\n`);
  renameSync(partial, file);
}

export function removePidsFile(file: string): void {
  rmSync(file, { force: true });
}
