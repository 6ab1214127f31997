import { Injectable, NotFoundException, type PipeTransform } from '@nestjs/common';

/**
 * The ids the API gives tickets: a UUID in lower case (`randomUUID()`, or the same layout hashed
 * from an Idempotency-Key), and for a sub-incident its parent's id with `-<n>` added (a
 * sub-incident's sub-incidents add another).
 */
export const ticketIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?:-[1-9][0-9]{0,5})*$/;
/** Far beyond any real nesting of splits, far below Temporal's workflow id limit. */
export const maxTicketIdLength = 200;

export function isTicketId(id: string): boolean {
  return id.length <= maxTicketIdLength && ticketIdPattern.test(id);
}

/** An unknown ticket, named in the message (a long id cut short). */
export function unknownTicket(id: string): NotFoundException {
  const named = id.length > 100 ? `${id.slice(0, 100)}…` : id;
  return new NotFoundException(`unknown ticket ${named}`);
}

/**
 * `:id` of the ticket routes: an id the API cannot have made names no ticket, so it is a 404
 * without asking Temporal or PostgreSQL (an over-long one would be a Temporal service error).
 */
@Injectable()
export class TicketIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !isTicketId(value)) throw unknownTicket(String(value));
    return value;
  }
}
