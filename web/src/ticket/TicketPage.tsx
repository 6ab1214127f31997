import { useEffect, useState } from 'preact/hooks';
import type { Calendar } from '../../../workflows/calendar';
import { apiJson, apiPost, explain, query } from '../api/client';
import { watchTicketChanges } from '../api/events';
import type { NotificationRow, Session, TicketEvent, TicketState } from '../api/types';
import { localTime } from '../app/format';
import { href } from '../app/router';
import { ClockTimeline } from './ClockTimeline';

interface TicketCalendars {
  clocks: Record<string, string>;
  calendars: Record<string, Calendar>;
}

/** Lists answer an array, or `{ items, nextCursor }` since they page (issue 14): the page reads both. */
function items<T>(answer: T[] | { items: T[] }): T[] {
  return Array.isArray(answer) ? answer : answer.items;
}

/** The whole audit trail, page by page once the route pages (`nextCursor`). */
async function allEvents(id: string): Promise<TicketEvent[]> {
  const all: TicketEvent[] = [];
  let cursor: string | undefined;
  do {
    const answer = await apiJson<TicketEvent[] | { items: TicketEvent[]; nextCursor: string | null }>(`/tickets/${id}/events${query({ cursor })}`);
    all.push(...items(answer));
    cursor = Array.isArray(answer) ? undefined : (answer.nextCursor ?? undefined);
  } while (cursor);
  return all;
}

