/**
 * A map bounded to `maxEntries` (the oldest entry goes first when it is full) whose entries may
 * also expire `ttlMs` after they were stored. Without a time-to-live it suits what never goes
 * stale (a resolved snapshot of an immutable policy row); with one, answers the API reads on every
 * request and may serve a few seconds stale (which key is which principal, which version of a
 * policy is the latest).
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; expiresAt: number }>();
  private readonly maxEntries: number;
  private readonly ttlMs: number;

  constructor(options: { maxEntries: number; ttlMs?: number }) {
    this.maxEntries = options.maxEntries;
    this.ttlMs = options.ttlMs ?? Number.POSITIVE_INFINITY;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
