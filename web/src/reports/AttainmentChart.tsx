import type { ReportRow } from '../api/types';
import { percent } from '../app/format';

/**
 * Attainment per row as bars (SVG), the percentage written on each; a bar is a button that opens
 * the breaches behind it. Rows without attainment (nothing settled yet) show an empty bar marked "—".
 */
export function AttainmentChart({ rows, groupBy, onSelect }: { rows: ReportRow[]; groupBy: string; onSelect: (row: ReportRow) => void }) {
  const barWidth = 56;
  const gap = 14;
  const height = 200;
  const width = Math.max(300, rows.length * (barWidth + gap) + gap);
  return (
    <div class="chart" role="group" aria-label={`Attainment by ${groupBy}`}>
      <svg viewBox={`0 0 ${width} ${height + 40}`} width="100%" height={height + 40} preserveAspectRatio="xMinYMin meet">
        {[0, 0.5, 1].map((level) => (
          <line key={level} x1="0" x2={width} y1={height - level * height + 10} y2={height - level * height + 10} class="grid" />
        ))}
        {rows.map((row, index) => {
          const key = String(row[groupBy]);
          const value = row.attainment ?? 0;
          const x = gap + index * (barWidth + gap);
          const h = value * (height - 10);
          return (
            <g
              key={key}
              class={`bar ${row.attainment === null ? 'bar-none' : value < 0.9 ? 'bar-low' : 'bar-ok'}`}
              tabIndex={0}
              role="button"
              aria-label={`${key}: attainment ${percent(row.attainment)}, ${row.breached} breached of ${row.total}`}
              onClick={() => onSelect(row)}
              onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), onSelect(row))}
            >
              <rect x={x} y={height + 10 - h} width={barWidth} height={Math.max(h, 1)} />
              <text x={x + barWidth / 2} y={height + 4 - h} text-anchor="middle" class="bar-value">
                {percent(row.attainment)}
              </text>
              <text x={x + barWidth / 2} y={height + 28} text-anchor="middle" class="bar-key">
                {key.length > 10 ? `${key.slice(0, 9)}…` : key}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
