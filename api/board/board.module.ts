import { Module } from '@nestjs/common';
import { PoliciesModule } from '../policies/policies.module';
import { BoardController } from './board.controller';
import { BoardService } from './board.service';
import { TicketChangesListener } from './ticket-changes.listener';

/** The SLA board's server side: the board from the projection, and its live stream fed by LISTEN/NOTIFY. */
@Module({
  imports: [PoliciesModule],
  controllers: [BoardController],
  providers: [BoardService, TicketChangesListener],
})
export class BoardModule {}
