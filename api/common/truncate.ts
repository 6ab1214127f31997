const ellipsis = '…';

/**
 * `text` cut to at most `maxBytes` bytes of UTF-8, at a character boundary (never inside a
 * surrogate pair), with an ellipsis when it was cut. Temporal limits a workflow's summary and
 * details by their size in bytes.
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  const budget = maxBytes - Buffer.byteLength(ellipsis, 'utf8');
  let used = 0;
  let kept = '';
  for (const character of text) {
    const size = Buffer.byteLength(character, 'utf8');
    if (used + size > budget) break;
    used += size;
    kept += character;
  }
  return `${kept}${ellipsis}`;
}
