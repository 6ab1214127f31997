// A small kit for the preset tests, which prove a policy document cell by cell against its
// reference text:
// - `referenceText(file)`, `quotesMissing(text, quotes)`: every row cites the words it encodes, and
//   those words must be in the text (whitespace normalised, as the sources are written);
// - `loadPreset(id)`, `snapshotAt(document, at)`: the preset file through the same validation and
//   snapshot resolution a ticket gets;
// - `everyCell(plans, priorities)`: the plan × priority × clock walk a cell table must cover;
// - `instant(iso)`: expected instants are written with their local offset
//   ('2026-03-30T11:00:00+03:00') so the reader sees the wall clock and the side of a DST change;
// - `silenceTimeline(...)`: docs/design.md's customer-silence semantics, to check a rule on real dates.
import { readFileSync } from 'node:fs';
import {
  isTimed,
  type PolicyCell,
  type PolicyTarget,
  clockNames,
  type ClockName,
  type PolicyDocument,
  type PolicySnapshot,
} from '../../../workflows/policy';
import { resolve } from 'node:path';
import { addTarget } from '../../../workflows/calendar';
import { resolvePolicySnapshot } from '../../../policies/resolve-snapshot';
import { validatePolicyDocument } from '../../../policies/validate-policy';

/** Every run of whitespace as one space: the texts are laid out in lines and columns, quotes are not. */
export function normaliseWhitespace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/**
 * A reference policy text, whitespace normalised. The texts are kept verbatim in
 * `policies/reference/` so a fresh clone can test against them; SLAFLOW_REFERENCE_POLICIES names
 * another folder (e.g. the shared specification's originals).
 */
export function referenceText(file: string): string {
  const folder = process.env.SLAFLOW_REFERENCE_POLICIES ?? resolve(__dirname, '../../../policies/reference');
  return normaliseWhitespace(readFileSync(resolve(folder, file), 'utf8'));
}

/** The quotes that do not occur in `text` (normalised by `referenceText`); `expect(...).toEqual([])`. */
export function quotesMissing(text: string, quotes: readonly string[]): string[] {
  return quotes.filter((quote) => {
    const needle = normaliseWhitespace(quote);
    return needle === '' || !text.includes(needle);
  });
}

/** A preset as a ticket sees it: its JSON file validated, at version 1 (what the store gives a first document). */
export function loadPreset(id: string): PolicyDocument & { version: number } {
  const json: unknown = JSON.parse(readFileSync(resolve(__dirname, '../../../policies/presets', `${id}.json`), 'utf8'));
  return { ...validatePolicyDocument(json), version: 1 };
}

/** The snapshot a ticket opened at `at` would carry (holidays resolved around that instant). */
export function snapshotAt(document: PolicyDocument & { version: number }, at: number): PolicySnapshot {
  return resolvePolicySnapshot(document, { at });
}

/** Epoch ms of an ISO-8601 instant that carries its offset; throws on anything else, so a typo cannot pass. */
export function instant(iso: string): number {
  if (!/(Z|[+-]\d\d:\d\d)$/.test(iso)) throw new Error(`instant '${iso}' has no offset`);
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`instant '${iso}' is not ISO-8601`);
  return ms;
}

/** The same instant in the UTC form the schedule preview answers with. */
export const utc = (iso: string): string => new Date(instant(iso)).toISOString();

export interface CellKey {
  plan: string;
  priority: string;
  clock: ClockName;
}

/** Every plan × priority × clock, in that order: the cells a table must walk, absent ones included. */
export function everyCell(plans: readonly string[], priorities: readonly string[]): CellKey[] {
  return plans.flatMap((plan) => priorities.flatMap((priority) => clockNames.map((clock) => ({ plan, priority, clock }))));
}

/** When reminders go out and when the ticket closes, for a request for information at `requestAt`. */
export interface SilenceTimeline {
  reminders: number[];
  closesAt: number | null;
}

/**
 * docs/design.md's customer silence, computed on the rule's calendar: reminders every `reminderEvery`
 * from the request and then from each reminder, at most `maxReminders`, none at or after the close;
 * an `inactivity` close counts from the request, an `after-nth-request` close from the n-th request
 * (reminders count as requests when `remindersAreRequests`). The customer stays silent throughout.
 */
export function silenceTimeline(snapshot: PolicySnapshot, plan: string, requestAt: number): SilenceTimeline {
  const rule = snapshot.document.customerSilence;
  if (!rule) throw new Error(`policy ${snapshot.document.id} has no customer-silence rule`);
  const planSpec = snapshot.document.plans.find((p) => p.id === plan);
  if (!planSpec) throw new Error(`policy ${snapshot.document.id} has no plan '${plan}'`);
  const calendar = snapshot.calendars[rule.calendar ?? planSpec.calendar];
  const { close } = rule;

  const requests = [requestAt];
  const reminders: number[] = [];
  const inactivityClose = close.rule === 'inactivity' ? addTarget(calendar, requestAt, close.after) : null;
  // A bound for rules with neither a maximum nor a close to stop them: enough for any real policy.
  while (rule.reminderEvery && reminders.length < (rule.maxReminders ?? 50)) {
    if (close.rule === 'after-nth-request' && rule.remindersAreRequests && requests.length >= close.requests) break;
    const next = addTarget(calendar, reminders.at(-1) ?? requestAt, rule.reminderEvery);
    if (inactivityClose !== null && next >= inactivityClose) break;
    reminders.push(next);
    if (rule.remindersAreRequests) requests.push(next);
  }
  if (close.rule === 'inactivity') return { reminders, closesAt: inactivityClose };
  const nth = requests[close.requests - 1];
  return { reminders, closesAt: nth === undefined ? null : addTarget(calendar, nth, close.after) };
}

/** The cell as a timed target (amount and unit); fails the test if the cell is untimed or absent. */
export function timed(cell: PolicyCell | null | undefined): PolicyTarget {
  if (!isTimed(cell)) throw new Error(`expected a timed target, got ${JSON.stringify(cell)}`);
  return cell;
}
