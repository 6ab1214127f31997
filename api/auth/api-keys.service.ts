import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repository } from 'typeorm';
import { bootstrapKey } from '../../infra/config/environment';
import { ApiKeyEntity } from './api-key.entity';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { Principal, Role } from './principal';
import { BoundedCache } from '../common/bounded-cache';

/**
 * How long a recognised key is trusted without asking PostgreSQL again: a key revoked in the
 * database stops working within this time. Unknown keys are never remembered, so a new key works
 * at once and guessing fills nothing.
 */
export const keyCacheTtlMs = 5_000;

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
  private readonly recognised = new BoundedCache<Principal>({ maxEntries: 1_000, ttlMs: keyCacheTtlMs });

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
    // answer is kept for a few seconds.
    const cached = this.recognised.get(presentedHash);
    if (cached) return cached;
    const rows = (await this.keys.query('SELECT id, role, organisation FROM api_keys WHERE secret_hash = $1 AND revoked_at IS NULL', [presentedHash])) as Array<{
      id: string;
      role: Role;
      organisation: string | null;
    }>;
    const [key] = rows;
    if (!key) return null;
    const principal: Principal = Object.freeze({ role: key.role, organisation: key.organisation, keyId: key.id });
    this.recognised.set(presentedHash, principal);
    return principal;
  }
}
