import { useRef, useState } from 'preact/hooks';
import { ApiError, unwrap } from '../api/client';
import { money } from '../format';
import { navigate } from '../router';
import type { Session } from '../session';
import { checkingOut, readCart, saveCart, useCart, withoutNumber, type Cart } from './buy-cart';
import { cartTotals } from './buy-search';

/** An answer that may not tell whether the order was placed: the same checkout is sent again. */
const unknownOutcome = (error: ApiError) => error.problem.status === 0 || error.problem.status >= 500;

/** The cart: what it holds, what it costs, and the order. */
export function BuyCart({ session }: { session: Session }) {
  const organizationId = session.key.organization_id;
  const cart = useCart(organizationId);
  const { totals, unpriced } = cartTotals(cart.numbers);
  const count = cart.numbers.length;

  return (
    <aside class="card cart" aria-labelledby="cart-title">
      <h2 id="cart-title">
        Cart <span class="muted">({count})</span>
      </h2>
      {count === 0 ? (
        <p class="muted">The cart is empty. Add numbers from the search results; they stay here until you close this tab.</p>
      ) : (
        <>
          <ul class="cart-items">
            {cart.numbers.map((number) => (
              <li key={number.number}>
                <span>
                  {number.international_format}
                  <span class="muted small">
                    {' '}
                    · {money(number.monthly_cost, number.currency)}/mo
                  </span>
                </span>
                <button
                  type="button"
                  class="button quiet"
                  aria-label={`Remove ${number.international_format} from the cart`}
                  onClick={() => saveCart(organizationId, withoutNumber(readCart(organizationId), number.number))}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
          <dl class="totals">
            {totals.map((total) => (
              <>
                <div class="row">
                  <dt>Per month</dt>
                  <dd>{money(total.monthly, total.currency)}</dd>
                </div>
                <div class="row">
                  <dt>Upfront</dt>
                  <dd>{money(total.upfront, total.currency)}</dd>
                </div>
              </>
            ))}
          </dl>
          {unpriced > 0 && (
            <p class="muted small">
              {unpriced === 1 ? 'One number has' : `${unpriced} numbers have`} no price from the carrier: it bills them at its own rates.
            </p>
          )}
        </>
      )}
      {count > 0 && <Checkout session={session} cart={cart} />}
    </aside>
  );
}

/**
 * Placing the order. One checkout has one Idempotency-Key (kept with the cart before the
 * request leaves), so a second click, a retry after a lost answer or a reload never buys twice.
 */
function Checkout({ session, cart }: { session: Session; cart: Cart }) {
  const organizationId = session.key.organization_id;
  const sending = useRef(false);
  const [placing, setPlacing] = useState(false);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const count = cart.numbers.length;

  const place = async () => {
    if (sending.current) return;
    sending.current = true;
    setPlacing(true);
    setFailure(null);
    const ready = checkingOut(readCart(organizationId));
    saveCart(organizationId, ready);
    const { key, numbers, reference } = ready.checkout;
    try {
      const order = await unwrap(
        session.api.POST('/v1/number-orders', {
          body: { phone_numbers: numbers, ...(reference ? { customer_reference: reference } : {}) },
          headers: { 'Idempotency-Key': key },
        }),
      );
      saveCart(organizationId, { numbers: [], reference: '', checkout: null });
      navigate(`/orders/${order.id}`);
    } catch (error) {
      setFailure(error instanceof ApiError ? error : new ApiError({ status: 0, title: 'Something went wrong', detail: String(error) }));
    } finally {
      sending.current = false;
      setPlacing(false);
    }
  };

  const retrying = failure && unknownOutcome(failure);
  return (
    <div class="checkout">
      <label for="cart-reference">Your reference (optional)</label>
      <input
        id="cart-reference"
        maxLength={200}
        autoComplete="off"
        value={cart.reference}
        aria-describedby="cart-reference-help"
        onInput={(event) => saveCart(organizationId, { ...readCart(organizationId), reference: event.currentTarget.value })}
      />
      <p id="cart-reference-help" class="muted small">
        Kept on the order and on each number it buys, e.g. a ticket.
      </p>
      <button type="button" class="button primary" disabled={placing} aria-describedby="cart-status" onClick={place}>
        {placing ? 'Buying…' : retrying ? 'Try the order again' : `Buy ${count === 1 ? '1 number' : `${count} numbers`}`}
      </button>
      <div id="cart-status" role="status" class="form-status error">
        {failure && (
          <>
            <strong>{retrying ? 'The order was not confirmed.' : `Not ordered: ${failure.problem.title}.`}</strong>{' '}
            {retrying
              ? 'Dialtone did not answer, so the order may or may not be placed. Try again: it sends the same order, which never buys twice.'
              : failure.problem.detail}
          </>
        )}
      </div>
    </div>
  );
}
