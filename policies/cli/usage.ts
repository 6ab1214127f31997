import type { PolicyDocument } from '../../workflows/policy';
import { openedAtFormat } from './opened-at';

/** `slaflow --help`: the command, its options, and the ids each preset accepts. */
export function usage(presets: readonly PolicyDocument[]): string {
  const presetLines = presets.map(
    (doc) => `  ${doc.id.padEnd(18)} plans: ${doc.plans.map((p) => p.id).join(', ')}; ` + `priorities: ${doc.priorities.map((p) => p.id).join(', ')}`,
  );
  return [
    'usage: slaflow schedule --policy ID --plan PLAN --priority PRIORITY --opened ISO-8601',
    '',
    'Prints, as one JSON object, the SLA deadlines a ticket opened at --opened would get under a',
    'preset policy (version 1): the same answer as GET /policies/:id/schedule.',
    '',
    'options:',
    '  --policy ID           a preset id (below)',
    '  --plan PLAN           a plan of that policy',
    '  --priority PRIORITY   a priority of that policy',
    `  --opened ISO-8601     when the ticket is opened: ${openedAtFormat}`,
    '  --help, -h            this text',
    '',
    'presets:',
    ...presetLines,
    '',
    'exit codes: 0 printed, 2 bad or missing argument (one line on stderr names it), 1 failure',
    '',
  ].join('\n');
}
