import type { StatementDto, StatementLineDto } from './dto/statement.dto';

const escape = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const percent = (value: number | null) => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** Working time as hours and minutes: what a customer reads, not milliseconds. */
function duration(ms: number | null): string {
  if (ms === null) return '—';
  const minutes = Math.round(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

function linesTable(lines: StatementLineDto[]): string {
  if (lines.length === 0) return '<p class="none">None this month.</p>';
  const rows = lines
    .map(
      (l) =>
        `<tr><td>${escape(l.plan)}</td><td>${escape(l.priority)}</td><td>${escape(l.clock)}</td><td class="n">${l.total}</td>` +
        `<td class="n">${l.met}</td><td class="n">${l.breached}</td><td class="n">${l.running}</td><td class="n">${percent(l.attainment)}</td></tr>`,
    )
    .join('\n');
  return `<table><thead><tr><th>Plan</th><th>Priority</th><th>Clock</th><th class="n">Cycles</th><th class="n">Met</th><th class="n">Breached</th><th class="n">Running</th><th class="n">Attainment</th></tr></thead><tbody>
${rows}
</tbody></table>`;
}

/**
 * The statement as a document a customer can be sent: one self-contained HTML page (no external
 * stylesheet, font or script), laid out for the browser's print to PDF.
 */
export function statementHtml(s: StatementDto): string {
  const breaches = s.breaches.length
    ? `<table><thead><tr><th>Ticket</th><th>Subject</th><th>Priority</th><th>Clock</th><th>Due</th><th>Met / stopped</th><th class="n">Late (business time)</th></tr></thead><tbody>
${s.breaches
  .map(
    (b) =>
      `<tr><td class="id">${escape(b.ticketId)}</td><td>${escape(b.subject)}</td><td>${escape(b.priority)}</td><td>${escape(b.clock)}${b.cycle > 1 ? ` #${b.cycle}` : ''}</td>` +
      `<td>${escape(b.dueAt)}</td><td>${b.open ? '<strong>still open</strong>' : escape(b.stoppedAt)}</td><td class="n">${duration(b.lateBusinessMs)}</td></tr>`,
  )
  .join('\n')}
</tbody></table>`
    : '<p class="none">No committed deadline was missed this month.</p>';
  const quota = s.incidents.quota === null ? 'no monthly quota' : `of ${s.incidents.quota} included`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>SLA statement — ${escape(s.organisation)} — ${escape(s.month)}</title>
<style>
  body { font: 11pt/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
  h1 { font-size: 18pt; margin: 0 0 .25rem; } h2 { font-size: 13pt; margin: 1.5rem 0 .5rem; border-bottom: 1px solid #999; }
  .meta { color: #444; margin: 0 0 1rem; }
  table { border-collapse: collapse; width: 100%; } th, td { border-bottom: 1px solid #ddd; padding: .25rem .4rem; text-align: left; vertical-align: top; }
  th { background: #f2f2f2; } .n { text-align: right; font-variant-numeric: tabular-nums; } .id { font-family: ui-monospace, monospace; font-size: 9pt; }
  .none { color: #444; font-style: italic; }
  @page { size: A4; margin: 15mm; }
  @media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; } tr { break-inside: avoid; } thead { display: table-header-group; } }
</style>
</head>
<body>
<h1>SLA statement: ${escape(s.organisation)}</h1>
<p class="meta">${escape(s.month)} (${escape(s.zone)}): from ${escape(s.from)} to ${escape(s.to)}</p>
<h2>Committed service levels</h2>
${linesTable(s.committed)}
<h2>Breaches</h2>
${breaches}
<h2>Incidents</h2>
<p>${s.incidents.used} used, ${quota}${s.incidents.overQuota ? `; ${s.incidents.overQuota} over the quota (handled best effort)` : ''}.</p>
<h2>Best-effort service levels</h2>
${linesTable(s.bestEffort)}
</body>
</html>
`;
}
