import { BoundedCache } from '../common/bounded-cache';
import type { Principal } from './principal';

/**
 * Keys PostgreSQL recognised, by the hash of the secret, with when it last did. An answer is
 * *fresh* for `freshMs` (trusted without asking again: the time a revocation takes to apply while
 * the database is up) and *kept* for `keptMs`, to be served only when PostgreSQL cannot be asked:
 * during an outage, callers seen recently keep what does not need the database (a ticket's live
 * state from Temporal, actions) instead of every request failing at authentication.
 */
export class RecognisedKeys {
  private readonly entries: BoundedCache<{ principal: Principal; checkedAt: number }>;

  constructor(private readonly options: { freshMs: number; keptMs: number; maxEntries: number }) {
    this.entries = new BoundedCache({ maxEntries: options.maxEntries, ttlMs: options.keptMs });
  }

  /** The principal when PostgreSQL confirmed the key less than `freshMs` ago. */
  fresh(hash: string, now = Date.now()): Principal | undefined {
    const entry = this.entries.get(hash, now);
    return entry && now - entry.checkedAt < this.options.freshMs ? entry.principal : undefined;
  }

  /** The principal when PostgreSQL confirmed the key less than `keptMs` ago: for outages only. */
  kept(hash: string, now = Date.now()): Principal | undefined {
    return this.entries.get(hash, now)?.principal;
  }

  remember(hash: string, principal: Principal, now = Date.now()): void {
    this.entries.set(hash, { principal, checkedAt: now }, now);
  }

  /** PostgreSQL says the key is unknown or revoked: never serve it again, not even in an outage. */
  forget(hash: string): void {
    this.entries.delete(hash);
  }
}
