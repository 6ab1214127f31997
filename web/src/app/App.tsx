import { useEffect, useState } from 'preact/hooks';
import { apiJson, explain, onUnauthorised } from '../api/client';
import { forgetKey, storedKey, storeKey } from '../api/session';
import type { Session } from '../api/types';
import { BoardPage } from '../board/BoardPage';
import { NotificationsPage } from '../ops/NotificationsPage';
import { ReportsPage } from '../reports/ReportsPage';
import { StatementPage } from '../reports/StatementPage';
import { TicketPage } from '../ticket/TicketPage';
import { href, useRoute } from './router';
import { SignIn } from './SignIn';

export function App() {
  const [session, setSession] = useState<Session | null>(null);
  const [checking, setChecking] = useState(storedKey() !== null);
  const [notice, setNotice] = useState<string | undefined>();
  const [startError, setStartError] = useState<string | null>(null);
  const route = useRoute();

  const signOut = (why?: string) => {
    forgetKey();
    setSession(null);
    setNotice(why);
  };

  useEffect(() => onUnauthorised(() => signOut('Your API key stopped working (revoked or expired). Sign in again.')), []);

  // A key kept from earlier in this tab: ask who it is.
  useEffect(() => {
    if (!storedKey()) return;
    apiJson<Session>('/board/session')
      .then(setSession)
      .catch((error: unknown) => setStartError(explain(error)))
      .finally(() => setChecking(false));
  }, []);

  if (checking) return <p class="loading">Loading…</p>;
  if (!session) {
    if (startError && storedKey())
      return (
        <main class="signin">
          <p class="error" role="alert">
            {startError}
          </p>
          <button onClick={() => location.reload()}>Try again</button> <button onClick={() => signOut()}>Sign out</button>
        </main>
      );
    return (
      <SignIn
        notice={notice}
        onSignedIn={(key, who) => {
          storeKey(key);
          setNotice(undefined);
          setSession(who);
        }}
      />
    );
  }

  const [page, id] = route.path;
  return (
    <>
      <header class="top">
        <a class="brand" href="#/board">
          slaflow
        </a>
        <nav aria-label="Pages">
          <a href={href('/board')} aria-current={page === 'board' ? 'page' : undefined}>
            Board
          </a>
          {session.role !== 'customer' && (
            <a href={href('/reports')} aria-current={page === 'reports' ? 'page' : undefined}>
              Reports
            </a>
          )}
          <a href={href('/statement')} aria-current={page === 'statement' ? 'page' : undefined}>
            Statement
          </a>
          {session.role === 'ops' && (
            <a href={href('/notifications')} aria-current={page === 'notifications' ? 'page' : undefined}>
              Notifications
            </a>
          )}
        </nav>
        <span class="who" data-testid="who">
          Signed in as <strong>{session.role}</strong>
          {session.organisation && (
            <>
              {' '}
              of <strong>{session.organisation}</strong>
            </>
          )}
        </span>
        <button class="signout" onClick={() => signOut('Signed out.')}>
          Sign out
        </button>
      </header>
      {page === 'tickets' && id ? (
        <TicketPage ticketId={id} session={session} />
      ) : page === 'reports' ? (
        <ReportsPage session={session} route={route} />
      ) : page === 'notifications' && session.role === 'ops' ? (
        <NotificationsPage />
      ) : page === 'statement' ? (
        <StatementPage session={session} route={route} />
      ) : (
        <BoardPage session={session} route={route} />
      )}
    </>
  );
}
