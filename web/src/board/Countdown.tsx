import { useMemo } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import { clockStanding, timeToDeadline } from '../../../workflows/ticket/clock-standing';
import type { BoardClock } from '../api/types';
import { duration, localTime, zoneTime } from '../app/format';
import { standingLabel } from '../app/standing';

/** The zone a calendar's working hours are read in, for hover text. */
export function calendarZone(calendar: Calendar | undefined): string | null {
  return calendar?.kind === 'working' ? calendar.zone : null;
}

/**
 * One clock on the board: its standing (icon, word, colour) and a countdown counted on its own
 * calendar, so a business-hours clock stands still out of hours and "late by" counts working time.
 */
export function ClockCountdown({ clock, calendar, now }: { clock: BoardClock; calendar: Calendar | undefined; now: number }) {
  const standing = clockStanding(clock, now);
  const { icon, word } = standingLabel[standing];
  let text: string;
  if (clock.dueAt && calendar && (standing === 'running' || standing === 'at-risk' || standing === 'breached')) {
    const left = timeToDeadline(clock.dueAt, calendar, now);
    text = left >= 0 ? `${duration(left)} left` : `late by ${duration(left)}`;
  } else if (standing === 'paused') text = 'awaiting customer';
  else if (standing === 'met') text = 'met';
  else text = word.toLowerCase();
  // The same every second: formatted once per deadline, not per tick.
  const hover = useMemo(() => {
    const businessTime = calendar?.kind === 'working';
    const due = clock.dueAt ? `due ${localTime(clock.dueAt)}` : '';
    return [clock.target && `target ${clock.target}${businessTime ? ' (business time)' : ''}`, due, zoneTime(clock.dueAt, calendarZone(calendar))]
      .filter(Boolean)
      .join(' · ');
  }, [clock.dueAt, clock.target, calendar]);
  return (
    <span class={`clock standing-${standing}`} data-clock={clock.clock} data-standing={standing} title={hover || undefined}>
      <span class="clock-name">{clock.clock}</span>{' '}
      <span class="clock-icon" aria-hidden="true">
        {icon}
      </span>
      <span class="visually-hidden">{word}: </span>
      <span class="clock-time">{text}</span>
    </span>
  );
}
