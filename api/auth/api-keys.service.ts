import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Repository } from 'typeorm';
import { bootstrapKey } from '../../infra/config/environment';
import { ApiKeyEntity } from './api-key.entity';
import type { CreateApiKeyDto } from './dto/create-api-key.dto';
import type { Principal, Role } from './principal';

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
    const key = await this.keys.findOne({ where: { secretHash: presentedHash } });
    if (!key || key.revokedAt) return null;
    return { role: key.role as Role, organisation: key.organisation, keyId: key.id };
  }
}
