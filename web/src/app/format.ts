// How times and durations read on every page: instants in the viewer's zone (the policy's zone on
// hover), durations in the largest two units.

// Seconds shown: a deadline minutes away, or an audit trail of one busy minute, reads in order.
const viewerFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function localTime(iso: string | null): string {
  return iso ? viewerFormat.format(new Date(iso)) : '—';
}

/** The instant in another zone, for a title attribute: "Europe/Rome: 10 Feb 2026, 13:00". */
// Making a formatter costs far more than using one: one per zone, kept (the board formats thousands).
const zoneFormats = new Map<string, Intl.DateTimeFormat>();

export function zoneTime(iso: string | null, zone: string | null | undefined): string | undefined {
  if (!iso || !zone) return undefined;
  let format = zoneFormats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
    zoneFormats.set(zone, format);
  }
  return `${zone}: ${format.format(new Date(iso))}`;
}

/** 3 d 4 h, 2 h 15 m, 4 m 10 s, 12 s. */
export function duration(ms: number): string {
  const seconds = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  if (d > 0) return `${d} d ${h} h`;
  if (h > 0) return `${h} h ${m} m`;
  if (m > 0) return `${m} m ${s} s`;
  return `${s} s`;
}

export function percent(fraction: number | null): string {
  return fraction === null ? '—' : `${(fraction * 100).toFixed(1)}%`;
}
