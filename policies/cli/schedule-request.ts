import type { PolicyDocument } from '../../workflows/policy';
import { openedAtFormat, parseOpenedAt } from './opened-at';

/**
 * The checks of a schedule preview's arguments, shared by `npx slaflow schedule` and
 * `GET /policies/:id/schedule` so both refuse the same inputs with the same words. Only the way an
 * argument is named differs (`--plan` on the command line, `plan` in a query string).
 */

export type ScheduleArgument = 'plan' | 'priority' | 'openedAt';

export interface ScheduleRequestInput {
  plan?: string;
  priority?: string;
  openedAt?: string;
}

export interface ScheduleRequest {
  plan: string;
  priority: string;
  openedAtMs: number;
}

export interface ScheduleArgumentProblem {
  argument: ScheduleArgument;
  message: string;
}

export type ScheduleRequestCheck = { ok: true; request: ScheduleRequest } | { ok: false; problems: ScheduleArgumentProblem[] };

/** `'x' is not one of a, b, c` — the accepted values are always listed. */
export function notOneOf(name: string, value: string, accepted: readonly string[]): string {
  return `${name} '${value}' is not one of ${accepted.join(', ')}`;
}

export function requiredOneOf(name: string, accepted: readonly string[]): string {
  return `${name} is required: one of ${accepted.join(', ')}`;
}

function checkChoice(
  argument: ScheduleArgument,
  name: string,
  value: string | undefined,
  accepted: readonly string[],
): ScheduleArgumentProblem | undefined {
  if (value === undefined || value === '') return { argument, message: requiredOneOf(name, accepted) };
  if (!accepted.includes(value)) return { argument, message: notOneOf(name, value, accepted) };
  return undefined;
}

/**
 * The instants a preview can start from. Holidays are resolved as local dates 'yyyy-MM-dd' from a
 * year before to three years after (resolve-snapshot.ts): a year past 9995 has no such date, and
 * JavaScript reads years 0-99 as 1900-1999. Neither is a ticket anyone opens; both were a 500.
 */
const openedAtRange = { fromMs: Date.UTC(1970, 0, 1), untilMs: Date.UTC(9000, 0, 1), text: 'the years 1970 to 8999' };

/**
 * Every problem of the arguments, in the order plan, priority, openedAt (the CLI reports the first,
 * the API all of them).
 */
export function checkScheduleRequest(
  document: Pick<PolicyDocument, 'plans' | 'priorities'>,
  input: ScheduleRequestInput,
  nameOf: (argument: ScheduleArgument) => string,
): ScheduleRequestCheck {
  const problems: ScheduleArgumentProblem[] = [];
  const planProblem = checkChoice(
    'plan',
    nameOf('plan'),
    input.plan,
    document.plans.map((p) => p.id),
  );
  if (planProblem) problems.push(planProblem);
  const priorityProblem = checkChoice(
    'priority',
    nameOf('priority'),
    input.priority,
    document.priorities.map((p) => p.id),
  );
  if (priorityProblem) problems.push(priorityProblem);

  const parsedMs = input.openedAt ? parseOpenedAt(input.openedAt) : undefined;
  const openedAtMs = parsedMs !== undefined && parsedMs >= openedAtRange.fromMs && parsedMs < openedAtRange.untilMs ? parsedMs : undefined;
  if (!input.openedAt) {
    problems.push({ argument: 'openedAt', message: `${nameOf('openedAt')} is required: ${openedAtFormat}` });
  } else if (parsedMs === undefined) {
    problems.push({ argument: 'openedAt', message: `${nameOf('openedAt')} '${input.openedAt}' is not ${openedAtFormat}` });
  } else if (openedAtMs === undefined) {
    problems.push({ argument: 'openedAt', message: `${nameOf('openedAt')} '${input.openedAt}' is outside ${openedAtRange.text}` });
  }

  if (problems.length > 0 || openedAtMs === undefined) return { ok: false, problems };
  return { ok: true, request: { plan: input.plan!, priority: input.priority!, openedAtMs } };
}
