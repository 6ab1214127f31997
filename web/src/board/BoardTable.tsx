import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import type { BoardTicket } from '../api/types';
import { BoardRow, rowFace, type RowFace } from './BoardRow';

const tickMark = 'board-tick-start';

/**
 * The rows of the board and their countdowns: one tick a second, aligned to the second, that
 * computes each row's face and re-renders only the rows whose face changed (not the page's counts
 * and filters, nor a row still showing "2 d 4 h left"). Each tick is measured (User Timing
 * `board-tick`: from the tick to the rows re-rendered and laid out), which `npm run bench -- board`
 * reads.
 */
export function BoardTable({ tickets, calendars }: { tickets: BoardTicket[]; calendars: Record<string, Calendar> }) {
  const [now, setNow] = useState(Date.now());
  const shownFaces = useRef(new Map<BoardTicket, RowFace>());
  const faces = useMemo(() => {
    const previous = shownFaces.current;
    const next = new Map<BoardTicket, RowFace>();
    for (const ticket of tickets) {
      const face = rowFace(ticket, calendars, now);
      const before = previous.get(ticket);
      // The same object for the same face of the same ticket, so that the row's memo skips it.
      next.set(ticket, before && before.key === face.key ? before : face);
    }
    shownFaces.current = next;
    return next;
  }, [tickets, calendars, now]);

  useEffect(() => {
    let timer: number;
    const tick = () => {
      performance.mark(tickMark);
      setNow(Date.now());
      timer = window.setTimeout(tick, 1000 - (Date.now() % 1000));
    };
    timer = window.setTimeout(tick, 1000 - (Date.now() % 1000));
    return () => window.clearTimeout(timer);
  }, []);

  useLayoutEffect(() => {
    if (performance.getEntriesByName(tickMark, 'mark').length === 0) return;
    // Reading a layout property makes the browser do the tick's style and layout work now, inside the measure.
    void document.body.offsetHeight;
    performance.measure('board-tick', tickMark);
    performance.clearMarks(tickMark);
  }, [now]);

  return (
    <table class="tickets" data-testid="board">
      <caption class="visually-hidden">Open tickets, the earliest deadline first</caption>
      <thead>
        <tr>
          <th scope="col">Standing</th>
          <th scope="col">Ticket</th>
          <th scope="col">Organisation</th>
          <th scope="col">Priority</th>
          <th scope="col">Policy · plan</th>
          <th scope="col">Status</th>
          <th scope="col">Assignee</th>
          <th scope="col">Clocks</th>
          <th scope="col">Next deadline</th>
        </tr>
      </thead>
      <tbody>
        {tickets.map((ticket) => (
          <BoardRow key={ticket.ticketId} ticket={ticket} calendars={calendars} face={faces.get(ticket)!} />
        ))}
      </tbody>
    </table>
  );
}
