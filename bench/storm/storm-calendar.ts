import { DateTime } from 'luxon';
import type { WorkingCalendarSpec } from '../../workflows/policy';

/**
 * A working calendar that opens at `opening` (a whole minute) and stays open to midnight, in a fixed
 * UTC offset chosen so that the opening falls near local noon: every clock started before it starts
 * counting at the opening, as every business-hours clock does at Monday's opening.
 */
export function calendarOpeningAt(opening: number): WorkingCalendarSpec {
  const utcHour = new Date(opening).getUTCHours();
  // Etc/GMT+N is N hours behind UTC (the POSIX sign), so local = UTC - N; N = utcHour - 12 puts the
  // opening at local noon, and keeps N within the zones that exist (-12 … +11 here).
  const behind = utcHour - 12;
  const zone = behind === 0 ? 'Etc/GMT' : behind > 0 ? `Etc/GMT+${behind}` : `Etc/GMT${behind}`;
  const local = DateTime.fromMillis(opening, { zone });
  const window = [{ start: local.toFormat('HH:mm'), end: '24:00' }];
  return { kind: 'working', zone, week: { 1: window, 2: window, 3: window, 4: window, 5: window, 6: window, 7: window } };
}
