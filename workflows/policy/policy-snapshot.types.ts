import type { Calendar } from '../calendar';
import type { PolicyDocument } from './policy.types';

/**
 * What a ticket carries: the policy document it started with (with its stored version) and every
 * calendar with its holidays resolved to concrete local dates over `holidayHorizon`. JSON only, so
 * it crosses into the workflow unchanged; re-resolved at continue-as-new for a later horizon.
 */
export interface PolicySnapshot {
  document: PolicyDocument & { version: number };
  calendars: Record<string, Calendar>;
  /** Local dates (inclusive) the resolved holidays cover, 'yyyy-MM-dd'. */
  holidayHorizon: { from: string; to: string };
}
