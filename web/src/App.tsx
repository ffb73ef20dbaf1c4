import { useEffect, useState } from 'preact/hooks';
import { ApiError, type Scope } from './api/client';
import { AuditLogView } from './views/AuditLogView';
import { BuyView } from './views/BuyView';
import { ImportView } from './views/ImportView';
import { NumberView } from './views/NumberView';
import { NumbersView } from './views/NumbersView';
import { OperatorShell } from './views/OperatorShell';
import { OrdersRoutes } from './views/OrdersView';
import { SignIn } from './views/SignIn';
import { WebhooksRoutes } from './views/WebhooksView';
import { ConsoleShell } from './components/ConsoleShell';
import { Notice } from './components/Notice';
import { navigate, useLocation, type Location } from './router';
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

/** The organization's views, each link shown to a key with the scope its view needs. */
const NAV: readonly { href: string; label: string; scope?: Scope; current: (path: string) => boolean }[] = [
  { href: '/numbers', label: 'Numbers', current: (path) => path === '/' || path.startsWith('/numbers') },
  { href: '/buy', label: 'Buy', scope: 'phone_numbers:purchase', current: (path) => path.startsWith('/buy') },
  { href: '/orders', label: 'Orders', scope: 'phone_numbers:read', current: (path) => path.startsWith('/orders') },
  { href: '/import', label: 'Import', scope: 'phone_numbers:write', current: (path) => path === '/import' },
  { href: '/webhooks', label: 'Webhooks', scope: 'webhooks:read', current: (path) => path.startsWith('/webhooks') },
  { href: '/audit-log', label: 'Audit log', scope: 'audit:read', current: (path) => path === '/audit-log' },
];

function Shell({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const location = useLocation();
  const links = NAV.filter((link) => !link.scope || can(session, link.scope)).map((link) => ({ ...link, current: link.current(location.path) }));
  return (
    <ConsoleShell
      path={location.path}
      home="/numbers"
      label="Console"
      links={links}
      who={
        <span>
          Key <code>{session.key.prefix}…</code>
        </span>
      }
      onSignOut={onSignOut}
    >
      <View session={session} location={location} />
    </ConsoleShell>
  );
}

function View({ session, location }: { session: Session; location: Location }) {
  const numberId = /^\/numbers\/([^/]+)$/.exec(location.path)?.[1];
  // An order had a page of its own under /buy once: links to it still lead to the order.
  const movedOrderId = /^\/buy\/orders\/([^/]+)$/.exec(location.path)?.[1];
  if (movedOrderId) return <Redirect to={`/orders/${movedOrderId}`} />;
  if (/^\/orders(\/|$)/.test(location.path)) return <OrdersRoutes session={session} location={location} />;
  if (/^\/webhooks(\/|$)/.test(location.path)) return <WebhooksRoutes session={session} location={location} />;
  if (location.path === '/audit-log') {
    return (
      <AuditLogView
        source={{ kind: 'organization', api: session.api, readsAudit: can(session, 'audit:read'), readsNumbers: can(session, 'phone_numbers:read') }}
        query={location.query}
      />
    );
  }
  if (!can(session, 'phone_numbers:read')) {
    return (
      <Notice title="This key cannot read numbers">
        The numbers views need a key with the <code>phone_numbers:read</code> scope. Sign out and sign in with another key.
      </Notice>
    );
  }
  if (numberId) return <NumberView session={session} id={decodeURIComponent(numberId)} />;
  if (location.path === '/buy') return <BuyView session={session} query={location.query} />;
  if (location.path === '/import') return <ImportView session={session} />;
  if (location.path === '/' || location.path === '/numbers') return <NumbersView session={session} query={location.query} />;
  return (
    <section>
      <h1 tabIndex={-1}>Page not found</h1>
      <p>
        Nothing lives at <code>{location.path}</code>. <a href="/numbers">Go to the numbers</a>.
      </p>
    </section>
  );
}

/** Replaces the URL with another, in place: the history keeps one entry, not the old address. */
function Redirect({ to }: { to: string }) {
  useEffect(() => navigate(to, { replace: true }), [to]);
  return null;
}
