import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { dataDir } from '../paths';

/** Where `npm start` keeps the ops key it made, when SLAFLOW_BOOTSTRAP_KEY is not given. */
export const bootstrapKeyFile = join(dataDir, 'bootstrap-key');

/**
 * A local desk needs a first ops key to create any other: with no SLAFLOW_BOOTSTRAP_KEY, `npm
 * start` makes one once, keeps it in the data folder (owner-readable only) and reuses it on every
 * start. The key itself is never printed, only where it is.
 */
export function ensureLocalBootstrapKey(): string {
  if (existsSync(bootstrapKeyFile)) return readFileSync(bootstrapKeyFile, 'utf8').trim();
  mkdirSync(dirname(bootstrapKeyFile), { recursive: true });
  const key = `slaflow_ops_${randomBytes(32).toString('base64url')}`;
  writeFileSync(bootstrapKeyFile, `${key}\n`, { mode: 0o600 });
  return key;
}
