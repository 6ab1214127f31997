import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import { ticketStanding } from '../../../workflows/ticket/clock-standing';
import type { BoardTicket } from '../api/types';
import { localTime, zoneTime } from '../app/format';
import { href } from '../app/router';
import { StandingBadge } from '../app/standing';
import { calendarZone, ClockCountdown } from './Countdown';

interface RowProps {
  ticket: BoardTicket;
  calendars: Record<string, Calendar>;
  now: number;
}

/** One open ticket: re-rendered each second for its countdowns (cheap: a few business-time sums). */
export const BoardRow = memo(function BoardRow({ ticket, calendars, now }: RowProps) {
  const shown = ticket.clocks.filter((clock) => clock.status !== 'pending' && clock.status !== 'stopped' && clock.target !== null);
  const standing = ticketStanding(ticket, now);
  // Deadline texts change with the ticket, not with the second.
  const next = useMemo(() => {
    const calendar = ticket.clocks.find((clock) => clock.dueAt === ticket.nextDueAt)?.calendar;
    return { local: localTime(ticket.nextDueAt), zone: zoneTime(ticket.nextDueAt, calendarZone(calendar ? calendars[calendar] : undefined)) };
  }, [ticket, calendars]);
  return (
    <tr class={`ticket row-${standing}`} data-ticket={ticket.ticketId}>
      <td data-label="Standing">
        <StandingBadge standing={standing} />
      </td>
      <td data-label="Ticket">
        <a href={href(`/tickets/${encodeURIComponent(ticket.ticketId)}`)}>{ticket.subject}</a>
        <div class="sub">{ticket.ticketId.slice(0, 8)}</div>
      </td>
      <td data-label="Organisation">{ticket.organisation}</td>
      <td data-label="Priority">
        <span class="priority">{ticket.priority}</span>
      </td>
      <td data-label="Policy">
        {ticket.policy} · {ticket.plan}
      </td>
      <td data-label="Status">{ticket.status}</td>
      <td data-label="Assignee">{ticket.assignee ?? <span class="sub">unassigned</span>}</td>
      <td data-label="Clocks">
        <div class="clocks">
          {shown.length === 0 ? (
            <span class="sub">no clock</span>
          ) : (
            shown.map((clock) => (
              <ClockCountdown key={clock.clock} clock={clock} calendar={clock.calendar ? calendars[clock.calendar] : undefined} now={now} />
            ))
          )}
        </div>
      </td>
      <td data-label="Next deadline" title={next.zone}>
        {next.local}
      </td>
    </tr>
  );
});
