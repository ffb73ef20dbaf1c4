import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api/client';
import { NumberView } from './views/NumberView';
import { NumbersView } from './views/NumbersView';
import { OrdersRoutes } from './views/OrdersView';
import { SignIn } from './views/SignIn';
import { WebhooksRoutes } from './views/WebhooksView';
import { Notice } from './components/Notice';
import { followLink, useLocation } from './router';
import { can, signIn, signOut, storedKey, type Session } from './session';

type State = { phase: 'checking' } | { phase: 'signed-out'; reason?: string } | { phase: 'signed-in'; session: Session };

export function App() {
  const [state, setState] = useState<State>(() => (storedKey() ? { phase: 'checking' } : { phase: 'signed-out' }));

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key).then(
      (session) => setState({ phase: 'signed-in', session }),
      (error: unknown) => {
        signOut();
        const expired = error instanceof ApiError && error.problem.status === 401;
        setState({ phase: 'signed-out', ...(expired ? { reason: 'The key of this session no longer works. Sign in again.' } : {}) });
      },
    );
  }, []);

  if (state.phase === 'checking') return <p class="loading" role="status">Signing in…</p>;
  if (state.phase === 'signed-out') return <SignIn reason={state.reason} onSignedIn={(session) => setState({ phase: 'signed-in', session })} />;
  const leave = () => {
    signOut();
    setState({ phase: 'signed-out' });
  };
  return <Shell session={state.session} onSignOut={leave} />;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const numberId = /^\/numbers\/([^/]+)$/.exec(location.path)?.[1];

  // A new view: the focus moves to its heading, so a screen reader announces where the user is.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.path]);

  return (
    <div class="shell" onClick={(event) => followLink(event)}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/numbers">
          <span class="brand-mark" aria-hidden="true" />
          Dialtone
        </a>
        <nav aria-label="Console">
          <ul>
            <li>
              <a href="/numbers" aria-current={location.path === '/' || location.path.startsWith('/numbers') ? 'page' : undefined}>
                Numbers
              </a>
            </li>
            {can(session, 'phone_numbers:read') && (
              <li>
                <a href="/orders" aria-current={location.path.startsWith('/orders') ? 'page' : undefined}>
                  Orders
                </a>
              </li>
            )}
            {can(session, 'webhooks:read') && (
              <li>
                <a href="/webhooks" aria-current={location.path.startsWith('/webhooks') ? 'page' : undefined}>
                  Webhooks
                </a>
              </li>
            )}
          </ul>
        </nav>
        <div class="who">
          <span>
            Key <code>{session.key.prefix}…</code>
          </span>
          <button type="button" class="button quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {/^\/orders(\/|$)/.test(location.path) ? (
          <OrdersRoutes session={session} location={location} />
        ) : /^\/webhooks(\/|$)/.test(location.path) ? (
          <WebhooksRoutes session={session} location={location} />
        ) : !can(session, 'phone_numbers:read') ? (
          <Notice title="This key cannot read numbers">
            The numbers views need a key with the <code>phone_numbers:read</code> scope. Sign out and sign in with another key.
          </Notice>
        ) : numberId ? (
          <NumberView session={session} id={decodeURIComponent(numberId)} />
        ) : location.path === '/' || location.path === '/numbers' ? (
          <NumbersView session={session} query={location.query} />
        ) : (
          <section>
            <h1 tabIndex={-1}>Page not found</h1>
            <p>
              Nothing lives at <code>{location.path}</code>. <a href="/numbers">Go to the numbers</a>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
