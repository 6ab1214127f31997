import { ApiProperty } from '@nestjs/swagger';
import { ticketStatuses, type TicketStatus } from '../../../workflows/ticket/contract';
import { ErrorDto } from '../../common/dto/error.dto';

// The 409 and 422 answers of the ticket routes, with the details each one carries.

/** The ticket's status when the workflow refused an action (its validator's TicketRefusal). */
export class TicketStatusDetailsDto {
  @ApiProperty({ enum: ticketStatuses }) status!: TicketStatus;
}

/** The intake, entitlement or quota rule that refused a ticket as it opened. */
export class TicketRuleDetailsDto {
  @ApiProperty({
    example: 'intake.channel',
    description: 'The policy rule, e.g. `intake.requiredFields`, `entitlement.contractRequired`, `entitlement.plan`',
  })
  rule!: string;
}

/** 409 of an action, and 422 of an action a policy rule refuses: the workflow names the ticket's status. */
export class TicketRefusalDto extends ErrorDto {
  @ApiProperty({ type: TicketStatusDetailsDto }) details!: TicketStatusDetailsDto;
}

/** 422 of `POST /tickets`: the rule that refuses opening it. */
export class TicketRuleRefusalDto extends ErrorDto {
  @ApiProperty({ type: TicketRuleDetailsDto }) details!: TicketRuleDetailsDto;
}
