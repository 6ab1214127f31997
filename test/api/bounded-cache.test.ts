import { BoundedCache } from '../../api/common/bounded-cache';

describe('BoundedCache', () => {
  it('answers an entry until its time is up, then forgets it', () => {
    const cache = new BoundedCache<string>({ maxEntries: 10, ttlMs: 1_000 });
    cache.set('k', 'v', 10_000);
    expect(cache.get('k', 10_999)).toBe('v');
    expect(cache.get('k', 11_000)).toBeUndefined();
    // Forgotten for good, not merely hidden: a later read at an earlier clock finds nothing.
    expect(cache.get('k', 10_500)).toBeUndefined();
  });

  it('restarts the time of an entry stored again, and deletes on request', () => {
    const cache = new BoundedCache<number>({ maxEntries: 10, ttlMs: 1_000 });
    cache.set('k', 1, 0);
    cache.set('k', 2, 900);
    expect(cache.get('k', 1_500)).toBe(2);
    cache.delete('k');
    expect(cache.get('k', 1_500)).toBeUndefined();
  });

  it('drops the oldest entry when full', () => {
    const cache = new BoundedCache<number>({ maxEntries: 2, ttlMs: 60_000 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([undefined, 2, 3]);
  });

  it('keeps entries without a time-to-live until they are the oldest of a full cache', () => {
    const cache = new BoundedCache<number>({ maxEntries: 2 });
    cache.set('a', 1, 0);
    cache.set('b', 2, 0);
    expect(cache.get('a', Number.MAX_SAFE_INTEGER)).toBe(1);
    // Storing a key again makes it the newest: a full cache then drops the other one.
    cache.set('a', 1, 0);
    cache.set('c', 3, 0);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });
});
