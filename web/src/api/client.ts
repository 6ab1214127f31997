import { storedKey } from './session';

/** An answer other than 2xx, or no answer at all (`status` 0: the API is unreachable). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** What to tell people for an error, and what they can do about it. */
export function explain(error: unknown): string {
  if (!(error instanceof ApiError)) return String((error as Error)?.message ?? error);
  switch (error.status) {
    case 0:
      return 'The API cannot be reached. Check that slaflow is running (npm start) and that this page comes from it; this page retries by itself.';
    case 401:
      return 'Your API key is not accepted (unknown, revoked or expired). Sign out and sign in with a valid key.';
    case 403:
      return `Your key may not see this: ${error.message}`;
    case 503:
      return `slaflow is partly down (${error.message}). It will work again once that is back; try again in a few seconds.`;
    default:
      return error.message;
  }
}

/** Listeners told when any request answers 401 (the key stopped working): the app signs out. */
const unauthorisedListeners = new Set<() => void>();
export function onUnauthorised(listener: () => void): () => void {
  unauthorisedListeners.add(listener);
  return () => unauthorisedListeners.delete(listener);
}

export async function apiFetch(path: string, init: RequestInit & { key?: string } = {}): Promise<Response> {
  const key = init.key ?? storedKey();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new ApiError(0, 'the API is unreachable');
  }
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    let details: unknown;
    try {
      const body = (await response.json()) as { message?: string; details?: unknown };
      if (body.message) message = body.message;
      details = body.details;
    } catch {
      // Not JSON: the status line says it.
    }
    if (response.status === 401 && !init.key) for (const listener of unauthorisedListeners) listener();
    throw new ApiError(response.status, message, details);
  }
  return response;
}

export async function apiJson<T>(path: string, init: RequestInit & { key?: string } = {}): Promise<T> {
  const response = await apiFetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) } });
  return (await response.json()) as T;
}

export async function apiPost<T>(path: string, body?: unknown): Promise<T> {
  return apiJson<T>(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
}

/** Query string from the set values only. */
export function query(params: Record<string, string | undefined>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value) search.set(name, value);
  const text = search.toString();
  return text ? `?${text}` : '';
}
