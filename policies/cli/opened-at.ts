import { DateTime } from 'luxon';

/** How the expected format is named in error messages (CLI and API say the same). */
export const openedAtFormat = 'an ISO-8601 date-time with an offset or Z, e.g. 2026-02-10T08:00:00Z';

// Extended ISO-8601 date and time with a mandatory offset: a time without one would be read in
// whatever zone the machine runs in, and the same command would give different deadlines.
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Epoch milliseconds of an ISO-8601 date-time with an offset or Z; undefined when it is not one. */
export function parseOpenedAt(text: string): number | undefined {
  if (!isoWithOffset.test(text)) return undefined;
  // The pattern checks the shape; luxon refuses what does not exist (2026-02-30, 25:00).
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}
