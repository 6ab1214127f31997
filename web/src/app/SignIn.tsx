import { useState } from 'preact/hooks';
import { apiJson, explain } from '../api/client';
import type { Session } from '../api/types';

/** Sign-in with an API key: checked against the API (`GET /board/session`) before it is kept. */
export function SignIn({ onSignedIn, notice }: { onSignedIn: (key: string, session: Session) => void; notice?: string }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const session = await apiJson<Session>('/board/session', { key: key.trim() });
      onSignedIn(key.trim(), session);
    } catch (failure) {
      setError(explain(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main class="signin">
      <h1>slaflow SLA board</h1>
      {notice && (
        <p class="notice" role="status">
          {notice}
        </p>
      )}
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autocomplete="off"
          required
          value={key}
          onInput={(e) => setKey((e.target as HTMLInputElement).value)}
        />
        <p class="hint">Kept for this browser tab only and sent as the bearer token. Ask operations for a key (POST /api-keys).</p>
        <button type="submit" disabled={busy || key.trim() === ''}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
