import { fetchEventSource } from '@microsoft/fetch-event-source';
import { storedKey } from './session';

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

/** Reconnects after 1 s, doubling to 30 s; a stream that opened resets the delay. */
const backoff = { firstMs: 1_000, maxMs: 30_000 };

/**
 * The board's live stream (`GET /board/events`), read with fetch so the key goes in the
 * Authorization header (EventSource cannot send one, and the key never goes in a URL). `onChange`
 * is called for every ticket change, and with null after a reconnection (changes may have been
 * missed) or when the server says so. Returns a function that stops it.
 */
export function watchTicketChanges(onChange: (ticketId: string | null) => void, onStatus: (status: LiveStatus) => void): () => void {
  const stop = new AbortController();
  let delay = backoff.firstMs;
  let opened = false;
  onStatus('connecting');
  void fetchEventSource('/board/events', {
    headers: { authorization: `Bearer ${storedKey() ?? ''}` },
    signal: stop.signal,
    // A hidden tab keeps listening: a support lead's board in a background tab is still current when looked at.
    openWhenHidden: true,
    async onopen(response) {
      if (!response.ok) throw new Error(`the event stream answered ${response.status}`);
      delay = backoff.firstMs;
      onStatus('live');
      // After a reconnection changes may have been missed: load again. The first opening needs no reload.
      if (opened) onChange(null);
      opened = true;
    },
    onmessage(message) {
      if (message.event === 'ticket') onChange((JSON.parse(message.data) as { ticketId: string }).ticketId);
      else if (message.event === 'resync') onChange(null);
    },
    onclose() {
      // The server never ends the stream: a close is a connection lost. Throwing hands it to onerror.
      throw new Error('the event stream closed');
    },
    onerror() {
      if (stop.signal.aborted) throw new Error('stopped');
      onStatus('reconnecting');
      const wait = delay;
      delay = Math.min(delay * 2, backoff.maxMs);
      return wait;
    },
  }).catch(() => undefined);
  return () => stop.abort();
}
