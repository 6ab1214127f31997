import { truncateUtf8, utf8Length } from '../../../workflows/text/truncate-utf8';

describe('truncateUtf8 (workflow-safe, no Buffer)', () => {
  const samples = ['', 'Backups fail', 'Ünïcödé façade', '備份失敗 — 存储池', 'emoji 🚨🔥 at the end 🧯', 'x'.repeat(500), '😀'.repeat(120)];

  it('counts UTF-8 bytes as Node does', () => {
    for (const text of samples) expect(utf8Length(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });

  it('keeps what fits, and cuts the rest at a character boundary with an ellipsis', () => {
    for (const text of samples) {
      for (const max of [10, 33, 200]) {
        const cut = truncateUtf8(text, max);
        expect(Buffer.byteLength(cut, 'utf8')).toBeLessThanOrEqual(max);
        if (Buffer.byteLength(text, 'utf8') <= max) {
          expect(cut).toBe(text);
        } else {
          expect(cut.endsWith('…')).toBe(true);
          expect(text.startsWith(cut.slice(0, -1))).toBe(true);
          // No lone surrogate: the cut text survives a UTF-8 round trip unchanged.
          expect(Buffer.from(cut, 'utf8').toString('utf8')).toBe(cut);
        }
      }
    }
  });
});
