import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { SlaReportService } from './sla-report.service';

/** SLA reports: read from the `sla_cycles` records in PostgreSQL, never from the workflows. */
@Module({
  controllers: [ReportsController],
  providers: [SlaReportService],
})
export class ReportsModule {}
