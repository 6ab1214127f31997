import { useEffect, useState } from 'preact/hooks';
import { apiFetch, apiJson, explain, query } from '../api/client';
import type { CycleRow, Report, ReportRow, Session } from '../api/types';
import { duration, localTime, percent } from '../app/format';
import { href, replaceParams, type Route } from '../app/router';
import { AttainmentChart } from './AttainmentChart';

/** The report's filters (GET /reports/sla), kept in the URL like the board's. */
const filterNames = ['from', 'to', 'policy', 'plan', 'priority', 'organisation', 'clock', 'commitment'] as const;
const views = [
  { groupBy: 'month', title: 'Attainment by month' },
  { groupBy: 'week', title: 'Attainment by week' },
  { groupBy: 'policy', title: 'By policy' },
  { groupBy: 'priority', title: 'By priority' },
  { groupBy: 'organisation', title: 'By organisation' },
] as const;

function monthsAgo(months: number): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() - months, 1);
  return date.toISOString().slice(0, 10);
}

export function ReportsPage({ session, route }: { session: Session; route: Route }) {
  const filters: Record<string, string | undefined> = Object.fromEntries(filterNames.map((name) => [name, route.params.get(name) ?? undefined]));
  filters.from ??= monthsAgo(5);
  filters.to ??= new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const groupBy = route.params.get('groupBy') ?? 'month';
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ row: ReportRow; cycles: CycleRow[] } | null>(null);
  const reportQuery = query({ ...filters, groupBy });

  useEffect(() => {
    setReport(null);
    setDrill(null);
    apiJson<Report>(`/reports/sla${reportQuery}`)
      .then((answer) => {
        setReport(answer);
        setError(null);
      })
      .catch((failure: unknown) => setError(explain(failure)));
  }, [reportQuery]);

  const set = (name: string, value: string) => {
    const params = new URLSearchParams(route.params);
    if (value) params.set(name, value);
    else params.delete(name);
    replaceParams('/reports', params);
  };

  const openCell = async (row: ReportRow) => {
    const cell: Record<string, string | undefined> = { ...filters, outcome: 'breached' };
    const key = row[groupBy];
    if (groupBy === 'month' || groupBy === 'week') {
      // A period's breaches: the report's filters with the period's bounds.
      const bounds = periodBounds(groupBy, String(key));
      cell.from = bounds.from;
      cell.to = bounds.to;
    } else cell[groupBy] = String(key);
    try {
      const answer = await apiJson<{ items: CycleRow[] }>(`/reports/sla/cycles${query({ ...cell, limit: '200' })}`);
      setDrill({ row, cycles: answer.items });
    } catch (failure) {
      setError(explain(failure));
    }
  };

  const downloadCsv = async () => {
    try {
      const response = await apiFetch(`/reports/sla${query({ ...filters, groupBy, format: 'csv' })}`, { headers: { accept: 'text/csv' } });
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement('a');
      link.href = url;
      link.download = `sla-report-${groupBy}-${filters.from}-${filters.to}.csv`;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      setError(explain(failure));
    }
  };

  return (
    <main class="reports">
      <h1>SLA reports</h1>
      <form class="filters" aria-label="Report filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          From
          <input type="date" value={filters.from} onChange={(e) => set('from', (e.target as HTMLInputElement).value)} />
        </label>
        <label>
          To
          <input type="date" value={filters.to} onChange={(e) => set('to', (e.target as HTMLInputElement).value)} />
        </label>
        {(['policy', 'priority', 'clock'] as const).map((name) => (
          <label key={name}>
            {name[0].toUpperCase() + name.slice(1)}
            <input type="search" value={filters[name] ?? ''} onChange={(e) => set(name, (e.target as HTMLInputElement).value.trim())} />
          </label>
        ))}
        {session.role !== 'customer' && (
          <label>
            Organisation
            <input
              type="search"
              value={filters.organisation ?? ''}
              onChange={(e) => set('organisation', (e.target as HTMLInputElement).value.trim())}
            />
          </label>
        )}
        <button type="button" onClick={() => void downloadCsv()}>
          Download CSV
        </button>
      </form>
      <nav class="tabs" aria-label="Group by">
        {views.map((view) => (
          <a
            key={view.groupBy}
            href={href('/reports', { ...filters, groupBy: view.groupBy })}
            aria-current={groupBy === view.groupBy ? 'page' : undefined}
          >
            {view.title}
          </a>
        ))}
      </nav>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {!report && !error && <p class="loading">Loading report…</p>}
      {report && report.rows.length === 0 && <p class="empty">No SLA cycles in this period. Widen the dates or clear a filter.</p>}
      {report && report.rows.length > 0 && (
        <>
          <AttainmentChart rows={report.rows} groupBy={groupBy} onSelect={(row) => void openCell(row)} />
          <table class="report" data-testid="report">
            <caption>
              {groupBy} · {localTime(report.from)} – {localTime(report.to)} ({report.zone}) · select a bar or a row's breaches to see them
            </caption>
            <thead>
              <tr>
                <th scope="col">{groupBy}</th>
                <th scope="col">Total</th>
                <th scope="col">Met</th>
                <th scope="col">Breached</th>
                <th scope="col">Running</th>
                <th scope="col">Running late</th>
                <th scope="col">Attainment</th>
                <th scope="col">Median</th>
                <th scope="col">p90</th>
              </tr>
            </thead>
            <tbody>
              {report.rows.map((row) => (
                <tr key={String(row[groupBy])} data-key={String(row[groupBy])}>
                  <th scope="row">{String(row[groupBy])}</th>
                  <td>{row.total}</td>
                  <td>{row.met}</td>
                  <td>
                    {row.breached > 0 ? (
                      <button class="link" onClick={() => void openCell(row)} aria-label={`${row.breached} breaches of ${String(row[groupBy])}`}>
                        {row.breached}
                      </button>
                    ) : (
                      0
                    )}
                  </td>
                  <td>{row.running}</td>
                  <td>{row.runningLate}</td>
                  <td data-attainment={row.attainment ?? ''}>{percent(row.attainment)}</td>
                  <td>{row.medianBusinessMs === null ? '—' : duration(row.medianBusinessMs)}</td>
                  <td>{row.p90BusinessMs === null ? '—' : duration(row.p90BusinessMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {drill && (
        <section class="drill" aria-labelledby="drill-title">
          <h2 id="drill-title">
            Breaches behind {groupBy} {String(drill.row[groupBy])} ({drill.cycles.length})
          </h2>
          <table data-testid="drill">
            <thead>
              <tr>
                <th scope="col">Ticket</th>
                <th scope="col">Organisation</th>
                <th scope="col">Clock</th>
                <th scope="col">Due</th>
                <th scope="col">Breached</th>
                <th scope="col">Late by</th>
              </tr>
            </thead>
            <tbody>
              {drill.cycles.map((cycle) => (
                <tr key={`${cycle.ticketId} ${cycle.clock} ${cycle.cycle}`}>
                  <td>
                    <a href={href(`/tickets/${encodeURIComponent(cycle.ticketId)}`)}>{cycle.subject}</a>
                  </td>
                  <td>{cycle.organisation}</td>
                  <td>{cycle.clock}</td>
                  <td>{localTime(cycle.dueAt)}</td>
                  <td>{localTime(cycle.breachedAt)}</td>
                  <td>{cycle.lateBusinessMs === null ? '—' : duration(cycle.lateBusinessMs)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </main>
  );
}

/** A report period key (YYYY-MM, or ISO week YYYY-Www) as the report's bounds: its first day, and the next period's (excluded). */
export function periodBounds(kind: 'month' | 'week', key: string): { from: string; to: string } {
  const day = (date: Date) => date.toISOString().slice(0, 10);
  if (kind === 'month') {
    const [year, month] = key.split('-').map(Number);
    return { from: `${key}-01`, to: day(new Date(Date.UTC(year, month, 1))) };
  }
  const [year, week] = key.split('-W').map(Number);
  // ISO week 1 holds 4 January; weeks start on Monday.
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - (((jan4.getUTCDay() + 6) % 7) - (week - 1) * 7) * 86_400_000);
  return { from: day(monday), to: day(new Date(monday.getTime() + 7 * 86_400_000)) };
}
