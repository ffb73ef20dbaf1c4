import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError } from './api/client';
import { AuditLogView } from './views/AuditLogView';
import { BuyOrderView } from './views/BuyOrderView';
import { BuyView } from './views/BuyView';
import { ImportView } from './views/ImportView';
import { NumberView } from './views/NumberView';
import { NumbersView } from './views/NumbersView';
import { OperatorShell } from './views/OperatorShell';
import { OrdersRoutes } from './views/OrdersView';
import { SignIn } from './views/SignIn';
import { WebhooksRoutes } from './views/WebhooksView';
import { Notice } from './components/Notice';
import { followLink, useLocation } from './router';
import { can, signIn, signOut, storedKey, type OperatorSession, type Session, type SignedIn } from './session';

type State =
  | { phase: 'checking' }
  | { phase: 'signed-out'; reason?: string }
  | { phase: 'signed-in'; session: Session }
  | { phase: 'operator'; operator: OperatorSession };

const signedIn = (who: SignedIn): State => (who.kind === 'key' ? { phase: 'signed-in', session: who.session } : { phase: 'operator', operator: who.operator });

export function App() {
  const [state, setState] = useState<State>(() => (storedKey() ? { phase: 'checking' } : { phase: 'signed-out' }));

  useEffect(() => {
    const key = storedKey();
    if (!key) return;
    signIn(key).then(
      (who) => setState(signedIn(who)),
      (error: unknown) => {
        signOut();
        const expired = error instanceof ApiError && error.problem.status === 401;
        setState({ phase: 'signed-out', ...(expired ? { reason: 'The key of this session no longer works. Sign in again.' } : {}) });
      },
    );
  }, []);

  if (state.phase === 'checking') return <p class="loading" role="status">Signing in…</p>;
  if (state.phase === 'signed-out') return <SignIn reason={state.reason} onSignedIn={(who) => setState(signedIn(who))} />;
  const leave = () => {
    signOut();
    setState({ phase: 'signed-out' });
  };
  // The operator and an organization's key never share a view: each has its own shell.
  if (state.phase === 'operator') return <OperatorShell operator={state.operator} onSignOut={leave} />;
  return <Shell session={state.session} onSignOut={leave} />;
}

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const numberId = /^\/numbers\/([^/]+)$/.exec(location.path)?.[1];
  const orderId = /^\/buy\/orders\/([^/]+)$/.exec(location.path)?.[1];

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
            {can(session, 'phone_numbers:purchase') && (
              <li>
                <a href="/buy" aria-current={location.path.startsWith('/buy') ? 'page' : undefined}>
                  Buy
                </a>
              </li>
            )}
            {can(session, 'phone_numbers:read') && (
              <li>
                <a href="/orders" aria-current={location.path.startsWith('/orders') ? 'page' : undefined}>
                  Orders
                </a>
              </li>
            )}
            {can(session, 'phone_numbers:write') && (
              <li>
                <a href="/import" aria-current={location.path === '/import' ? 'page' : undefined}>
                  Import
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
            {can(session, 'audit:read') && (
              <li>
                <a href="/audit-log" aria-current={location.path === '/audit-log' ? 'page' : undefined}>
                  Audit log
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
        ) : location.path === '/audit-log' ? (
          <AuditLogView
            source={{ kind: 'organization', api: session.api, readsAudit: can(session, 'audit:read'), readsNumbers: can(session, 'phone_numbers:read') }}
            query={location.query}
          />
        ) : !can(session, 'phone_numbers:read') ? (
          <Notice title="This key cannot read numbers">
            The numbers views need a key with the <code>phone_numbers:read</code> scope. Sign out and sign in with another key.
          </Notice>
        ) : numberId ? (
          <NumberView session={session} id={decodeURIComponent(numberId)} />
        ) : orderId ? (
          <BuyOrderView session={session} id={decodeURIComponent(orderId)} />
        ) : location.path === '/buy' ? (
          <BuyView session={session} query={location.query} />
        ) : location.path === '/import' ? (
          <ImportView session={session} />
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
