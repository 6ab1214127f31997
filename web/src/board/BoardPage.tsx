import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { countedStandings, type CountedStanding } from '../../../workflows/ticket/clock-standing';
import { apiJson, explain, query } from '../api/client';
import { watchTicketChanges, type LiveStatus } from '../api/events';
import type { Board, Session } from '../api/types';
import { replaceParams, type Route } from '../app/router';
import { standingLabel } from '../app/standing';
import { BoardTable } from './BoardTable';
import { filtersFrom, paramsOf, type FilterName, type Filters } from './filters';

interface PolicySummary {
  id: string;
  plans: string[];
  priorities: string[];
}

/** Rows rendered at first; more on request (the counts cover every ticket). */
const pageSize = 100;
/** Changes arriving together (a storm of breaches) load the board once. */
const reloadDebounceMs = 250;

const liveText: Record<LiveStatus, string> = { connecting: 'connecting…', live: 'live', reconnecting: 'reconnecting…' };

export function BoardPage({ session, route }: { session: Session; route: Route }) {
  const filters = useMemo(() => filtersFrom(route.params), [route.params.toString()]);
  const [board, setBoard] = useState<Board | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [live, setLive] = useState<LiveStatus>('connecting');
  const [shown, setShown] = useState(pageSize);
  const [policies, setPolicies] = useState<PolicySummary[]>([]);
  const loadRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    apiJson<PolicySummary[]>('/policies')
      .then(setPolicies)
      .catch(() => setPolicies([]));
  }, []);

  // Load on every change of filters; the live stream calls the latest loader.
  useEffect(() => {
    let current = true;
    const load = () =>
      apiJson<Board>(`/board${query(filters)}`)
        .then((answer) => {
          if (!current) return;
          setBoard(answer);
          setError(null);
        })
        .catch((failure: unknown) => current && setError(explain(failure)));
    loadRef.current = load;
    void load();
    return () => {
      current = false;
    };
  }, [filters]);

  useEffect(() => {
    let timer: number | undefined;
    return watchTicketChanges(() => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => loadRef.current(), reloadDebounceMs);
    }, setLive);
  }, []);

  const setFilter = (name: FilterName, value: string | undefined) => {
    const next: Filters = { ...filters, [name]: value || undefined };
    if (name === 'atRisk' && value) next.breached = undefined;
    if (name === 'breached' && value) next.atRisk = undefined;
    setShown(pageSize);
    replaceParams('/board', paramsOf(next));
  };

  const selectedPolicy = policies.find((p) => p.id === filters.policy);
  const plans = [...new Set((selectedPolicy ? [selectedPolicy] : policies).flatMap((p) => p.plans))];
  const priorities = [...new Set((selectedPolicy ? [selectedPolicy] : policies).flatMap((p) => p.priorities))];
  const standingFilter: CountedStanding | null = filters.breached ? 'breached' : filters.atRisk ? 'at-risk' : null;

  return (
    <main class="board">
      <div class="board-head">
        <h1>Open tickets</h1>
        <span class={`live live-${live}`} role="status" data-testid="live">
          <span aria-hidden="true">{live === 'live' ? '●' : '○'}</span> {liveText[live]}
        </span>
      </div>
      <section class="counts" aria-label="Tickets per standing">
        {countedStandings.map((standing) => {
          const filterable = standing === 'at-risk' || standing === 'breached';
          const label = (
            <>
              <span class="count-number" data-testid={`count-${standing}`}>
                {board ? board.counts[standing] : '…'}
              </span>
              <span class="count-word">
                <span aria-hidden="true">{standingLabel[standing].icon}</span> {standingLabel[standing].word}
              </span>
            </>
          );
          return filterable ? (
            <button
              key={standing}
              class={`count standing-${standing}`}
              aria-pressed={standingFilter === standing}
              title={`Show only ${standingLabel[standing].word.toLowerCase()} tickets`}
              onClick={() => setFilter(standing === 'breached' ? 'breached' : 'atRisk', standingFilter === standing ? undefined : 'true')}
            >
              {label}
            </button>
          ) : (
            <div key={standing} class={`count standing-${standing}`}>
              {label}
            </div>
          );
        })}
      </section>
      <form class="filters" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Policy
          <select value={filters.policy ?? ''} onChange={(e) => setFilter('policy', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {policies.map((p) => (
              <option key={p.id} value={p.id}>
                {p.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          Plan
          <select value={filters.plan ?? ''} onChange={(e) => setFilter('plan', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {plans.map((plan) => (
              <option key={plan}>{plan}</option>
            ))}
          </select>
        </label>
        <label>
          Priority
          <select value={filters.priority ?? ''} onChange={(e) => setFilter('priority', (e.target as HTMLSelectElement).value)}>
            <option value="">any</option>
            {priorities.map((priority) => (
              <option key={priority}>{priority}</option>
            ))}
          </select>
        </label>
        {session.role !== 'customer' && (
          <label>
            Organisation
            <input
              type="search"
              value={filters.organisation ?? ''}
              onChange={(e) => setFilter('organisation', (e.target as HTMLInputElement).value.trim())}
            />
          </label>
        )}
        <label>
          Assignee
          <input type="search" value={filters.assignee ?? ''} onChange={(e) => setFilter('assignee', (e.target as HTMLInputElement).value.trim())} />
        </label>
        <label>
          Status
          <select value={filters.status ?? ''} onChange={(e) => setFilter('status', (e.target as HTMLSelectElement).value)}>
            <option value="">any open</option>
            {['new', 'in-progress', 'awaiting-customer', 'resolved'].map((status) => (
              <option key={status}>{status}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={!!filters.atRisk}
            onChange={(e) => setFilter('atRisk', (e.target as HTMLInputElement).checked ? 'true' : undefined)}
          />
          At risk only
        </label>
        <label class="check">
          <input
            type="checkbox"
            checked={!!filters.breached}
            onChange={(e) => setFilter('breached', (e.target as HTMLInputElement).checked ? 'true' : undefined)}
          />
          Breached only
        </label>
        {Object.keys(filters).length > 0 && (
          <button type="button" onClick={() => replaceParams('/board', new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {board && board.tickets.length === 0 && !error && (
        <p class="empty">
          {Object.keys(filters).length > 0
            ? 'No open ticket matches these filters. Clear a filter to see more.'
            : 'No open tickets. New tickets appear here as soon as they are opened (POST /tickets).'}
        </p>
      )}
      {board && board.tickets.length > 0 && (
        <>
          <BoardTable tickets={board.tickets.slice(0, shown)} calendars={board.calendars} />
          {board.tickets.length > shown && (
            <button class="more" onClick={() => setShown(shown + pageSize)}>
              Show {Math.min(pageSize, board.tickets.length - shown)} more of {board.tickets.length - shown}
            </button>
          )}
        </>
      )}
    </main>
  );
}
