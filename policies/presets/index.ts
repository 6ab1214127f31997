import type { PolicyDocument } from '../../workflows/policy';
import { PolicyValidationError, validatePolicyDocument } from '../validate-policy';
// Imported (not read from disk) so that the build copies them into dist and no path is resolved at
// run time.
import alectrona from './alectrona.json';
import synchronetClick from './synchronet-click.json';
import syncroSoft from './syncro-soft.json';
import syneto from './syneto.json';
import tieredEu from './tiered-eu.json';

/** The presets of docs/design.md ("Preset, plan and priority ids"), in its order. */
export const presetIds: readonly string[] = ['syncro-soft', 'syneto', 'synchronet-click', 'alectrona', 'tiered-eu'];

export type PresetDocument = PolicyDocument & { version: number };

const files: Record<string, unknown> = {
  'syncro-soft': syncroSoft,
  syneto,
  'synchronet-click': synchronetClick,
  alectrona,
  'tiered-eu': tieredEu,
};

let validated: ReadonlyMap<string, PresetDocument> | undefined;

/**
 * Every preset, validated once on first use. A preset that fails validation is a defect of the
 * shipped files: the error names the file and every problem in it, and nothing is served.
 */
function presets(): ReadonlyMap<string, PresetDocument> {
  if (validated) return validated;
  const documents = new Map<string, PresetDocument>();
  for (const id of presetIds) {
    let document: PolicyDocument;
    try {
      document = validatePolicyDocument(files[id]);
    } catch (error) {
      if (!(error instanceof PolicyValidationError)) throw error;
      throw new PolicyValidationError(error.issues, `preset '${id}' (policies/presets/${id}.json)`);
    }
    if (document.id !== id) {
      throw new PolicyValidationError([{ path: 'id', message: `is '${document.id}'; the file is named for '${id}'` }], `preset '${id}' (policies/presets/${id}.json)`);
    }
    documents.set(id, { ...document, version: document.version ?? 1 });
  }
  validated = documents;
  return validated;
}

/** A preset's document (a copy: callers may change it freely); throws for an unknown id. */
export function presetDocument(id: string): PresetDocument {
  const document = presets().get(id);
  if (!document) throw new RangeError(`unknown preset '${id}': one of ${presetIds.join(', ')}`);
  return structuredClone(document);
}

/** Every preset's document, in `presetIds` order (copies). */
export function presetDocuments(): PresetDocument[] {
  return presetIds.map(presetDocument);
}
