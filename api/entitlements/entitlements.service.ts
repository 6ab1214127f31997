import { BadRequestException, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { EntitlementDto } from './dto/entitlement.dto';
import { EntitlementEntity } from './entitlement.entity';

@Injectable()
export class EntitlementsService {
  constructor(@InjectRepository(EntitlementEntity) private readonly entitlements: Repository<EntitlementEntity>) {}

  /** Records (or replaces) an organisation's contract under a policy. */
  async put(dto: EntitlementDto): Promise<EntitlementDto> {
    if (dto.startsOn > dto.endsOn) {
      throw new BadRequestException({
        message: 'endsOn must not be before startsOn',
        details: [{ field: 'endsOn', problems: ['must not be before startsOn'] }],
      });
    }
    await this.entitlements.upsert(dto, ['organisation', 'policy']);
    return dto;
  }

  list(organisation?: string): Promise<EntitlementEntity[]> {
    return this.entitlements.find({ where: organisation ? { organisation } : {}, order: { organisation: 'ASC', policy: 'ASC' } });
  }

  /** The contract in force on local date `day` ('yyyy-MM-dd'), if any. */
  async activeOn(organisation: string, policy: string, day: string): Promise<EntitlementEntity | null> {
    const contract = await this.entitlements.findOne({ where: { organisation, policy } });
    return contract && contract.startsOn <= day && day <= contract.endsOn ? contract : null;
  }
}
