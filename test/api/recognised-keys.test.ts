import { RecognisedKeys } from '../../api/auth/recognised-keys';
import type { Principal } from '../../api/auth/principal';

describe('RecognisedKeys: fresh for the revocation delay, kept longer for outages only', () => {
  const agent: Principal = { role: 'agent', organisation: null, keyId: 'k_1' };
  const keys = () => new RecognisedKeys({ freshMs: 5_000, keptMs: 600_000, maxEntries: 10 });

  it('is fresh for freshMs: after that PostgreSQL must be asked again (a revocation applies within it)', () => {
    const recognised = keys();
    recognised.remember('h', agent, 1_000);
    expect(recognised.fresh('h', 5_999)).toBe(agent);
    expect(recognised.fresh('h', 6_000)).toBeUndefined();
  });

  it('is kept for keptMs, for when PostgreSQL cannot be asked, and then gone', () => {
    const recognised = keys();
    recognised.remember('h', agent, 1_000);
    expect(recognised.kept('h', 600_999)).toBe(agent);
    expect(recognised.kept('h', 601_000)).toBeUndefined();
  });

  it('a new confirmation starts both periods again; a key PostgreSQL refuses is forgotten, outage or not', () => {
    const recognised = keys();
    recognised.remember('h', agent, 1_000);
    recognised.remember('h', agent, 500_000);
    expect(recognised.fresh('h', 504_000)).toBe(agent);
    expect(recognised.kept('h', 1_000_000)).toBe(agent);
    recognised.forget('h');
    expect(recognised.kept('h', 1_000_001)).toBeUndefined();
  });
});
