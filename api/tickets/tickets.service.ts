import {
  BadRequestException,
  ConflictException,
  Inject,
  Injectable,
  NotFoundException,
  UnprocessableEntityException,
} from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import {
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { randomUUID } from 'node:crypto';
import type { Repository } from 'typeorm';
import {
  resolveUpdate,
  respondUpdate,
  policyRuleFailureType,
  stateConflictFailureType,
  stateQuery,
  ticketTaskQueue,
  ticketWorkflowId,
  type TicketState,
} from '../../workflows/ticket/contract';
import {
  OrganisationKey,
  TicketPlanKey,
  TicketPolicyKey,
  TicketPriorityKey,
  TicketStatusKey,
} from '../../workflows/ticket/search-attributes';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import { assertPlanAndPriority, PolicyLookupError } from '../../workflows/policy';
import { PoliciesService } from '../policies/policies.service';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { OpenTicketDto } from './dto/open-ticket.dto';
import type { ResolveDto } from './dto/resolve.dto';
import type { RespondDto } from './dto/respond.dto';
import { TicketEventEntity } from './ticket-event.entity';

@Injectable()
export class TicketsService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @InjectRepository(TicketEventEntity) private readonly eventRepository: Repository<TicketEventEntity>,
    private readonly policies: PoliciesService,
  ) {}

  async open(dto: OpenTicketDto): Promise<TicketState> {
    const ticketId = randomUUID();
    const openedAt = Date.now();
    // The ticket keeps the policy as it is now, holidays resolved: later edits affect new tickets only.
    const snapshot = await this.policies.snapshotFor(dto.policy, openedAt);
    try {
      assertPlanAndPriority(snapshot, dto.plan, dto.priority);
    } catch (error) {
      if (error instanceof PolicyLookupError) {
        throw new BadRequestException({ message: error.message, details: [{ field: error.argument, problems: [error.message] }] });
      }
      throw error;
    }
    const handle = await this.temporal.workflow.start(ticketWorkflow, {
      workflowId: ticketWorkflowId(ticketId),
      taskQueue: ticketTaskQueue,
      // A ticket id names one ticket for ever: never start a second workflow under it.
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      args: [
        {
          ticketId,
          openedAt: new Date(openedAt).toISOString(),
          organisation: dto.organisation,
          subject: dto.subject,
          description: dto.description,
          channel: dto.channel,
          plan: dto.plan,
          priority: dto.priority,
          snapshot,
          customerContacts: dto.customerEmail ? [{ kind: 'email', address: dto.customerEmail }] : [],
        },
      ],
      typedSearchAttributes: [
        { key: TicketStatusKey, value: 'new' },
        { key: TicketPriorityKey, value: dto.priority },
        { key: TicketPolicyKey, value: dto.policy },
        { key: TicketPlanKey, value: dto.plan },
        { key: OrganisationKey, value: dto.organisation },
      ],
      staticSummary: `${dto.priority} · ${dto.organisation} · ${dto.subject}`,
    });
    return handle.query(stateQuery);
  }

  async state(ticketId: string): Promise<TicketState> {
    return this.withTicket(ticketId, (handle) => handle.query(stateQuery));
  }

  async respond(ticketId: string, dto: RespondDto): Promise<TicketState> {
    return this.withTicket(ticketId, (handle) => handle.executeUpdate(respondUpdate, { args: [dto] }));
  }

  /** Any ticket action: one workflow update, answered with the ticket's state. */
  async act<Args extends unknown[]>(ticketId: string, update: UpdateDefinition<TicketState, Args>, ...args: Args): Promise<TicketState> {
    // The client's overloads split on empty vs non-empty argument lists; one path serves both.
    const definition = update as unknown as UpdateDefinition<TicketState, [unknown]>;
    return this.withTicket(ticketId, (handle) => handle.executeUpdate(definition, { args: args as unknown as [unknown] }));
  }

  async resolve(ticketId: string, dto: ResolveDto): Promise<TicketState> {
    return this.withTicket(ticketId, (handle) => handle.executeUpdate(resolveUpdate, { args: [dto] }));
  }

  async listEvents(ticketId: string): Promise<TicketEventEntity[]> {
    const events = await this.eventRepository.find({ where: { ticketId }, order: { sequence: 'ASC' } });
    if (events.length === 0) throw new NotFoundException(`unknown ticket ${ticketId}`);
    return events;
  }

  /** Runs an action against the ticket's workflow, translating Temporal's answers into HTTP ones. */
  private async withTicket<T>(
    ticketId: string,
    action: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>,
  ): Promise<T> {
    try {
      return await action(this.temporal.workflow.getHandle(ticketWorkflowId(ticketId)));
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw new NotFoundException(`unknown ticket ${ticketId}`);
      if (
        error instanceof WorkflowUpdateFailedError &&
        error.cause instanceof ApplicationFailure &&
        error.cause.type === stateConflictFailureType
      ) {
        throw new ConflictException({ message: error.cause.message, details: error.cause.details?.[0] });
      }
      if (
        error instanceof WorkflowUpdateFailedError &&
        error.cause instanceof ApplicationFailure &&
        error.cause.type === policyRuleFailureType
      ) {
        throw new UnprocessableEntityException({ message: error.cause.message, details: error.cause.details?.[0] });
      }
      throw error;
    }
  }
}
