import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal';

const idempotencyKeyPattern = /^[\x21-\x7e]{1,200}$/;

/** How the OpenAPI document describes the header: what `checkIdempotencyKey` accepts. */
export const idempotencyKeySchema = { type: 'string', pattern: idempotencyKeyPattern.source } as const;

/** Refuses an Idempotency-Key header that is not 1 to 200 visible ASCII characters (400 naming it). */
export function checkIdempotencyKey(key: string | undefined): void {
  if (key !== undefined && !idempotencyKeyPattern.test(key)) {
    throw new BadRequestException({
      message: 'Idempotency-Key must be 1 to 200 visible ASCII characters',
      details: [{ field: 'Idempotency-Key', problems: ['must be 1 to 200 visible ASCII characters'] }],
    });
  }
}

/** Who acts on a ticket, and the Idempotency-Key they sent with the action, if any. */
export interface ActionCaller {
  principal: Principal;
  idempotencyKey?: string;
}

/** The caller of a ticket action as the guard found it, with the request's Idempotency-Key. */
export const CurrentActionCaller = createParamDecorator((_data: unknown, context: ExecutionContext): ActionCaller => {
  const request = context.switchToHttp().getRequest<{ principal: Principal; headers: Record<string, string | string[] | undefined> }>();
  const header = request.headers['idempotency-key'];
  return { principal: request.principal, idempotencyKey: Array.isArray(header) ? header.join(', ') : header };
});

/**
 * The Temporal update id of an action sent with an Idempotency-Key: the same caller, ticket, action
 * and key give the same id, and Temporal answers a repeated update id with the first one's outcome
 * instead of applying it again. So an action whose answer was lost (a 503 after Temporal took it, a
 * dropped connection) can be sent again safely.
 */
export function actionUpdateId(caller: ActionCaller & { idempotencyKey: string }, ticketId: string, updateName: string): string {
  const digest = createHash('sha256').update([caller.principal.keyId, ticketId, updateName, caller.idempotencyKey].join('\0')).digest('hex');
  return `action-${digest.slice(0, 32)}`;
}
