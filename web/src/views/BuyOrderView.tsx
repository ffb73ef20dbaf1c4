import type { ComponentChildren } from 'preact';
import { unwrap } from '../api/client';
import { ErrorNotice, Notice } from '../components/Notice';
import { when } from '../format';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import type { NumberOrder } from './buy-search';

type Item = NumberOrder['phone_numbers'][number];

const HEADINGS: Record<NumberOrder['status'], string> = {
  complete: 'Numbers bought',
  partial: 'Some numbers bought',
  failed: 'No numbers bought',
  pending: 'Order in progress',
};

/** An order's result, number by number: bought ones link to their pages, the others say why not. */
export function BuyOrderView({ session, id }: { session: Session; id: string }) {
  const [order, retry] = useLoad(id, () => unwrap(session.api.GET('/v1/number-orders/{id}', { params: { path: { id } } })));
  if (order.state !== 'ready') {
    const missing = order.state === 'failed' && [400, 404].includes(order.error.problem.status);
    return (
      <OrderPage title={order.state === 'loading' ? 'Order' : missing ? 'Order not found' : 'Could not load the order'}>
        {order.state === 'loading' ? (
          <p class="loading" role="status">
            Loading the order…
          </p>
        ) : missing ? (
          <Notice title="No order with this id">
            <p>
              It may have been mistyped, or belong to another organization. <a href="/buy">Buy numbers</a>.
            </p>
          </Notice>
        ) : (
          <ErrorNotice error={order.error} onRetry={retry} />
        )}
      </OrderPage>
    );
  }
  const { value } = order;
  const bought = value.phone_numbers.filter((item) => item.status === 'purchased').length;
  return (
    <OrderPage
      title={HEADINGS[value.status]}
      subtitle={`${bought} of ${value.phone_numbers.length} bought · ordered ${when(value.created_at)}${value.customer_reference ? ` · reference ${value.customer_reference}` : ''}`}
      actions={
        <>
          {value.status === 'pending' && (
            <button type="button" class="button" onClick={retry}>
              Refresh
            </button>
          )}
          <a class="button" href="/buy">
            Buy more
          </a>
          <a class="button" href="/numbers">
            Your numbers
          </a>
        </>
      }
    >
      {value.status === 'pending' && (
        <Notice title="The carrier has not answered for every number yet">
          <p>Dialtone settles the order once it knows; refresh in a moment. It never buys a number twice.</p>
        </Notice>
      )}
      <div class="table-wrap">
        <table class="numbers order-items">
          <caption class="visually-hidden">The order's numbers and what became of each</caption>
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Result</th>
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
      <p class="muted small order-id">
        Order <code>{value.id}</code>
      </p>
    </OrderPage>
  );
}

/** The page around an order, the same while it loads and once it has: the focused heading stays the same element. */
function OrderPage({ title, subtitle, actions, children }: { title: string; subtitle?: string; actions?: ComponentChildren; children: ComponentChildren }) {
  return (
    <section aria-labelledby="order-title" class="order-view">
      <p class="crumbs">
        <a href="/buy">Buy numbers</a> <span aria-hidden="true">/</span>
      </p>
      <div class="view-head">
        <div>
          <h1 id="order-title" tabIndex={-1}>
            {title}
          </h1>
          {subtitle && <p class="subtitle">{subtitle}</p>}
        </div>
        {actions && <div class="head-actions">{actions}</div>}
      </div>
      {children}
    </section>
  );
}

function ItemRow({ item }: { item: Item }) {
  return (
    <tr>
      <th scope="row">{item.status === 'purchased' && item.phone_number_id ? <a href={`/numbers/${item.phone_number_id}`}>{item.number}</a> : item.number}</th>
      <td>
        {item.status === 'purchased' ? (
          <span class="badge good">Bought</span>
        ) : item.status === 'failed' ? (
          <span class="badge bad">Not bought</span>
        ) : (
          <span class="badge info">Being bought</span>
        )}
      </td>
      <td class="wrap">
        {item.status === 'purchased'
          ? 'Yours: open it to name it and route its calls and messages.'
          : item.status === 'failed'
            ? (item.error?.detail ?? 'The carrier did not sell it.')
            : 'Waiting for the carrier.'}
      </td>
    </tr>
  );
}
