import type { PolicyDocument } from '../../workflows/policy';

/** A policy rule that refuses a ticket at the door; answered as 422 naming the rule. */
export interface IntakeProblem {
  rule: string;
  message: string;
}

interface IntakeRequest {
  priority: string;
  channel?: string;
  description?: string;
  fields?: Record<string, unknown>;
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/**
 * The policy's intake rules: channels allowed for the priority (SynchroNet CLICK takes P1 and P2
 * by phone only) and required fields (everywhere, and per priority). A channel is only demanded
 * when the priority restricts it; otherwise a ticket may come in without naming one. Some policies
 * also need the ticket's own description.
 */
export function intakeProblems(policy: PolicyDocument, request: IntakeRequest): IntakeProblem[] {
  const { intake } = policy;
  const problems: IntakeProblem[] = [];
  const byPriority = intake.channelsByPriority?.[request.priority];
  const allowed = byPriority ?? intake.channels;
  if (request.channel === undefined) {
    if (byPriority) {
      problems.push({ rule: 'intake.channel', message: `${request.priority} tickets must come in by ${byPriority.join(' or ')}: name the channel` });
    }
  } else if (!allowed.includes(request.channel)) {
    problems.push({
      rule: 'intake.channel',
      message: `${policy.name} takes ${request.priority} tickets by ${allowed.join(', ')}, not by ${request.channel}`,
    });
  }
  const required = [...intake.requiredFields, ...(intake.requiredFieldsByPriority?.[request.priority] ?? [])];
  const missing = [...new Set(required)].filter((field) => !present(request.fields?.[field]));
  if (missing.length) {
    problems.push({ rule: 'intake.requiredFields', message: `required field(s) missing in fields: ${missing.join(', ')}` });
  }
  if (intake.descriptionRequired && !present(request.description)) {
    problems.push({ rule: 'intake.descriptionRequired', message: `${policy.name} needs a description of the problem: give description` });
  }
  return problems;
}

/** Recommended fields the request lacks: reported in the answer, never refused. */
export function missingRecommended(policy: PolicyDocument, fields: Record<string, unknown> | undefined): string[] {
  return policy.intake.recommendedFields.filter((field) => !present(fields?.[field]));
}
