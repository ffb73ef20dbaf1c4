import { useEffect, useRef, useState } from 'preact/hooks';
import { unwrap } from '../api/client';
import { ErrorNotice, FieldError, Notice } from '../components/Notice';
import { when } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { Badge, ListPager, goWith, pageSizeOf, type Tone } from './paged-list';
import { problemText } from './webhook-endpoint-form';
import type { Attempt, DeliveriesPage, Delivery, DeliveryStatus, WebhookEndpoint } from './webhooks-api';

const PAGE_SIZES = [20, 50, 100] as const;
const STATUSES = ['pending', 'succeeded', 'failed'] as const satisfies readonly DeliveryStatus[];
const STATUS_TONES: Record<DeliveryStatus, Tone> = { pending: 'info', succeeded: 'good', failed: 'bad' };
const STATUS_NAMES: Record<DeliveryStatus, string> = { pending: 'Pending', succeeded: 'Delivered', failed: 'Failed' };
/** While a delivery on the page is pending, the page is read again this often. */
const POLL_MS = 2_000;

const ERROR_NAMES: Record<NonNullable<Attempt['error_class']>, string> = {
  dns: 'DNS lookup failed',
  connect: 'Could not connect',
  timeout: 'Timed out',
  refused_address: 'Address refused by the egress policy',
  http_3xx: 'Redirected (not followed)',
  http_4xx: 'Refused by the endpoint',
  http_5xx: 'Server error at the endpoint',
  network: 'Network error',
};

/**
 * An endpoint's deliveries, newest first, each with every attempt (outcome, response code,
 * time, what the endpoint answered), filtered by status and paged by cursor in the URL; a
 * delivery is sent again with Resend.
 */
export function DeliveryLog({
  session,
  endpoint,
  query,
  refresh,
  onResent,
}: {
  session: Session;
  endpoint: WebhookEndpoint;
  query: URLSearchParams;
  refresh: number;
  onResent: (text: string) => void;
}) {
  const status = STATUSES.find((value) => value === query.get('status'));
  const request = { limit: pageSizeOf(query, PAGE_SIZES), ...(status ? { status } : {}), ...(query.get('cursor') ? { cursor: query.get('cursor')! } : {}) };
  const view = `${endpoint.id}:${JSON.stringify(request)}`;
  const [poll, setPoll] = useState(0);
  const [page, retry] = useLoad(`${view}:${refresh}:${poll}`, () =>
    unwrap(session.api.GET('/v1/webhook-endpoints/{id}/deliveries', { params: { path: { id: endpoint.id }, query: request } })),
  );
  // A reload of the same page keeps showing the rows it had, rather than blanking the log.
  const last = useRef<{ view: string; page: DeliveriesPage } | null>(null);
  if (page.state === 'ready') last.current = { view, page: page.value };
  const shown = page.state === 'ready' ? page.value : last.current?.view === view ? last.current.page : null;

  useEffect(() => {
    if (page.state !== 'ready' || !page.value.data.some((delivery) => delivery.status === 'pending')) return;
    const timer = setTimeout(() => setPoll((n) => n + 1), POLL_MS);
    return () => clearTimeout(timer);
  }, [page]);

  const path = `/webhooks/${endpoint.id}`;
  const resends = can(session, 'webhooks:write') && endpoint.enabled;
  return (
    <section class="card deliveries" aria-labelledby="deliveries-title">
      <div class="view-head">
        <h2 id="deliveries-title">Delivery log</h2>
        <div class="actions-row">
          <div class="field inline">
            <label for="delivery-status">Status</label>
            <select id="delivery-status" value={status ?? ''} onChange={(event) => goWith(path, query, { status: event.currentTarget.value })}>
              <option value="">Any</option>
              {STATUSES.map((value) => (
                <option value={value}>{STATUS_NAMES[value]}</option>
              ))}
            </select>
          </div>
          <button type="button" class="button quiet" onClick={() => setPoll((n) => n + 1)}>
            Refresh
          </button>
        </div>
      </div>
      {page.state === 'failed' ? (
        <ErrorNotice error={page.error} onRetry={retry} />
      ) : !shown ? (
        <p class="loading" role="status">
          Loading deliveries…
        </p>
      ) : (
        <div aria-busy={page.state === 'loading'}>
          {shown.data.length === 0 ? (
            <Notice title={status ? `No ${STATUS_NAMES[status].toLowerCase()} deliveries` : 'Nothing delivered yet'}>
              <p>
                {status
                  ? 'Choose another status, or Any, to see the rest of the log.'
                  : `Deliveries appear here as events of the types it subscribes to happen.${endpoint.enabled ? ' Send a test event to try the endpoint now.' : ''}`}
              </p>
            </Notice>
          ) : (
            <DeliveriesTable session={session} endpoint={endpoint} deliveries={shown.data} resends={resends} onResent={onResent} onChange={() => setPoll((n) => n + 1)} />
          )}
          <ListPager path={path} query={query} page={shown} sizes={PAGE_SIZES} label="Deliveries" />
        </div>
      )}
    </section>
  );
}

