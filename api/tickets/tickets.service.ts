import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, Logger, UnprocessableEntityException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { WorkflowExecutionAlreadyStartedError, WorkflowIdReusePolicy, WorkflowUpdateFailedError, type Client } from '@temporalio/client';
import { ApplicationFailure, type UpdateDefinition } from '@temporalio/common';
import { DateTime } from 'luxon';
import { createHash, randomUUID } from 'node:crypto';
import { MoreThan, type Repository } from 'typeorm';
import { assertPlanAndPriority, PolicyLookupError, type PolicySnapshot } from '../../workflows/policy';
import {
  customerReplyUpdate,
  policyRuleFailureType,
  stateConflictFailureType,
  stateQuery,
  type Actor,
  ticketTaskQueue,
  ticketWorkflowId,
  type OpenTicketInput,
  type TicketState,
} from '../../workflows/ticket/contract';
import { OrganisationKey, TicketPlanKey, TicketPolicyKey, TicketPriorityKey, TicketStatusKey } from '../../workflows/ticket/search-attributes';
import { TicketMachine } from '../../workflows/ticket/ticket.machine';
import { ticketState } from '../../workflows/ticket/ticket.view';
import { ticketWorkflow } from '../../workflows/ticket/ticket.workflow';
import type { Principal } from '../auth/principal';
import { summaryMaxBytes, truncateUtf8 } from '../../workflows/text/truncate-utf8';
import { EntitlementsService } from '../entitlements/entitlements.service';
import { IncidentQuotaService } from '../entitlements/incident-quota.service';
import { PoliciesService } from '../policies/policies.service';
import { isTemporalNotFound, temporalUnavailable } from '../temporal/temporal-errors';
import { TEMPORAL_CLIENT } from '../temporal/temporal.module';
import type { ListTicketsQueryDto, TicketsPageDto } from './dto/list-tickets.dto';
import { decodeCursor, page } from '../common/cursor';
import type { OpenTicketDto } from './dto/open-ticket.dto';
import { TicketEventEntity } from './ticket-event.entity';
import { TicketEntity } from './ticket.entity';
import { actionUpdateId, checkIdempotencyKey, type ActionCaller } from './idempotency-key';
import { unknownTicket } from './ticket-id.pipe';
import { intakeProblems, missingRecommended } from './ticket-intake';

/**
 * Temporal refuses a workflow whose summary is over 400 bytes or whose details are over 20 kB
 * (UTF-8), and the summary joins free text (organisation, subject): both are cut well below
 * (`summaryMaxBytes`, shared with the workflow's sub-incidents). The whole subject and policy stay
 * in the workflow's input.
 */
const maxDetailsBytes = 2_000;

/** How long an open that failed to start its workflow waits to learn whether it started anyway. */
const startCheckDeadlineMs = 2_000;

