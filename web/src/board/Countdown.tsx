import { useMemo } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import { clockStanding, timeToDeadline, type Standing } from '../../../workflows/ticket/clock-standing';
import type { BoardClock } from '../api/types';
import { duration, localTime, zoneTime } from '../app/format';
import { standingLabel } from '../app/standing';

/** The zone a calendar's working hours are read in, for hover text. */
export function calendarZone(calendar: Calendar | undefined): string | null {
  return calendar?.kind === 'working' ? calendar.zone : null;
}

/** What one clock shows at an instant: its standing and its countdown text. */
export interface ClockFace {
  standing: Standing;
  text: string;
}

/**
 * A clock's standing and countdown at `now`, counted on its own calendar, so a business-hours
 * clock stands still out of hours and "late by" counts working time.
 */
export function clockFace(clock: BoardClock, calendar: Calendar | undefined, now: number): ClockFace {
  const standing = clockStanding(clock, now);
  if (clock.dueAt && calendar && (standing === 'running' || standing === 'at-risk' || standing === 'breached')) {
    const left = timeToDeadline(clock.dueAt, calendar, now);
    return { standing, text: left >= 0 ? `${duration(left)} left` : `late by ${duration(left)}` };
  }
  if (standing === 'paused') return { standing, text: 'awaiting customer' };
  if (standing === 'met') return { standing, text: 'met' };
  return { standing, text: standingLabel[standing].word.toLowerCase() };
}

/** One clock on the board: its standing (icon, word, colour) and its countdown. */
export function ClockCountdown({ clock, calendar, face }: { clock: BoardClock; calendar: Calendar | undefined; face: ClockFace }) {
  const { standing, text } = face;
  const { icon, word } = standingLabel[standing];
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
