import type { ComponentChildren } from 'preact';
import { unwrap } from '../api/client';
import { ErrorNotice, Notice } from '../components/Notice';
import { label, when } from '../format';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { useHeadingFocus } from './focus-heading';
import { Badge, type Tone } from './paged-list';
import type { NumberOrder, OrderItem } from './orders-api';

const ORDER_TONES: Record<NumberOrder['status'], Tone> = { pending: 'info', complete: 'good', partial: 'warn', failed: 'bad' };
const ITEM_TONES: Record<OrderItem['status'], Tone> = { pending: 'muted', claimed: 'info', purchased: 'good', failed: 'bad' };
const ITEM_NAMES: Record<OrderItem['status'], string> = { pending: 'Waiting', claimed: 'Being bought', purchased: 'Bought', failed: 'Not bought' };

export const OrderStatusBadge = ({ status }: { status: NumberOrder['status'] }) => <Badge tone={ORDER_TONES[status]}>{label(status)}</Badge>;

/** "2 of 3 bought". */
export function outcomeSummary(order: NumberOrder): string {
  const bought = order.phone_numbers.filter((item) => item.status === 'purchased').length;
  const total = order.phone_numbers.length;
  return total === 1 ? (bought ? '1 bought' : '1, not bought') : `${bought} of ${total} bought`;
}

/** One order: what was asked, and each number's outcome, linking to the numbers bought. */
export function OrderView({ session, id }: { session: Session; id: string }) {
  const [order, retry] = useLoad(id, () => unwrap(session.api.GET('/v1/number-orders/{id}', { params: { path: { id } } })));
  useHeadingFocus(order.state === 'ready');
  if (order.state !== 'ready') {
    const missing = order.state === 'failed' && [400, 404].includes(order.error.problem.status);
    return (
      <section>
        <h1 tabIndex={-1}>{order.state === 'loading' ? 'Order' : missing ? 'Order not found' : 'Could not load the order'}</h1>
        {order.state === 'loading' ? (
          <p class="loading" role="status">
            Loading the order…
          </p>
        ) : missing ? (
          <Notice title="No order with this id">
            <p>
              It may have been mistyped, or belong to another organization. <a href="/orders">Back to the orders</a>.
            </p>
          </Notice>
        ) : (
          <ErrorNotice error={order.error} onRetry={retry} />
        )}
      </section>
    );
  }
  const value = order.value;
  return (
    <article aria-labelledby="order-title">
      <p class="crumbs">
        <a href="/orders">Orders</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="order-title" tabIndex={-1}>
            Order of {when(value.created_at)}
          </h1>
          <p class="subtitle">
            <OrderStatusBadge status={value.status} /> · {outcomeSummary(value)}
          </p>
        </div>
        {value.status === 'pending' && (
          <button type="button" class="button" onClick={retry}>
            Refresh
          </button>
        )}
      </div>
      <section class="card" aria-labelledby="order-details-title">
        <h2 id="order-details-title">Details</h2>
        <dl class="details">
          <Row term="Status">{label(value.status)}</Row>
          <Row term="Carrier">{label(value.carrier)}</Row>
          <Row term="Carrier account">{value.carrier_account_id ? <code>{value.carrier_account_id}</code> : 'The built-in sandbox'}</Row>
          <Row term="Reference">{value.customer_reference ?? 'None'}</Row>
          <Row term="Placed">{when(value.created_at)}</Row>
          <Row term="Settled">{value.completed_at ? when(value.completed_at) : 'Not yet'}</Row>
          <Row term="Id">
            <code>{value.id}</code>
          </Row>
        </dl>
      </section>
      <section class="card order-results" aria-labelledby="order-results-title">
        <h2 id="order-results-title">Numbers</h2>
        <div class="table-wrap">
          <table class="numbers">
            <caption class="visually-hidden">Each number of the order and its outcome</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Outcome</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {value.phone_numbers.map((item) => (
                <tr key={item.number}>
                  <th scope="row">{item.phone_number_id && item.status !== 'failed' ? <a href={`/numbers/${item.phone_number_id}`}>{item.number}</a> : item.number}</th>
                  <td>
                    <Badge tone={ITEM_TONES[item.status]}>{ITEM_NAMES[item.status]}</Badge>
                  </td>
                  <td class="wrap">
                    {item.error ? (
                      <>
                        {item.error.detail} <code class="muted">{item.error.code}</code>
                      </>
                    ) : (
                      <span class="muted">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}

function Row({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="row">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}
