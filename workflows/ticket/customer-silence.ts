import { addTarget, type Calendar } from '../calendar';
import type { CustomerSilenceRule } from '../policy';

/**
 * The wait on a customer after the desk asked for information or confirmation: reminders on the
 * policy's cadence, then the automatic close by the policy's rule. Plain data; the machine decides
 * when to call `silenceDue` and what to do with it.
 */
export interface SilenceData {
  /** When the wait began (the first unanswered request). */
  since: number;
  /** Requests for information so far, including reminders that count as requests. */
  requests: number;
  /** When the latest request (agent's or reminder) went out. */
  lastRequestAt: number;
  /** When the n-th request of an `after-nth-request` rule went out. */
  nthRequestAt: number | null;
  reminders: number;
  nextReminderAt: number | null;
  closesAt: number | null;
}

export function beginSilence(rule: CustomerSilenceRule | undefined, calendar: Calendar, at: number): SilenceData {
  const silence: SilenceData = { since: at, requests: 0, lastRequestAt: at, nthRequestAt: null, reminders: 0, nextReminderAt: null, closesAt: null };
  recordRequest(silence, rule, calendar, at);
  return silence;
}

/** An agent's further request (or a reminder that counts as one). */
export function recordRequest(silence: SilenceData, rule: CustomerSilenceRule | undefined, calendar: Calendar, at: number): void {
  silence.requests += 1;
  silence.lastRequestAt = at;
  if (rule?.close.rule === 'after-nth-request' && silence.requests === rule.close.requests) silence.nthRequestAt = at;
  schedule(silence, rule, calendar);
}

export function recordReminder(silence: SilenceData, rule: CustomerSilenceRule | undefined, calendar: Calendar, at: number): void {
  silence.reminders += 1;
  if (rule?.remindersAreRequests) {
    recordRequest(silence, rule, calendar, at);
  } else {
    silence.lastRequestAt = at;
    schedule(silence, rule, calendar);
  }
}

function schedule(silence: SilenceData, rule: CustomerSilenceRule | undefined, calendar: Calendar): void {
  if (!rule) {
    silence.nextReminderAt = null;
    silence.closesAt = null;
    return;
  }
  const close = rule.close;
  if (close.rule === 'inactivity') {
    // Inactivity counts from the customer's silence, i.e. from the first request: reminders are
    // the desk's own messages and do not restart it.
    silence.closesAt = addTarget(calendar, silence.since, close.after);
  } else {
    silence.closesAt = silence.nthRequestAt === null ? null : addTarget(calendar, silence.nthRequestAt, close.after);
  }
  // Once the requests that start the close have gone out, a reminder would only be noise.
  const requestsComplete = close.rule === 'after-nth-request' && rule.remindersAreRequests === true && silence.requests >= close.requests;
  const moreReminders = rule.reminderEvery && !requestsComplete && (rule.maxReminders === undefined || silence.reminders < rule.maxReminders);
  let next = moreReminders && rule.reminderEvery ? addTarget(calendar, silence.lastRequestAt, rule.reminderEvery) : null;
  if (next !== null && silence.closesAt !== null && next >= silence.closesAt) next = null;
  silence.nextReminderAt = next;
}
