import { useState } from 'preact/hooks';
import { ApiError } from '../api/client';
import { FieldError } from '../components/Notice';
import { signIn, type SignedIn } from '../session';

/**
 * Sign-in with an API key or the operator token: the API tells which it is. The page's URL stays
 * as it is, so the view asked for opens next.
 */
export function SignIn({ reason, onSignedIn }: { reason?: string | undefined; onSignedIn: (who: SignedIn) => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(reason ?? null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await signIn(key.trim()));
    } catch (failure) {
      const status = failure instanceof ApiError ? failure.problem.status : 0;
      setError(
        status === 401
          ? 'Dialtone does not know this key, or it was revoked, and it is not the operator token of this server. Check it and try again.'
          : (failure as Error).message,
      );
      setBusy(false);
    }
  };

  return (
    <main id="main" class="sign-in">
      <form class="card" onSubmit={submit} aria-describedby="sign-in-help">
        <h1>
          <span class="brand-mark" aria-hidden="true" /> Dialtone console
        </h1>
        <p id="sign-in-help" class="muted">
          Sign in with an API key of your organization: what its scopes allow decides what you can do here. The operator of this server
          signs in with its operator token to manage organizations and their keys. Either is kept in this tab only, until you close it or
          sign out.
        </p>
        <label for="api-key">API key or operator token</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          spellcheck={false}
          required
          placeholder="dt_…"
          value={key}
          aria-invalid={error ? 'true' : undefined}
          aria-errormessage={error ? 'sign-in-error' : undefined}
          onInput={(event) => setKey(event.currentTarget.value)}
        />
        <FieldError id="sign-in-error" message={error} />
        <button type="submit" class="button primary" disabled={busy || !key.trim()}>
          {busy ? 'Checking with Dialtone…' : 'Sign in'}
        </button>
        <p class="muted small">
          On a fresh database, <code>npm start</code> prints a demo key. API reference: <a href="/docs">/docs</a>.
        </p>
      </form>
    </main>
  );
}
