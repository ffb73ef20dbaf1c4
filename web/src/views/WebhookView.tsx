import { useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { DetailRow } from '../components/DetailRow';
import { NotLoaded } from '../components/NotLoaded';
import { Notice } from '../components/Notice';
import { when } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { useHeadingFocus } from './focus-heading';
import { DeliveryLog } from './webhook-deliveries';
import { DeleteEndpoint, DisableEndpoint, EditEndpoint, RecoverEndpoint, RotateSecret } from './webhook-dialogs';
import { describePattern } from './webhook-event-types';
import { problemText } from './webhook-endpoint-form';
import { EndpointStatus } from './webhook-status';
import type { WebhookEndpoint } from './webhooks-api';

type Open = 'edit' | 'disable' | 'rotate' | 'recover' | 'delete' | null;

/** One webhook endpoint: its settings, what can be done to it, and its delivery log. */
export function WebhookView({ session, id, query }: { session: Session; id: string; query: URLSearchParams }) {
  // An action answers with the endpoint as it now is: shown at once, and the log reloads.
  const [changed, setChanged] = useState<WebhookEndpoint | null>(null);
  const [refresh, setRefresh] = useState(0);
  const [open, setOpen] = useState<Open>(null);
  const [status, setStatus] = useState<{ tone: 'ok' | 'error'; text: string } | null>(null);
  const [loaded, retry] = useLoad(id, () => unwrap(session.api.GET('/v1/webhook-endpoints/{id}', { params: { path: { id } } })));
  useHeadingFocus(loaded.state === 'ready');

  if (loaded.state !== 'ready') {
    return (
      <NotLoaded load={loaded} onRetry={retry} title="Webhook endpoint" thing="endpoint">
        It may have been deleted, or belong to another organization. <a href="/webhooks">Back to the webhooks</a>.
      </NotLoaded>
    );
  }

  const endpoint = changed?.id === id ? changed : loaded.value;
  const writes = can(session, 'webhooks:write');
  const close = () => setOpen(null);
  const update = (next: WebhookEndpoint, text: string) => {
    setChanged(next);
    setStatus({ tone: 'ok', text });
    setRefresh((n) => n + 1);
  };
  const act = async (work: () => Promise<string>) => {
    setStatus(null);
    try {
      setStatus({ tone: 'ok', text: await work() });
      setRefresh((n) => n + 1);
    } catch (error) {
      setStatus({ tone: 'error', text: problemText(error) });
    }
  };
  const sendTest = () =>
    act(async () => {
      const sent = await unwrap(session.api.POST('/v1/webhook-endpoints/{id}/test', { params: { path: { id } } }));
      return `Test event ${sent.event_id} sent: its delivery shows in the log below.`;
    });
  const enable = () =>
    act(async () => {
      setChanged(await unwrap(session.api.PATCH('/v1/webhook-endpoints/{id}', { params: { path: { id } }, body: { enabled: true } })));
      return 'Enabled: events are sent to it again.';
    });

  return (
    <article aria-labelledby="endpoint-title" class="endpoint-view">
      <p class="crumbs">
        <a href="/webhooks">Webhooks</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="endpoint-title" tabIndex={-1} class="wrap">
            {endpoint.url}
          </h1>
          <p class="subtitle">
            {endpoint.description ?? <span class="muted">No description</span>} · <EndpointStatus endpoint={endpoint} />
          </p>
        </div>
      </div>
      <EndpointActions endpoint={endpoint} writes={writes} onOpen={setOpen} onSendTest={sendTest} onEnable={enable} />
      <p class={`form-status ${status?.tone ?? ''}`} role="status">
        {status?.text ?? ''}
      </p>
      <EndpointDetails endpoint={endpoint} />
      <DeliveryLog session={session} endpoint={endpoint} query={query} refresh={refresh} onResent={(text) => setStatus({ tone: 'ok', text })} />
      {open === 'edit' && <EditEndpoint session={session} endpoint={endpoint} onClose={close} onSaved={(next) => update(next, 'Saved.')} />}
      {open === 'disable' && <DisableEndpoint session={session} endpoint={endpoint} onClose={close} onDone={(next) => update(next, 'Disabled: nothing is sent to it.')} />}
      {open === 'rotate' && <RotateSecret session={session} endpoint={endpoint} onClose={close} onRotated={(next) => update(next, 'Secret rotated.')} />}
      {open === 'recover' && <RecoverEndpoint session={session} endpoint={endpoint} onClose={close} onDone={update} />}
      {open === 'delete' && <DeleteEndpoint session={session} endpoint={endpoint} onClose={close} />}
    </article>
  );
}

function EndpointDetails({ endpoint }: { endpoint: WebhookEndpoint }) {
  return (
    <section class="card endpoint-details" aria-labelledby="endpoint-details-title">
      <h2 id="endpoint-details-title">Settings</h2>
      <dl class="details">
        <DetailRow term="URL">
          <code class="wrap">{endpoint.url}</code>
        </DetailRow>
        <DetailRow term="Events">
          <ul class="plain">
            {endpoint.event_types.map((pattern) => (
              <li>
                {describePattern(pattern)} <code class="muted">{pattern}</code>
              </li>
            ))}
          </ul>
        </DetailRow>
        <DetailRow term="Status">
          <EndpointStatus endpoint={endpoint} />
        </DetailRow>
        <DetailRow term="Former secret">
          {endpoint.previous_secret_expires_at && Date.parse(endpoint.previous_secret_expires_at) > Date.now()
            ? `Also signs until ${when(endpoint.previous_secret_expires_at)}` : 'None: one secret signs'}
        </DetailRow>
        <DetailRow term="Added">{when(endpoint.created_at)}</DetailRow>
        <DetailRow term="Changed">{when(endpoint.updated_at)}</DetailRow>
        <DetailRow term="Id">
          <code>{endpoint.id}</code>
        </DetailRow>
      </dl>
    </section>
  );
}

/** What the key may do to the endpoint: sending needs it enabled; a disabled one says why, and how to enable it. */
function EndpointActions({
  endpoint,
  writes,
  onOpen,
  onSendTest,
  onEnable,
}: {
  endpoint: WebhookEndpoint;
  writes: boolean;
  onOpen: (dialog: Open) => void;
  onSendTest: () => void;
  onEnable: () => void;
}) {
  const button = (text: string, dialog: Open, tone = '') => (
    <button type="button" class={`button ${tone}`} onClick={() => onOpen(dialog)}>
      {text}
    </button>
  );
  return (
    <>
      {!endpoint.enabled && (
        <Notice title="Disabled: nothing is sent to it">
          <p>{endpoint.disabled_reason ?? 'It was disabled.'}</p>
          {writes && (
            <div class="actions-row">
              <button type="button" class="button" onClick={onEnable}>
                Enable
              </button>
              {button('Enable and resend failures', 'recover')}
            </div>
          )}
        </Notice>
      )}
      {writes ? (
        <div class="actions-row toolbar" role="group" aria-label="Endpoint actions">
          {endpoint.enabled && (
            <button type="button" class="button primary" onClick={onSendTest}>
              Send test event
            </button>
          )}
          {button('Edit', 'edit')}
          {endpoint.enabled && button('Disable', 'disable')}
          {button('Rotate secret', 'rotate')}
          {endpoint.enabled && button('Resend failures', 'recover')}
          {button('Delete', 'delete', 'danger')}
        </div>
      ) : (
        <p class="muted">
          This key can read this endpoint but not change it (it lacks <code>webhooks:write</code>).
        </p>
      )}
    </>
  );
}
