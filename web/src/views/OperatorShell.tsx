import { useEffect, useRef } from 'preact/hooks';
import { followLink, useLocation } from '../router';
import type { OperatorSession } from '../session';
import { AuditLogView } from './AuditLogView';
import { OrganizationsView } from './OrganizationsView';
import { OrganizationView } from './OrganizationView';

/**
 * The console as the operator sees it: organizations, their API keys, and every organization's
 * audit log. None of an organization's views (numbers, orders, ...) is here: the operator token
 * acts on no organization's numbers, and a key of an organization never reaches these views.
 */
export function OperatorShell({ operator, onSignOut }: { operator: OperatorSession; onSignOut: () => void }) {
  const location = useLocation();
  const main = useRef<HTMLElement>(null);
  const organizationId = /^\/organizations\/([^/]+)$/.exec(location.path)?.[1];
  const onOrganizations = location.path === '/' || location.path.startsWith('/organizations');

  // A new view: the focus moves to its heading, so a screen reader announces where the user is.
  useEffect(() => {
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [location.path]);

  return (
    <div class="shell operator" onClick={(event) => followLink(event)}>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <a class="brand" href="/organizations">
          <span class="brand-mark" aria-hidden="true" />
          Dialtone
        </a>
        <nav aria-label="Operator console">
          <ul>
            <li>
              <a href="/organizations" aria-current={onOrganizations ? 'page' : undefined}>
                Organizations
              </a>
            </li>
            <li>
              <a href="/audit-log" aria-current={location.path === '/audit-log' ? 'page' : undefined}>
                Audit log
              </a>
            </li>
          </ul>
        </nav>
        <div class="who">
          <span class="badge info">Operator</span>
          <span>Signed in with the operator token</span>
          <button type="button" class="button quiet" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={main}>
        {organizationId ? (
          <OrganizationView operator={operator} id={decodeURIComponent(organizationId)} query={location.query} />
        ) : location.path === '/' || location.path === '/organizations' ? (
          <OrganizationsView operator={operator} query={location.query} />
        ) : location.path === '/audit-log' ? (
          <AuditLogView source={{ kind: 'operator', api: operator.api }} query={location.query} />
        ) : (
          <section>
            <h1 tabIndex={-1}>Not an operator page</h1>
            <p>
              Nothing of the operator lives at <code>{location.path}</code>. An organization's numbers and other views open with one of its
              API keys: sign out and sign in with it. <a href="/organizations">Go to the organizations</a>.
            </p>
          </section>
        )}
      </main>
    </div>
  );
}
