// The API key lives in sessionStorage only: it is gone when the tab closes, never in a URL, a
// cookie or a log. Every request sends it as the bearer token.
const storageKey = 'slaflow.apiKey';

export function storedKey(): string | null {
  return sessionStorage.getItem(storageKey);
}

export function storeKey(key: string): void {
  sessionStorage.setItem(storageKey, key);
}

export function forgetKey(): void {
  sessionStorage.removeItem(storageKey);
}
