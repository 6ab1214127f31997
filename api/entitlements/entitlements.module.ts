import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntitlementEntity } from './entitlement.entity';
import { EntitlementsController } from './entitlements.controller';
import { EntitlementsService } from './entitlements.service';
import { IncidentQuotaService } from './incident-quota.service';

/** Support contracts and monthly incident quotas: what a policy's entitlement rule checks when a ticket opens. */
@Module({
  imports: [TypeOrmModule.forFeature([EntitlementEntity])],
  controllers: [EntitlementsController],
  providers: [EntitlementsService, IncidentQuotaService],
  exports: [EntitlementsService, IncidentQuotaService],
})
export class EntitlementsModule {}
