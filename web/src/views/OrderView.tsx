import { unwrap } from '../api/client';
import { DetailRow } from '../components/DetailRow';
import { NotLoaded } from '../components/NotLoaded';
import { Notice } from '../components/Notice';
import { label, when } from '../format';
import { can, type Session } from '../session';
import { useLoad } from '../use-load';
import { useHeadingFocus } from './focus-heading';
import { Badge, type Tone } from './paged-list';
import type { NumberOrder, OrderItem } from './orders-api';

const ORDER_TONES: Record<NumberOrder['status'], Tone> = { pending: 'info', complete: 'good', partial: 'warn', failed: 'bad' };
const ITEM_TONES: Record<OrderItem['status'], Tone> = { pending: 'muted', claimed: 'info', purchased: 'good', failed: 'bad' };
const ITEM_NAMES: Record<OrderItem['status'], string> = { pending: 'Waiting', claimed: 'Being bought', purchased: 'Bought', failed: 'Not bought' };
const HEADINGS: Record<NumberOrder['status'], string> = {
  complete: 'Numbers bought',
  partial: 'Some numbers bought',
  failed: 'No numbers bought',
  pending: 'Order in progress',
};

export const OrderStatusBadge = ({ status }: { status: NumberOrder['status'] }) => <Badge tone={ORDER_TONES[status]}>{label(status)}</Badge>;

/** "2 of 3 bought". */
export function outcomeSummary(order: NumberOrder): string {
  const bought = order.phone_numbers.filter((item) => item.status === 'purchased').length;
  const total = order.phone_numbers.length;
  return total === 1 ? (bought ? '1 bought' : '1, not bought') : `${bought} of ${total} bought`;
}

/**
 * One order, opened from the orders list or just placed from the cart: what was asked, and each
 * number's outcome, the bought ones linking to their pages and the others saying why not.
 */
export function OrderView({ session, id }: { session: Session; id: string }) {
  const [order, retry] = useLoad(id, () => unwrap(session.api.GET('/v1/number-orders/{id}', { params: { path: { id } } })));
  useHeadingFocus(order.state === 'ready');
  if (order.state !== 'ready') {
    return (
      <NotLoaded load={order} onRetry={retry} title="Order" thing="order">
        It may have been mistyped, or belong to another organization. <a href="/orders">Back to the orders</a>.
      </NotLoaded>
    );
  }
  const value = order.value;
  return (
    <article aria-labelledby="order-title" class="order-view">
      <p class="crumbs">
        <a href="/orders">Orders</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="order-title" tabIndex={-1}>
            {HEADINGS[value.status]}
          </h1>
          <p class="subtitle">
            <OrderStatusBadge status={value.status} /> · {outcomeSummary(value)} · placed {when(value.created_at)}
            {value.customer_reference ? ` · reference ${value.customer_reference}` : ''}
          </p>
        </div>
        <div class="head-actions">
          {value.status === 'pending' && (
            <button type="button" class="button" onClick={retry}>
              Refresh
            </button>
          )}
          {can(session, 'phone_numbers:purchase') && (
            <a class="button" href="/buy">
              Buy more
            </a>
          )}
          <a class="button" href="/numbers">
            Your numbers
          </a>
        </div>
      </div>
      {value.status === 'pending' && (
        <Notice title="The carrier has not answered for every number yet">
          <p>Dialtone settles the order once it knows; refresh in a moment. It never buys a number twice.</p>
        </Notice>
      )}
      <OrderDetails order={value} />
      <section class="card order-results" aria-labelledby="order-results-title">
        <h2 id="order-results-title">Numbers</h2>
        <div class="table-wrap">
          <table class="numbers">
            <caption class="visually-hidden">Each number of the order and what became of it</caption>
            <thead>
              <tr>
                <th scope="col">Number</th>
                <th scope="col">Outcome</th>
                <th scope="col">Details</th>
              </tr>
            </thead>
            <tbody>
              {value.phone_numbers.map((item) => (
                <ItemRow key={item.number} item={item} />
              ))}
            </tbody>
          </table>
        </div>
      </section>
    </article>
  );
}

function OrderDetails({ order }: { order: NumberOrder }) {
  return (
    <section class="card" aria-labelledby="order-details-title">
      <h2 id="order-details-title">Details</h2>
      <dl class="details">
        <DetailRow term="Status">{label(order.status)}</DetailRow>
        <DetailRow term="Carrier">{label(order.carrier)}</DetailRow>
        <DetailRow term="Carrier account">{order.carrier_account_id ? <code>{order.carrier_account_id}</code> : 'The built-in sandbox'}</DetailRow>
        <DetailRow term="Reference">{order.customer_reference ?? 'None'}</DetailRow>
        <DetailRow term="Placed">{when(order.created_at)}</DetailRow>
        <DetailRow term="Settled">{order.completed_at ? when(order.completed_at) : 'Not yet'}</DetailRow>
        <DetailRow term="Id">
          <code>{order.id}</code>
        </DetailRow>
      </dl>
    </section>
  );
}

function ItemRow({ item }: { item: OrderItem }) {
  return (
    <tr>
      <th scope="row">{item.phone_number_id && item.status !== 'failed' ? <a href={`/numbers/${item.phone_number_id}`}>{item.number}</a> : item.number}</th>
      <td>
        <Badge tone={ITEM_TONES[item.status]}>{ITEM_NAMES[item.status]}</Badge>
      </td>
      <td class="wrap">
        {item.error ? (
          <>
            {item.error.detail} <code class="muted">{item.error.code}</code>
          </>
        ) : item.status === 'purchased' ? (
          'Yours: open it to name it and route its calls and messages.'
        ) : item.status === 'failed' ? (
          'The carrier did not sell it.'
        ) : (
          'Waiting for the carrier.'
        )}
      </td>
    </tr>
  );
}
