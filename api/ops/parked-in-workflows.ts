import type { Client } from '@temporalio/client';
import { parkedNotificationsQuery, type ParkedNotificationDetail } from '../../workflows/ticket/contract';
import { NotificationFailuresKey } from '../../workflows/ticket/search-attributes';

/** A visibility query's string literal: quoted, with the quote and the backslash escaped. */
export function visibilityString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

export interface ParkedFilter {
  ticketWorkflowId?: string;
  organisation?: string;
}

/**
 * The visibility query for running ticket workflows that hold parked notifications: the
 * workflow's `NotificationFailures` search attribute counts what it holds parked now.
 */
export function parkedQuery(filter: ParkedFilter): string {
  const clauses = [`ExecutionStatus = "Running"`, `${NotificationFailuresKey.name} > 0`];
  if (filter.ticketWorkflowId) clauses.push(`WorkflowId = ${visibilityString(filter.ticketWorkflowId)}`);
  if (filter.organisation) clauses.push(`Organisation = ${visibilityString(filter.organisation)}`);
  return clauses.join(' AND ');
}

export interface ParkedWorkflow {
  workflowId: string;
  /** The count the search attribute had when listed (visibility lags the workflow a little). */
  parked: number;
}

/** Running ticket workflows that hold parked notifications, at most `limit`. */
export async function listParkedWorkflows(temporal: Client, filter: ParkedFilter, limit: number): Promise<ParkedWorkflow[]> {
  const found: ParkedWorkflow[] = [];
  for await (const execution of temporal.workflow.list({ query: parkedQuery(filter), pageSize: Math.min(limit, 1000) })) {
    found.push({ workflowId: execution.workflowId, parked: Number(execution.typedSearchAttributes.get(NotificationFailuresKey) ?? 0) });
    if (found.length >= limit) break;
  }
  return found;
}

/** What one workflow holds parked now, read from the workflow itself (not from visibility). */
export async function parkedIn(temporal: Client, workflowId: string): Promise<ParkedNotificationDetail[]> {
  return temporal.workflow.getHandle(workflowId).query(parkedNotificationsQuery);
}
