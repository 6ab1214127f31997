import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from './auth/auth.module';
import { BoardModule } from './board/board.module';
import { dataSourceOptions } from './database/data-source';
import { EntitlementsModule } from './entitlements/entitlements.module';
import { HealthModule } from './health/health.module';
import { OpsModule } from './ops/ops.module';
import { PoliciesModule } from './policies/policies.module';
import { ReportsModule } from './reports/reports.module';
import { TemporalModule } from './temporal/temporal.module';
import { TicketsModule } from './tickets/tickets.module';

@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      // A database that is down must not stop the API from starting: /health reports it instead.
      useFactory: () => ({ ...dataSourceOptions(), retryAttempts: 0, manualInitialization: false }),
    }),
    TemporalModule,
    AuthModule,
    EntitlementsModule,
    HealthModule,
    TicketsModule,
    PoliciesModule,
    OpsModule,
    ReportsModule,
    BoardModule,
  ],
})
export class AppModule {}
