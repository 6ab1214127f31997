import { Module } from '@nestjs/common';
import { ReportsController } from './reports.controller';
import { SlaCyclesService } from './sla-cycles.service';
import { SlaReportService } from './sla-report.service';
import { StatementService } from './statement.service';
import { StatementsController } from './statements.controller';

/** SLA reports: read from the `sla_cycles` records in PostgreSQL, never from the workflows. */
@Module({
  controllers: [ReportsController, StatementsController],
  providers: [SlaReportService, SlaCyclesService, StatementService],
})
export class ReportsModule {}
