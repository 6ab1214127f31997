import { schedulePreview } from '../../workflows/policy';
import { presetDocument, presetDocuments, presetIds } from '../presets';
import { resolvePolicySnapshot } from '../resolve-snapshot';
import { parseCommandLine, type ScheduleOption } from './parse-arguments';
import { checkScheduleRequest, notOneOf, requiredOneOf, type ScheduleArgument } from './schedule-request';
import { usage } from './usage';

export interface CliOutcome {
  exitCode: 0 | 1 | 2;
  stdout: string;
  /** At most one line: scripts read it, people read it. */
  stderr: string;
}

/** Exit code 2 is the contract for "you called it wrong" (docs/design.md, schedule preview). */
const misuse = (message: string): CliOutcome => ({ exitCode: 2, stdout: '', stderr: `slaflow: ${message}\n` });

const optionOf: Record<ScheduleArgument, ScheduleOption> = { plan: 'plan', priority: 'priority', openedAt: 'opened' };

/**
 * `slaflow <argv>` as a function of its arguments: what to print where, and the exit code. Presets
 * only, at version 1: the command works without a database, from the files shipped with the code.
 */
export function runCli(argv: readonly string[]): CliOutcome {
  const parsed = parseCommandLine(argv);
  if (parsed.kind === 'help') return { exitCode: 0, stdout: usage(presetDocuments()), stderr: '' };
  if (parsed.kind === 'error') return misuse(parsed.message);

  const { policy, plan, priority, opened } = parsed.options;
  if (!policy) return misuse(requiredOneOf('--policy', presetIds));
  if (!presetIds.includes(policy)) return misuse(notOneOf('--policy', policy, presetIds));

  // Presets are validated when loaded; the preview is of the first version, as docs/design.md promises.
  const document = { ...presetDocument(policy), version: 1 };
  const check = checkScheduleRequest(document, { plan, priority, openedAt: opened }, (argument) => `--${optionOf[argument]}`);
  if (!check.ok) return misuse(check.problems[0]!.message);

  const { request } = check;
  const snapshot = resolvePolicySnapshot(document, { at: request.openedAtMs });
  const preview = schedulePreview(snapshot, request.plan, request.priority, request.openedAtMs);
  return { exitCode: 0, stdout: `${JSON.stringify(preview, null, 2)}\n`, stderr: '' };
}
