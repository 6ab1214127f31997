import type { Calendar } from '../../../workflows/calendar';
import type { ClockState, TicketEvent } from '../api/types';
import { localTime } from '../app/format';
import { clockStretches, outOfHours } from './stretches';

interface TimelineProps {
  clock: ClockState;
  events: readonly TicketEvent[];
  calendar: Calendar | undefined;
  from: number;
  to: number;
  now: number;
}

const width = 1000;
const height = 46;
const barY = 14;
const barHeight = 18;

const stretchWords = { running: 'running', paused: 'paused (awaiting the customer)', late: 'running late (breached)' } as const;

/**
 * One clock over the ticket's life, drawn in SVG: running, paused and late stretches, out-of-hours
 * shading (business-time clocks), warning and breach marks, the due line and now. Every mark has a
 * title and the list below the drawing says the same in words.
 */
export function ClockTimeline({ clock, events, calendar, from, to, now }: TimelineProps) {
  const x = (ms: number) => ((Math.min(Math.max(ms, from), to) - from) / (to - from)) * width;
  const stretches = clockStretches(events, clock.clock, now);
  const closed = outOfHours(calendar, from, to);
  const due = clock.dueAt ? Date.parse(clock.dueAt) : null;
  return (
    <figure class="timeline" data-clock={clock.clock}>
      <figcaption>
        <strong>{clock.clock}</strong> · {clock.target ?? 'no target'} · {clock.commitment ?? ''} · now <em>{clock.status}</em>
        {clock.breachCount > 0 && <span class="standing-breached"> · ✖ {clock.breachCount} breach(es)</span>}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} preserveAspectRatio="none" role="img" aria-label={`Timeline of the ${clock.clock} clock`}>
        <rect x="0" y={barY} width={width} height={barHeight} class="tl-track" />
        {closed.map((c) => (
          <rect key={`c${c.from}`} x={x(c.from)} y={barY} width={Math.max(1, x(c.to) - x(c.from))} height={barHeight} class="tl-closed">
            <title>out of hours {`${localTime(new Date(c.from).toISOString())} – ${localTime(new Date(c.to).toISOString())}`}</title>
          </rect>
        ))}
        {stretches.map((s) => (
          <rect
            key={`s${s.from}`}
            x={x(s.from)}
            y={barY + 3}
            width={Math.max(1, x(s.to) - x(s.from))}
            height={barHeight - 6}
            class={`tl-${s.kind}`}
            data-kind={s.kind}
          >
            <title>{`${stretchWords[s.kind]} ${localTime(new Date(s.from).toISOString())} – ${localTime(new Date(s.to).toISOString())}`}</title>
          </rect>
        ))}
        {clock.warnings.map((w) => (
          <path key={`w${w.at}`} d={`M${x(Date.parse(w.at))} ${barY - 1} l-6 -10 h12 z`} class="tl-warning" data-mark="warning">
            <title>{`warning at ${Math.round(w.threshold * 100)}%: ${localTime(w.at)}`}</title>
          </path>
        ))}
        {clock.breaches.map((b) => (
          <path key={`b${b.at}`} d={`M${x(Date.parse(b.at)) - 5} ${barY + barHeight + 2} l10 10 m0 -10 l-10 10`} class="tl-breach" data-mark="breach">
            <title>{`breached: due ${localTime(b.dueAt)}, recorded ${localTime(b.at)}`}</title>
          </path>
        ))}
        {due !== null && (
          <line x1={x(due)} x2={x(due)} y1="2" y2={height - 2} class="tl-due" data-mark="due">
            <title>{`due ${localTime(clock.dueAt)}`}</title>
          </line>
        )}
        <line x1={x(now)} x2={x(now)} y1="0" y2={height} class="tl-now" data-mark="now">
          <title>now</title>
        </line>
      </svg>
      <ul class="tl-words">
        {stretches.map((s) => (
          <li key={`l${s.from}`} data-kind={s.kind}>
            {stretchWords[s.kind]}: {localTime(new Date(s.from).toISOString())} – {localTime(new Date(s.to).toISOString())}
          </li>
        ))}
        {clock.warnings.map((w) => (
          <li key={`lw${w.at}`}>
            ▲ warning ({Math.round(w.threshold * 100)}%) at {localTime(w.at)}
          </li>
        ))}
        {clock.breaches.map((b) => (
          <li key={`lb${b.at}`}>
            ✖ breached at {localTime(b.at)} (due {localTime(b.dueAt)})
          </li>
        ))}
        {due !== null && <li>┆ due {localTime(clock.dueAt)}</li>}
      </ul>
    </figure>
  );
}
