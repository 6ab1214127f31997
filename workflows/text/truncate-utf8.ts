const ellipsis = '…';

/**
 * Bytes a workflow's static summary is cut to, by the API and by the workflow for sub-incidents:
 * Temporal refuses a summary over its limit (400 bytes by default) and the start fails.
 */
export const summaryMaxBytes = 200;

/** Bytes of one code point in UTF-8 (pure arithmetic: usable in workflow code, which has no Buffer). */
function utf8Size(character: string): number {
  const code = character.codePointAt(0)!;
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return code < 0x10000 ? 3 : 4;
}

export function utf8Length(text: string): number {
  let total = 0;
  for (const character of text) total += utf8Size(character);
  return total;
}

/**
 * `text` cut to at most `maxBytes` bytes of UTF-8, at a character boundary (never inside a
 * surrogate pair), with an ellipsis when it was cut. Temporal limits a workflow's summary and
 * details by their size in bytes.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (utf8Length(text) <= maxBytes) return text;
  const budget = maxBytes - utf8Size(ellipsis);
  let used = 0;
  let kept = '';
  for (const character of text) {
    const size = utf8Size(character);
    if (used + size > budget) break;
    used += size;
    kept += character;
  }
  return `${kept}${ellipsis}`;
}
