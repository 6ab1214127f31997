import type { Standing } from '../../../workflows/ticket/clock-standing';

/** Each standing has a word and an icon as well as a colour: colour is never the only signal. */
export const standingLabel: Record<Standing, { icon: string; word: string }> = {
  breached: { icon: '✖', word: 'Breached' },
  'at-risk': { icon: '▲', word: 'At risk' },
  running: { icon: '●', word: 'Running' },
  paused: { icon: '❚❚', word: 'Paused' },
  met: { icon: '✔', word: 'Met' },
  idle: { icon: '○', word: 'Not running' },
};

export function StandingBadge({ standing }: { standing: Standing }) {
  const { icon, word } = standingLabel[standing];
  return (
    <span class={`badge standing-${standing}`} data-standing={standing}>
      <span aria-hidden="true">{icon}</span> {word}
    </span>
  );
}
