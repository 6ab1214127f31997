import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PoliciesController } from './policies.controller';
import { PoliciesService } from './policies.service';
import { PolicyEntity } from './policy.entity';

/** Policies in PostgreSQL and the schedule preview; exports the service tickets take snapshots from. */
@Module({
  imports: [TypeOrmModule.forFeature([PolicyEntity])],
  controllers: [PoliciesController],
  providers: [PoliciesService],
  exports: [PoliciesService],
})
export class PoliciesModule {}
