import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { Notice } from '../components/Notice';
import { when } from '../format';
import { navigate, type Location } from '../router';
import { can, type Session } from '../session';
import { PagedTable, usePage, type PagedList } from './paged-list';
import { WebhookView } from './WebhookView';
import { EndpointForm, type EndpointFields } from './webhook-endpoint-form';
import { describePattern } from './webhook-event-types';
import { EndpointStatus } from './webhook-status';
import type { EndpointWithSecret, WebhookEndpoint } from './webhooks-api';
import { Dialog } from '../components/Dialog';
import { OnceSecret } from './webhook-secret';

const ENDPOINTS: PagedList = {
  path: '/webhooks',
  sizes: [25, 50, 100],
  label: 'Endpoints',
  empty: 'No webhook endpoints yet',
  end: 'No more endpoints',
};

/** /webhooks and /webhooks/<id>, for a key that may read webhooks. */
export function WebhooksRoutes({ session, location }: { session: Session; location: Location }) {
  const id = /^\/webhooks\/([^/]+)$/.exec(location.path)?.[1];
  if (!can(session, 'webhooks:read')) {
    return (
      <section>
        <h1 tabIndex={-1}>Webhooks</h1>
        <Notice title="This key cannot read webhooks">
          <p>
            Webhook endpoints need a key with the <code>webhooks:read</code> scope (and <code>webhooks:write</code> to change them). Sign out and
            sign in with another key.
          </p>
        </Notice>
      </section>
    );
  }
  return id ? <WebhookView session={session} id={decodeURIComponent(id)} query={location.query} /> : <WebhooksView session={session} query={location.query} />;
}

/** The organization's webhook endpoints, newest first, and a new one. */
function WebhooksView({ session, query }: { session: Session; query: URLSearchParams }) {
  const [page, retry] = usePage(query, ENDPOINTS.sizes, (request) => unwrap(session.api.GET('/v1/webhook-endpoints', { params: { query: request } })));
  const [creating, setCreating] = useState(false);
  const writes = can(session, 'webhooks:write');

  return (
    <section aria-labelledby="webhooks-title">
      <div class="view-head">
        <div>
          <h1 id="webhooks-title" tabIndex={-1}>
            Webhooks
          </h1>
          <p class="subtitle">Endpoints Dialtone POSTs its events to, signed, with every attempt logged.</p>
        </div>
        {writes && (
          <button type="button" class="button primary" onClick={() => setCreating(true)}>
            Add endpoint
          </button>
        )}
      </div>
      <PagedTable list={ENDPOINTS} query={query} page={page} onRetry={retry} table={(endpoints) => <EndpointsTable endpoints={endpoints} />}>
        {writes
          ? 'Add an endpoint to have Dialtone POST its events (numbers bought, changed, released; orders; bulk jobs) to your server.'
          : 'This key cannot add endpoints (it lacks webhooks:write): ask for a key that can.'}
      </PagedTable>
      {creating && <CreateEndpoint session={session} onClose={() => setCreating(false)} />}
    </section>
  );
}

function EndpointsTable({ endpoints }: { endpoints: WebhookEndpoint[] }) {
  return (
    <table class="numbers endpoints">
      <caption class="visually-hidden">Webhook endpoints, {endpoints.length} on this page</caption>
      <thead>
        <tr>
          <th scope="col">URL</th>
          <th scope="col">Description</th>
          <th scope="col">Events</th>
          <th scope="col">Status</th>
          <th scope="col">Added</th>
        </tr>
      </thead>
      <tbody>
        {endpoints.map((endpoint) => (
          <tr key={endpoint.id}>
            <th scope="row" class="wrap">
              <a href={`/webhooks/${endpoint.id}`}>{endpoint.url}</a>
            </th>
            <td>{endpoint.description ?? <span class="muted">—</span>}</td>
            <td class="wrap">{endpoint.event_types.map(describePattern).join(', ')}</td>
            <td>
              <EndpointStatus endpoint={endpoint} />
            </td>
            <td>{when(endpoint.created_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const NEW_ENDPOINT: EndpointFields = { url: '', description: '', event_types: [], enabled: true };

/** The form, then the signing secret, shown once; closing it opens the new endpoint. */
function CreateEndpoint({ session, onClose }: { session: Session; onClose: () => void }) {
  const [created, setCreated] = useState<EndpointWithSecret | null>(null);
  const create = async (fields: EndpointFields) => {
    const body = { url: fields.url, event_types: fields.event_types, enabled: fields.enabled, ...(fields.description ? { description: fields.description } : {}) };
    setCreated(await unwrap(session.api.POST('/v1/webhook-endpoints', { body })));
  };
  const done = () => {
    onClose();
    if (created) navigate(`/webhooks/${created.id}`);
  };
  return (
    <Dialog title={created ? 'Endpoint added' : 'Add a webhook endpoint'} onClose={done} wide={!created}>
      {created ? (
        <>
          <p>
            Events go to <code>{created.url}</code>
            {created.enabled ? '' : ' once you enable it'}.
          </p>
          <OnceSecret secret={created.secret} label="Signing secret" />
          <div class="dialog-actions">
            <button type="button" class="button primary" onClick={done}>
              I have stored the secret
            </button>
          </div>
        </>
      ) : (
        <EndpointForm initial={NEW_ENDPOINT} submitLabel="Add endpoint" withEnabled onSubmit={create} />
      )}
    </Dialog>
  );
}
