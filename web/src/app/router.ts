import { useEffect, useState } from 'preact/hooks';

/**
 * Routes live in the URL's fragment (`#/board?priority=P1`): the API serves the page at `/` only,
 * so no page path can shadow an API route, and a view with its filters is a link to share.
 */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#/, '') || '/board';
  const [path, search = ''] = hash.split('?', 2);
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const changed = () => setRoute(current());
    addEventListener('hashchange', changed);
    return () => removeEventListener('hashchange', changed);
  }, []);
  return route;
}

export function href(path: string, params?: URLSearchParams | Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  if (params instanceof URLSearchParams) params.forEach((value, name) => search.set(name, value));
  else if (params) for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return `#${path}${text ? `?${text}` : ''}`;
}

/** Replaces the fragment's parameters without a new history entry per keystroke. */
export function replaceParams(path: string, params: URLSearchParams): void {
  history.replaceState(null, '', href(path, params));
  dispatchEvent(new HashChangeEvent('hashchange'));
}
