import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repository } from 'typeorm';
import { bootstrapKey } from '../../infra/config/environment';
import { ApiKeyEntity } from './api-key.entity';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { Principal, Role } from './principal';
import { postgresUnavailableReason } from '../database/postgres-errors';
import { RecognisedKeys } from './recognised-keys';

/**
 * How long a recognised key is trusted without asking PostgreSQL again: a key revoked in the
 * database stops working within this time. Unknown keys are never remembered, so a new key works
 * at once and guessing fills nothing.
 */
export const keyCacheTtlMs = 5_000;

/**
 * How long a recognised key keeps working while PostgreSQL cannot be asked (it is down or not
 * answering): long enough to ride out a restart or failover, short enough that a key nobody
 * has presented for ten minutes needs the database again.
 */
export const keyOutageGraceMs = 10 * 60_000;

/**
 * Keys are 32 random bytes: SHA-256 (not a slow password hash) is the right store for secrets of
 * that entropy, and lets a request find its key by one indexed lookup.
 */
function hash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

@Injectable()
export class ApiKeysService {
  private readonly bootstrapHash: Buffer | null;
  private readonly recognised = new RecognisedKeys({ freshMs: keyCacheTtlMs, keptMs: keyOutageGraceMs, maxEntries: 1_000 });

  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {
    const key = bootstrapKey();
    this.bootstrapHash = key ? Buffer.from(hash(key), 'hex') : null;
  }

  async create(dto: CreateApiKeyDto): Promise<{ id: string; key: string; role: Role; organisation: string | null }> {
    const id = `k_${randomBytes(4).toString('hex')}`;
    const key = `slaflow_${id}_${randomBytes(32).toString('base64url')}`;
    const organisation = dto.organisation ?? null;
    await this.keys.insert({ id, secretHash: hash(key), role: dto.role, organisation, label: dto.label ?? null, revokedAt: null });
    return { id, key, role: dto.role, organisation };
  }

  /** The principal of a presented key, or null when it is unknown or revoked. */
  async authenticate(presented: string): Promise<Principal | null> {
    const presentedHash = hash(presented);
    if (this.bootstrapHash && timingSafeEqual(Buffer.from(presentedHash, 'hex'), this.bootstrapHash)) {
      return { role: 'ops', organisation: null, keyId: 'bootstrap' };
    }
    // Every request passes here: one indexed lookup of the three columns a principal needs, and
    // revoked keys filtered by the database, without building and hydrating an entity; then the
    // answer is kept for a few seconds (and for an outage of PostgreSQL, `RecognisedKeys`).
    const fresh = this.recognised.fresh(presentedHash);
    if (fresh) return fresh;
    let rows: Array<{ id: string; role: Role; organisation: string | null }>;
    try {
      rows = (await this.keys.query('SELECT id, role, organisation FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL', [
        presentedHash,
      ])) as typeof rows;
    } catch (error) {
      // PostgreSQL cannot be asked: a key it recognised recently still passes (what the route
      // needs from the database then answers 503 by itself). An unknown key, or any other error,
      // stays an error: a 503 naming PostgreSQL rather than a 401 the database never said.
      const kept = postgresUnavailableReason(error) ? this.recognised.kept(presentedHash) : undefined;
      if (kept) return kept;
      throw error;
    }
    const [key] = rows;
    if (!key) {
      this.recognised.forget(presentedHash);
      return null;
    }
    const principal: Principal = Object.freeze({ role: key.role, organisation: key.organisation, keyId: key.id });
    this.recognised.remember(presentedHash, principal);
    return principal;
  }
}
