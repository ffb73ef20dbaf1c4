import { ConsoleShell } from '../components/ConsoleShell';
import { useLocation } from '../router';
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
  const organizationId = /^\/organizations\/([^/]+)$/.exec(location.path)?.[1];
  const links = [
    { href: '/organizations', label: 'Organizations', current: location.path === '/' || location.path.startsWith('/organizations') },
    { href: '/audit-log', label: 'Audit log', current: location.path === '/audit-log' },
  ];

  return (
    <ConsoleShell
      operator
      path={location.path}
      home="/organizations"
      label="Operator console"
      links={links}
      who={
        <>
          <span class="badge info">Operator</span>
          <span>Signed in with the operator token</span>
        </>
      }
      onSignOut={onSignOut}
    >
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
            Nothing of the operator lives at <code>{location.path}</code>. An organization's numbers and other views open with one of its API
            keys: sign out and sign in with it. <a href="/organizations">Go to the organizations</a>.
          </p>
        </section>
      )}
    </ConsoleShell>
  );
}
