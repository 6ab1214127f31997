import { useState } from 'preact/hooks';
import { apiFetch, explain } from '../api/client';
import type { Session } from '../api/types';
import type { Route } from '../app/router';

function lastMonth(): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - 1, 1);
  return date.toISOString().slice(0, 7);
}

/**
 * The organisation's monthly statement, printable: the API renders it as HTML
 * (`Accept: text/html`); a link cannot carry the bearer token, so the page fetches it and opens it
 * in a document of its own.
 */
export function StatementPage({ session, route }: { session: Session; route: Route }) {
  const [organisation, setOrganisation] = useState(session.organisation ?? route.params.get('organisation') ?? '');
  const [month, setMonth] = useState(route.params.get('month') ?? lastMonth());
  const [error, setError] = useState<string | null>(null);

  const open = async (event: Event) => {
    event.preventDefault();
    setError(null);
    // Opened at once, while the click still counts as the user's, then filled in.
    const view = window.open('', '_blank');
    try {
      const response = await apiFetch(`/organisations/${encodeURIComponent(organisation)}/statement?month=${encodeURIComponent(month)}`, {
        headers: { accept: 'text/html' },
      });
      const html = await response.text();
      if (!view) throw new Error('The browser blocked the new window: allow pop-ups for this page.');
      view.document.open();
      view.document.write(html);
      view.document.close();
    } catch (failure) {
      view?.close();
      setError(explain(failure));
    }
  };

  return (
    <main class="statement">
      <h1>Monthly statement</h1>
      <form onSubmit={open} class="filters">
        <label>
          Organisation
          <input
            required
            value={organisation}
            readOnly={session.role === 'customer'}
            onInput={(e) => setOrganisation((e.target as HTMLInputElement).value)}
          />
        </label>
        <label>
          Month
          <input type="month" required value={month} onInput={(e) => setMonth((e.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">Open printable statement</button>
      </form>
      <p class="hint">Opens in a new window; print it from there (Ctrl-P).</p>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </main>
  );
}
