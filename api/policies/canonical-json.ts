/**
 * JSON with object keys sorted at every level, so two documents compare equal exactly when they
 * hold the same data. PostgreSQL's jsonb reorders keys, so the stored text never matches the file's.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    // JSON.stringify drops undefined properties; dropping them here keeps that rule at every level.
    if (child !== undefined) sorted[key] = sortKeys(child);
  }
  return sorted;
}
