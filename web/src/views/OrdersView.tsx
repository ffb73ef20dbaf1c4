import { unwrap } from '../api/client';
import { Notice } from '../components/Notice';
import { label, when } from '../format';
import type { Location } from '../router';
import { can, type Session } from '../session';
import { OrderStatusBadge, OrderView, outcomeSummary } from './OrderView';
import { PagedTable, usePage, type PagedList } from './paged-list';
import type { NumberOrder } from './orders-api';

const ORDERS: PagedList = { path: '/orders', sizes: [20, 50, 100], label: 'Orders', empty: 'No orders yet', end: 'No more orders' };

/** /orders and /orders/<id>, for a key that may read numbers. */
export function OrdersRoutes({ session, location }: { session: Session; location: Location }) {
  const id = /^\/orders\/([^/]+)$/.exec(location.path)?.[1];
  if (!can(session, 'phone_numbers:read')) {
    return (
      <section>
        <h1 tabIndex={-1}>Orders</h1>
        <Notice title="This key cannot read orders">
          <p>
            Number orders need a key with the <code>phone_numbers:read</code> scope. Sign out and sign in with another key.
          </p>
        </Notice>
      </section>
    );
  }
  return id ? <OrderView session={session} id={decodeURIComponent(id)} /> : <OrdersView session={session} query={location.query} />;
}

/** The organization's number orders, newest first, paged by cursor. */
function OrdersView({ session, query }: { session: Session; query: URLSearchParams }) {
  const [page, retry] = usePage(query, ORDERS.sizes, (request) => unwrap(session.api.GET('/v1/number-orders', { params: { query: request } })));
  return (
    <section aria-labelledby="orders-title">
      <div class="view-head">
        <div>
          <h1 id="orders-title" tabIndex={-1}>
            Orders
          </h1>
          <p class="subtitle">Every purchase of numbers, newest first, with what became of each number.</p>
        </div>
      </div>
      <PagedTable list={ORDERS} query={query} page={page} onRetry={retry} table={(orders) => <OrdersTable orders={orders} />}>
        An order is made each time numbers are bought (<code>POST /v1/number-orders</code>; see the <a href="/docs">API reference</a>). Numbers
        imported or ported in have none.
      </PagedTable>
    </section>
  );
}

function OrdersTable({ orders }: { orders: NumberOrder[] }) {
  return (
    <table class="numbers orders">
      <caption class="visually-hidden">Number orders, {orders.length} on this page</caption>
      <thead>
        <tr>
          <th scope="col">Placed</th>
          <th scope="col">Status</th>
          <th scope="col">Numbers</th>
          <th scope="col">Carrier</th>
          <th scope="col">Reference</th>
          <th scope="col">Settled</th>
        </tr>
      </thead>
      <tbody>
        {orders.map((order) => (
          <tr key={order.id}>
            <th scope="row">
              <a href={`/orders/${order.id}`}>
                {when(order.created_at)}
              </a>
            </th>
            <td>
              <OrderStatusBadge status={order.status} />
            </td>
            <td>{outcomeSummary(order)}</td>
            <td>{label(order.carrier)}</td>
            <td>{order.customer_reference ?? <span class="muted">—</span>}</td>
            <td>{when(order.completed_at)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