/** A ticket id derived from the caller and its Idempotency-Key: a retry names the same workflow. */
function idempotentTicketId(principal: Principal, key: string): string {
  const hex = createHash('sha256').update(`${principal.keyId}\0${key}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

function refuse(rule: string, message: string): never {
  throw new UnprocessableEntityException({ message, details: { rule } });
}

@Injectable()
export class TicketsService {
  private readonly logger = new Logger(TicketsService.name);

  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    @InjectRepository(TicketEventEntity) private readonly eventRepository: Repository<TicketEventEntity>,
    @InjectRepository(TicketEntity) private readonly ticketRepository: Repository<TicketEntity>,
    private readonly policies: PoliciesService,
    private readonly entitlements: EntitlementsService,
    private readonly quota: IncidentQuotaService,
  ) {}

  /**
   * Opens the ticket and says which of its policy's recommended intake fields were not given (the
   * ticket opens all the same), read against the policy version the ticket keeps.
   */
  async openWithIntakeReport(
    dto: OpenTicketDto,
    principal: Principal,
    idempotencyKey?: string,
  ): Promise<TicketState & { intake: { missingRecommended: string[] } }> {
    const state = await this.open(dto, principal, idempotencyKey);
    const policy = await this.policies.get(state.policy, state.policyVersion);
    return { ...state, intake: { missingRecommended: missingRecommended(policy, state.fields) } };
  }

  async open(dto: OpenTicketDto, principal: Principal, idempotencyKey?: string, linkedFromTicketId?: string): Promise<TicketState> {
    if (principal.role === 'customer' && dto.organisation !== principal.organisation) {
      throw new ForbiddenException(`this key belongs to organisation ${principal.organisation}, not ${dto.organisation}`);
    }
    checkIdempotencyKey(idempotencyKey);
    const ticketId = idempotencyKey ? idempotentTicketId(principal, idempotencyKey) : randomUUID();
    if (idempotencyKey) {
      const existing = await this.existingState(ticketId);
      if (existing) return existing;
    }

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
    // A reply that reopens a case as a new, linked ticket is not a new intake.
    const [problem] = linkedFromTicketId ? [] : intakeProblems(snapshot.document, dto);
    if (problem) refuse(problem.rule, problem.message);
    const overQuota = await this.checkEntitlement(snapshot, dto, openedAt, ticketId);

    const input: OpenTicketInput = {
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
      overQuota,
      linkedFromTicketId,
      ...(dto.fields && Object.keys(dto.fields).length > 0 ? { fields: dto.fields } : {}),
    };
    try {
      await this.temporal.workflow.start(ticketWorkflow, {
        workflowId: ticketWorkflowId(ticketId),
        taskQueue: ticketTaskQueue,
        // A ticket id names one ticket for ever: never start a second workflow under it, and a
        // retry with the same Idempotency-Key finds the first.
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        args: [input],
        typedSearchAttributes: [
          { key: TicketStatusKey, value: 'new' },
          { key: TicketPriorityKey, value: dto.priority },
          { key: TicketPolicyKey, value: dto.policy },
          { key: TicketPlanKey, value: dto.plan },
          { key: OrganisationKey, value: dto.organisation },
        ],
        staticSummary: truncateUtf8(`${dto.priority} · ${dto.organisation} · ${dto.subject}`, summaryMaxBytes),
        staticDetails: truncateUtf8(
          `${snapshot.document.name} v${snapshot.document.version}, plan ${dto.plan}${overQuota ? ' (over quota: best-effort targets)' : ''}`,
          maxDetailsBytes,
        ),
      });
      // The first state is a pure function of the input (the workflow computes the same on its
      // first task): answering from it spares a query that would wait for that task.
      return ticketState(TicketMachine.open(input, openedAt), Date.now());
    } catch (error) {
      // Two retries raced: the other one started the ticket.
      if (error instanceof WorkflowExecutionAlreadyStartedError) return this.state(ticketId, principal);
      // A start that timed out or lost its connection may have reached Temporal all the same: then
      // the ticket is open (its claim stays) and the answer says so, instead of a 503 that a client
      // without an Idempotency-Key would answer by opening a second ticket.
      if (temporalUnavailable(error) && (await this.startedAfterAll(ticketId))) {
        return ticketState(TicketMachine.open(input, openedAt), Date.now());
      }
      // No ticket: it takes no incident of the month's quota. The client is told why the ticket
      // did not open (Temporal down is a 503 naming Temporal), not why the claim could not be
      // given back: with PostgreSQL down too, the claim stays, is logged, and a retry with the
      // same Idempotency-Key (same ticket id) reuses it instead of counting another.
      await this.quota
        .release(ticketId)
        .catch((releaseError: unknown) => this.logger.warn(`incident claim of ticket ${ticketId} not released: ${(releaseError as Error).message}`));
      throw error;
    }
  }

  /**
   * Whether the workflow of a ticket whose start failed exists after all, asked once with a short
   * deadline (the client would otherwise retry for tens of seconds against a Temporal that is
   * down). When Temporal cannot say, the answer is no: during an outage every open fails this way,
   * and keeping their claims would count incidents that never opened against the customer; the
   * rare start that landed unseen is then an incident not counted, in the customer's favour.
   */
  private async startedAfterAll(ticketId: string): Promise<boolean> {
    const handle = this.temporal.workflow.getHandle(ticketWorkflowId(ticketId));
    try {
      await this.temporal.connection.withDeadline(Date.now() + startCheckDeadlineMs, () => handle.describe());
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Entitlement: a policy that requires a contract refuses tickets without one in force; a monthly
   * incident quota accepts tickets over it, flagged over-quota (best-effort targets).
   */
  private async checkEntitlement(snapshot: PolicySnapshot, dto: OpenTicketDto, openedAt: number, ticketId: string): Promise<boolean> {
    const rules = snapshot.document.entitlement;
    if (!rules) return false;
    const zone = rules.quotaZone ?? 'UTC';
    const today = DateTime.fromMillis(openedAt, { zone });
    if (rules.contractRequired) {
      const contract = await this.entitlements.activeOn(dto.organisation, dto.policy, today.toISODate()!);
      if (!contract)
        refuse('entitlement.contractRequired', `${dto.organisation} has no active ${snapshot.document.name} contract on ${today.toISODate()}`);
      if (contract.plan !== dto.plan) {
        refuse('entitlement.plan', `${dto.organisation}'s ${snapshot.document.name} contract is for plan ${contract.plan}, not ${dto.plan}`);
      }
    }
    const quota = rules.incidentsPerMonth?.[dto.plan];
    if (quota === undefined) return false;
    return this.quota.claim({
      ticketId,
      organisation: dto.organisation,
      policy: dto.policy,
      plan: dto.plan,
      month: today.toFormat('yyyy-MM'),
      quota,
    });
  }

  /**
   * The ticket's state, or null when no ticket has this id (docs/design.md, Data flow 4): queried from
   * its workflow while that runs; once it has ended (closed, or gone from Temporal after its
   * retention), the state its workflow last wrote to the projection. A closed workflow is not
   * queried: that would replay it on a worker for an answer the projection already has.
   */
  private async existingState(ticketId: string): Promise<TicketState | null> {
    const handle = this.temporal.workflow.getHandle(ticketWorkflowId(ticketId));
    let status: string | null;
    try {
      status = (await handle.describe()).status.name;
    } catch (error) {
      if (!isTemporalNotFound(error)) throw error;
      status = null;
    }
    if (status === 'RUNNING') {
      const live = await this.queryState(handle);
      if (live) return live;
    }
    const projected = await this.projectedState(ticketId);
    // Ended before its first projection write (terminated early): only its history knows it.
    if (!projected && status !== null && status !== 'RUNNING') return this.queryState(handle);
    return projected;
  }

  /** The workflow's answer to the state query; null when Temporal knows no such workflow (any more). */
  private async queryState(handle: ReturnType<Client['workflow']['getHandle']>): Promise<TicketState | null> {
    try {
      // Remaining and overdue time to this instant, not to the workflow's last event.
      return await handle.query(stateQuery, { asOf: new Date().toISOString() });
    } catch (error) {
      if (isTemporalNotFound(error)) return null;
      throw error;
    }
  }

  /** The state the ticket's workflow last wrote to the projection, or null. */
  private async projectedState(ticketId: string): Promise<TicketState | null> {
    const row = await this.ticketRepository.findOne({ where: { id: ticketId } });
    const state = (row?.state as TicketState | null | undefined) ?? null;
    // A ticket projected before intake fields were kept has none.
    return state && { ...state, fields: state.fields ?? {} };
  }

  /** A page of the projection, newest opened first; keyset on (opened_at, id). */
  async list(query: ListTicketsQueryDto): Promise<TicketsPageDto> {
    const limit = query.limit ?? 100;
    const builder = this.ticketRepository.createQueryBuilder('ticket');
    if (query.status) builder.andWhere('ticket.status = :status', { status: query.status });
    if (query.priority) builder.andWhere('ticket.priority = :priority', { priority: query.priority });
    if (query.policy) builder.andWhere('ticket.policy = :policy', { policy: query.policy });
    if (query.organisation) builder.andWhere('ticket.organisation = :organisation', { organisation: query.organisation });
    if (query.breached !== undefined) builder.andWhere('ticket.sla_breached = :breached', { breached: query.breached });
    if (query.cursor) {
      const [openedAt, id] = decodeCursor(query.cursor, ['instant', 'string']);
      builder.andWhere('(ticket.opened_at, ticket.id) < (:openedAt::timestamptz, :id)', { openedAt, id });
    }
    const rows = await builder
      .orderBy('ticket.opened_at', 'DESC')
      .addOrderBy('ticket.id', 'DESC')
      .limit(limit + 1)
      .getMany();
    const { items, nextCursor } = page(rows, limit, (row) => [row.openedAt.toISOString(), row.id]);
    return {
      items: items.map((row) => ({
        ticketId: row.id,
        organisation: row.organisation,
        subject: row.subject,
        policy: row.policy,
        plan: row.plan,
        priority: row.priority,
        status: row.status,
        openedAt: row.openedAt.toISOString(),
        slaBreached: row.slaBreached,
        breachCount: row.breachCount,
        nextDeadlineAt: row.nextDeadlineAt?.toISOString() ?? null,
        escalationLevel: row.escalationLevel,
        updatedAt: row.updatedAt.toISOString(),
      })),
      nextCursor,
    };
  }

  /** From the running workflow; once it has ended, from the projection. */
  async state(ticketId: string, principal: Principal): Promise<TicketState> {
    const state = await this.existingState(ticketId);
    if (!state) throw unknownTicket(ticketId);
    this.assertVisible(principal, state.organisation);
    return state;
  }

  /** A page of the audit trail in sequence order; keyset on the sequence. */
  async listEvents(
    ticketId: string,
    principal: Principal,
    query: { limit?: number; cursor?: string },
  ): Promise<{ items: TicketEventEntity[]; nextCursor: string | null }> {
    const limit = query.limit ?? 200;
    const after = query.cursor ? (decodeCursor(query.cursor, ['number'])[0] as number) : 0;
    const events = await this.eventRepository.find({ where: { ticketId, sequence: MoreThan(after) }, order: { sequence: 'ASC' }, take: limit + 1 });
    if (events.length === 0) {
      // Activities write the trail after the workflow's first task: a ticket just opened (or whose
      // worker is not running yet) exists with nothing written. state() answers 404 or 403 for the rest.
      await this.state(ticketId, principal);
      return { items: [], nextCursor: null };
    }
    this.assertVisible(principal, (events[0].state as TicketState).organisation);
    return page(events, limit, (event) => [event.sequence]);
  }

  /**
   * A customer's reply. After a closed ticket's reopen window it cannot reopen that ticket: it
   * opens a new one on the same policy, plan and priority, linked to the old one.
   */
  async reply(caller: ActionCaller, ticketId: string, dto: { body: string }): Promise<TicketState> {
    const { principal } = caller;
    try {
      return await this.act(caller, ticketId, customerReplyUpdate, dto);
    } catch (error) {
      const status = error instanceof ConflictException ? (error.getResponse() as { details?: { status?: string } }).details?.status : undefined;
      if (status !== 'closed') throw error;
      const old = await this.state(ticketId, principal);
      return this.open(
        {
          policy: old.policy,
          plan: old.plan,
          priority: old.priority,
          organisation: old.organisation,
          subject: old.subject.startsWith('Re: ') ? old.subject : `Re: ${old.subject}`,
          description: dto.body,
        },
        principal,
        // A reply sent again with its Idempotency-Key finds the linked ticket its first attempt opened.
        caller.idempotencyKey === undefined
          ? undefined
          : `reply-${createHash('sha256').update(`${ticketId}\0${caller.idempotencyKey}`).digest('hex').slice(0, 32)}`,
        ticketId,
      );
    }
  }

  /**
   * Any ticket action: one workflow update, answered with the ticket's state. Nothing is read from
   * PostgreSQL after the update, so a 503 naming PostgreSQL means the action was not applied. One
   * naming Temporal may come after Temporal took it (it did not answer in time): sent with an
   * Idempotency-Key, the action is safe to send again (`actionUpdateId`).
   */
  async act<Args extends unknown[]>(
    caller: ActionCaller,
    ticketId: string,
    update: UpdateDefinition<TicketState, Args>,
    ...args: Args
  ): Promise<TicketState> {
    const { principal, idempotencyKey } = caller;
    checkIdempotencyKey(idempotencyKey);
    // A customer acts on its own organisation's tickets only: look before acting.
    if (principal.role === 'customer') await this.state(ticketId, principal);
    // The client's overloads split on empty vs non-empty argument lists; one path serves both.
    const definition = update as unknown as UpdateDefinition<TicketState, [unknown]>;
    // Every action's input carries who asked (the key's role and id): the audit trail records it.
    const actor: Actor = { role: principal.role, keyId: principal.keyId };
    const [input, ...rest] = args as unknown[];
    const withActor = [{ ...(input as object | undefined), actor }, ...rest] as unknown as [unknown];
    const updateId = idempotencyKey === undefined ? undefined : actionUpdateId({ principal, idempotencyKey }, ticketId, update.name);
    return this.withTicket(ticketId, (handle) => handle.executeUpdate(definition, { args: withActor, ...(updateId ? { updateId } : {}) }));
  }

  private assertVisible(principal: Principal, organisation: string): void {
    if (principal.role === 'customer' && principal.organisation !== organisation) {
      throw new ForbiddenException(`this key belongs to organisation ${principal.organisation}; the ticket is not theirs`);
    }
  }

  /** Runs an action against the ticket's workflow, translating Temporal's answers into HTTP ones. */
  private async withTicket<T>(ticketId: string, action: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>): Promise<T> {
    try {
      return await action(this.temporal.workflow.getHandle(ticketWorkflowId(ticketId)));
    } catch (error) {
      if (isTemporalNotFound(error)) {
        // Its workflow has ended (closed, reopen window over) and left Temporal: the projection remembers it.
        const ended = await this.ticketRepository.findOne({ where: { id: ticketId } });
        if (!ended) throw unknownTicket(ticketId);
        throw new ConflictException({
          message: `the ticket is ${ended.status} and its reopen window is over: open a new ticket (linkedFromTicketId ${ticketId})`,
          details: { status: ended.status },
        });
      }
      if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
        if (error.cause.type === stateConflictFailureType) {
          throw new ConflictException({ message: error.cause.message, details: error.cause.details?.[0] });
        }
        if (error.cause.type === policyRuleFailureType) {
          throw new UnprocessableEntityException({ message: error.cause.message, details: error.cause.details?.[0] });
        }
      }
      throw error;
    }
  }
}
