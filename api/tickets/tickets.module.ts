import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { EntitlementsModule } from '../entitlements/entitlements.module';
import { PoliciesModule } from '../policies/policies.module';
import { TicketEventEntity } from './ticket-event.entity';
import { TicketEntity } from './ticket.entity';
import { TicketsController } from './tickets.controller';
import { TicketsService } from './tickets.service';

@Module({
  imports: [TypeOrmModule.forFeature([TicketEntity, TicketEventEntity]), PoliciesModule, EntitlementsModule],
  controllers: [TicketsController],
  providers: [TicketsService],
})
export class TicketsModule {}
