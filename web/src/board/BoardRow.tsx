import { memo } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import { ticketStanding, type CountedStanding } from '../../../workflows/ticket/clock-standing';
import type { BoardClock, BoardTicket } from '../api/types';
import { localTime, zoneTime } from '../app/format';
import { href } from '../app/router';
import { StandingBadge } from '../app/standing';
import { calendarZone, ClockCountdown, clockFace, type ClockFace } from './Countdown';

/** What a row shows at an instant: the ticket's standing and each shown clock's face. */
export interface RowFace {
  standing: CountedStanding;
  clocks: Array<{ clock: BoardClock; face: ClockFace }>;
  /** The whole face as text: equal keys, an equal row. */
  key: string;
}

/** The clocks a row shows: those that run, ran out or wait, with a target. */
export function rowFace(ticket: BoardTicket, calendars: Record<string, Calendar>, now: number): RowFace {
  const clocks = ticket.clocks
    .filter((clock) => clock.status !== 'pending' && clock.status !== 'stopped' && clock.target !== null)
    .map((clock) => ({ clock, face: clockFace(clock, clock.calendar ? calendars[clock.calendar] : undefined, now) }));
  const standing = ticketStanding(ticket, now);
  return { standing, clocks, key: [standing, ...clocks.map(({ face }) => `${face.standing} ${face.text}`)].join('|') };
}

interface RowProps {
  ticket: BoardTicket;
  calendars: Record<string, Calendar>;
  face: RowFace;
}

/**
 * One open ticket. Its face is computed each second by the table, which hands the same object on
 * while nothing it shows changes: most seconds most rows are not rendered at all.
 */
export const BoardRow = memo(function BoardRow({ ticket, calendars, face }: RowProps) {
  // Deadline texts change with the ticket, not with the second.
  const next = useMemo(() => {
    const calendar = ticket.clocks.find((clock) => clock.dueAt === ticket.nextDueAt)?.calendar;
    return { local: localTime(ticket.nextDueAt), zone: zoneTime(ticket.nextDueAt, calendarZone(calendar ? calendars[calendar] : undefined)) };
  }, [ticket, calendars]);
  return (
    <tr class={`ticket row-${face.standing}`} data-ticket={ticket.ticketId}>
      <td data-label="Standing">
        <StandingBadge standing={face.standing} />
      </td>
      <TicketCells ticket={ticket} />
      <td data-label="Clocks">
        <div class="clocks">
          {face.clocks.length === 0 ? (
            <span class="sub">no clock</span>
          ) : (
            face.clocks.map(({ clock, face: clockShown }) => (
              <ClockCountdown key={clock.clock} clock={clock} calendar={clock.calendar ? calendars[clock.calendar] : undefined} face={clockShown} />
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

/** The cells that do not change with the second: skipped by each tick's render. */
const TicketCells = memo(function TicketCells({ ticket }: { ticket: BoardTicket }) {
  return (
    <>
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
    </>
  );
});
