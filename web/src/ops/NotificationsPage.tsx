import { useEffect, useState } from 'preact/hooks';
import { apiJson, apiPost, explain } from '../api/client';
import type { NotificationRow } from '../api/types';
import { localTime } from '../app/format';
import { href } from '../app/router';

/**
 * Operations: notifications whose latest delivery failed (`GET /ops/notifications?status=failed`),
 * parked ones with a retry button (one notification, or all of them at once).
 */
export function NotificationsPage() {
  const [rows, setRows] = useState<NotificationRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = () =>
    apiJson<NotificationRow[] | { items: NotificationRow[] }>('/ops/notifications?status=failed')
      .then((answer) => {
        setRows(Array.isArray(answer) ? answer : answer.items);
        setError(null);
      })
      .catch((failure: unknown) => setError(explain(failure)));

  useEffect(() => {
    void load();
  }, []);

  const retry = async (path: string, body: unknown, what: string) => {
    setMessage(null);
    try {
      await apiPost(path, body);
      setMessage(`Retry of ${what} sent; deliveries show here as they happen.`);
      void load();
    } catch (failure) {
      setMessage(explain(failure));
    }
  };

  return (
    <main class="notifications">
      <h1>Failed notifications</h1>
      {message && <p role="status">{message}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {rows && rows.length === 0 && <p class="empty">No notification is failing: every one was delivered.</p>}
      {rows && rows.length > 0 && (
        <>
          <p>
            <button onClick={() => void retry('/ops/notifications/retry', { all: true }, 'every parked notification')}>
              Retry every parked notification
            </button>
          </p>
          <table data-testid="notifications">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">What</th>
                <th scope="col">To</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Last attempt</th>
                <th scope="col">Retry</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.notificationId} ${row.recipient}`}>
                  <td>
                    <a href={href(`/tickets/${encodeURIComponent(row.ticketId)}`)}>{row.ticketId.slice(0, 8)}</a> {row.organisation}
                  </td>
                  <td>
                    {row.kind}
                    {row.clock ? ` · ${row.clock}` : ''} — {row.subject}
                  </td>
                  <td>{row.recipient}</td>
                  <td>{row.attempts}</td>
                  <td>{row.lastError ?? '—'}</td>
                  <td>{localTime(row.lastAttemptAt)}</td>
                  <td>
                    {row.parked ? (
                      <button
                        class="retry"
                        onClick={() => void retry(`/ops/notifications/${encodeURIComponent(row.notificationId)}/retry`, {}, row.notificationId)}
                      >
                        Retry
                      </button>
                    ) : (
                      <span class="sub">being retried</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </main>
  );
}
