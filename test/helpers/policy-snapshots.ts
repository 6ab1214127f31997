import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolvePolicySnapshot } from '../../policies/resolve-snapshot';
import { validatePolicyDocument } from '../../policies/validate-policy';
import type { PolicySnapshot } from '../../workflows/policy';

/** A preset as a ticket opened at `at` would carry it: validated, holidays resolved. */
export function presetSnapshot(id: string, at: number): PolicySnapshot {
  const raw: unknown = JSON.parse(readFileSync(join(__dirname, '..', '..', 'policies', 'presets', `${id}.json`), 'utf8'));
  const document = validatePolicyDocument(raw);
  return resolvePolicySnapshot({ ...document, version: document.version ?? 1 }, { at });
}