export function TicketPage({ ticketId, session }: { ticketId: string; session: Session }) {
  const [state, setState] = useState<TicketState | null>(null);
  const [events, setEvents] = useState<TicketEvent[]>([]);
  const [calendars, setCalendars] = useState<TicketCalendars | null>(null);
  const [notifications, setNotifications] = useState<NotificationRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [now, setNow] = useState(Date.now());

  const load = async () => {
    try {
      const id = encodeURIComponent(ticketId);
      const [ticket, trail] = await Promise.all([apiJson<TicketState>(`/tickets/${id}`), allEvents(id)]);
      setState(ticket);
      setEvents(trail.sort((a, b) => a.sequence - b.sequence));
      setNow(Date.now());
      setError(null);
      apiJson<TicketCalendars>(
        `/board/calendars${query({ policy: ticket.policy, version: String(ticket.policyVersion), plan: ticket.plan, priority: ticket.priority })}`,
      )
        .then(setCalendars)
        .catch(() => setCalendars(null));
      if (session.role === 'ops') {
        apiJson<NotificationRow[] | { items: NotificationRow[] }>(`/ops/notifications${query({ ticketId: ticket.ticketId })}`)
          .then((answer) => setNotifications(items(answer)))
          .catch(() => setNotifications([]));
      }
    } catch (failure) {
      setError(explain(failure));
    }
  };

  useEffect(() => {
    void load();
    return watchTicketChanges(
      (changed) => {
        if (changed === null || changed === ticketId) void load();
      },
      () => undefined,
    );
  }, [ticketId]);

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 5_000);
    return () => window.clearInterval(timer);
  }, []);

  const retry = async (notificationId: string) => {
    setMessage(null);
    try {
      await apiPost(`/ops/notifications/${encodeURIComponent(notificationId)}/retry`);
      setMessage(`Retry of ${notificationId} sent.`);
      void load();
    } catch (failure) {
      setMessage(explain(failure));
    }
  };

  if (error)
    return (
      <main class="ticket">
        <p class="error" role="alert">
          {error}
        </p>
        <a href={href('/board')}>Back to the board</a>
      </main>
    );
  if (!state) return <main class="loading">Loading ticket…</main>;

  const from = Date.parse(state.openedAt);
  const dueTimes = state.clocks.flatMap((c) => (c.dueAt ? [Date.parse(c.dueAt)] : []));
  // The whole life, the deadlines in force and now, with a little room after the last of them.
  const last = Math.max(now, ...dueTimes, from + 10_000);
  const to = last + (last - from) * 0.04;
  const statusChanges = events.filter((event, index) => index === 0 || event.state.status !== events[index - 1].state.status);
  const timed = state.clocks.filter((c) => c.startedAt !== null && c.target !== null);
  const parkedIds = new Set(state.parkedNotifications.map((p) => p.notificationId));

  return (
    <main class="ticket">
      <p>
        <a href={href('/board')}>← Board</a>
      </p>
      <h1>{state.subject}</h1>
      <p class="sub">
        {state.ticketId} · {state.organisation} · {state.policy} v{state.policyVersion} · {state.plan} · {state.priority} ·{' '}
        <strong>{state.status}</strong>
        {state.assignee && <> · assigned to {state.assignee}</>}
        {state.escalationLevel > 0 && <> · escalation level {state.escalationLevel}</>}
      </p>

      <section aria-labelledby="clocks-title">
        <h2 id="clocks-title">Clocks</h2>
        <p class="legend">
          <span class="key tl-running" /> running <span class="key tl-paused" /> paused <span class="key tl-late" /> late{' '}
          <span class="key tl-closed" /> out of hours ▲ warning ✖ breach ┆ due │ now
        </p>
        {timed.length === 0 && <p class="empty">No clock has started.</p>}
        {timed.map((clock) => (
          <ClockTimeline
            key={clock.clock}
            clock={clock}
            events={events}
            calendar={calendars ? calendars.calendars[calendars.clocks[clock.clock]] : undefined}
            from={from}
            to={to}
            now={now}
          />
        ))}
      </section>

      <div class="columns">
        <section aria-labelledby="status-title">
          <h2 id="status-title">Status history</h2>
          <ol class="history">
            {statusChanges.map((event) => (
              <li key={event.sequence}>
                <strong>{event.state.status}</strong> since {localTime(event.at)}
              </li>
            ))}
          </ol>
        </section>
        <section aria-labelledby="intake-title">
          <h2 id="intake-title">Intake</h2>
          {Object.keys(state.fields ?? {}).length === 0 ? (
            <p class="empty">No intake fields were given.</p>
          ) : (
            <dl class="fields">
              {Object.entries(state.fields).map(([name, value]) => (
                <>
                  <dt>{name}</dt>
                  <dd>{String(value)}</dd>
                </>
              ))}
            </dl>
          )}
        </section>
      </div>

      {/* Delivery failures name the desk's addresses and errors: staff only. */}
      {session.role !== 'customer' && (state.parkedNotifications.length > 0 || notifications.length > 0) && (
        <section aria-labelledby="notifications-title">
          <h2 id="notifications-title">Parked notifications</h2>
          {message && <p role="status">{message}</p>}
          <ul class="parked">
            {state.parkedNotifications.map((parked) => (
              <li key={parked.notificationId}>
                <strong>{parked.kind}</strong> {parked.subject} — {parked.error} ({parked.attempts} attempts, parked {localTime(parked.parkedAt)})
                {session.role === 'ops' && (
                  <button class="retry" onClick={() => void retry(parked.notificationId)}>
                    Retry
                  </button>
                )}
              </li>
            ))}
            {notifications
              .filter((n) => n.status === 'failed' && !parkedIds.has(n.notificationId))
              .map((n) => (
                <li key={`${n.notificationId} ${n.recipient}`}>
                  <strong>{n.kind}</strong> to {n.recipient}: {n.lastError ?? 'failed'} ({n.attempts} attempts)
                </li>
              ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="audit-title">
        <h2 id="audit-title">Audit trail</h2>
        <table class="audit">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
            </tr>
          </thead>
          <tbody>
            {events.map((event) => (
              <tr key={event.sequence}>
                <td>{event.sequence}</td>
                <td>{localTime(event.at)}</td>
                <td>{event.type}</td>
                <td>{event.detail?.actor ? `${event.detail.actor.role} (key ${event.detail.actor.keyId.slice(0, 8)})` : 'slaflow'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </main>
  );
}