function DeliveriesTable({
  session,
  endpoint,
  deliveries,
  resends,
  onResent,
  onChange,
}: {
  session: Session;
  endpoint: WebhookEndpoint;
  deliveries: Delivery[];
  resends: boolean;
  onResent: (text: string) => void;
  onChange: () => void;
}) {
  const [failure, setFailure] = useState<string | null>(null);
  const resend = async (delivery: Delivery) => {
    setFailure(null);
    try {
      await unwrap(session.api.POST('/v1/events/{id}/redeliver', { params: { path: { id: delivery.event_id } }, body: { endpoint_id: endpoint.id } }));
      onResent(`Event ${delivery.event_id} queued again for this endpoint.`);
      onChange();
    } catch (error) {
      setFailure(`Not resent: ${problemText(error)}`);
    }
  };
  return (
    <>
      <FieldError message={failure} />
      <div class="table-wrap">
        <table class="numbers deliveries-table">
          <caption class="visually-hidden">Deliveries to this endpoint, newest first, {deliveries.length} on this page</caption>
          <thead>
            <tr>
              <th scope="col">Queued</th>
              <th scope="col">Event</th>
              <th scope="col">Status</th>
              <th scope="col">Attempts</th>
              {resends && (
                <th scope="col">
                  <span class="visually-hidden">Actions</span>
                </th>
              )}
            </tr>
          </thead>
          <tbody>
            {deliveries.map((delivery) => (
              <tr key={delivery.id}>
                <th scope="row">{when(delivery.created_at)}</th>
                <td>
                  <code>{delivery.event_id}</code>
                </td>
                <td>
                  <Badge tone={STATUS_TONES[delivery.status]}>{STATUS_NAMES[delivery.status]}</Badge>
                  {delivery.next_attempt_at && <div class="muted small">next attempt {when(delivery.next_attempt_at)}</div>}
                </td>
                <td class="wrap">
                  <Attempts attempts={delivery.attempts} />
                </td>
                {resends && (
                  <td>
                    {delivery.status !== 'pending' && (
                      <button type="button" class="button" onClick={() => resend(delivery)} aria-label={`Resend event ${delivery.event_id}`}>
                        Resend
                      </button>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Attempts({ attempts }: { attempts: Attempt[] }) {
  if (attempts.length === 0) return <span class="muted">Not attempted yet</span>;
  return (
    <ol class="attempts">
      {attempts.map((attempt) => (
        <li class={attempt.status}>
          <span class="attempt-outcome">
            #{attempt.attempt} {attempt.status === 'succeeded' ? 'Delivered' : 'Failed'}:{' '}
            {attempt.response_status !== null ? `HTTP ${attempt.response_status}` : attempt.error_class ? ERROR_NAMES[attempt.error_class] : 'no answer'}
          </span>
          {attempt.response_status !== null && attempt.error_class && <span class="muted"> · {ERROR_NAMES[attempt.error_class]}</span>}
          <span class="muted">
            {' '}
            · {attempt.duration_ms} ms · <time dateTime={attempt.created_at}>{when(attempt.created_at)}</time>
          </span>
          {attempt.response_body && (
            <details>
              <summary>Answer</summary>
              <pre>{attempt.response_body}</pre>
            </details>
          )}
        </li>
      ))}
    </ol>
  );
}
