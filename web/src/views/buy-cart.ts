import { useEffect, useState } from 'preact/hooks';
import { newCheckoutKey, type AvailableNumber } from './buy-search';

/**
 * The numbers chosen to buy, kept for the browser tab's session (sessionStorage, one cart per
 * organization), so they survive moving between views and a reload, and go with the tab.
 */
export interface Cart {
  numbers: AvailableNumber[];
  /** Kept on the order and its numbers (customer_reference). */
  reference: string;
  /**
   * The checkout in progress: its Idempotency-Key and what it orders. A retry of the same
   * numbers and reference sends the same key, so the server answers with the first order
   * rather than buying again; a changed cart is another checkout, with a new key.
   */
  checkout: { key: string; numbers: string[]; reference: string } | null;
}

const EMPTY: Cart = { numbers: [], reference: '', checkout: null };
const storageKey = (organizationId: string) => `dialtone.console.cart.${organizationId}`;
const listeners = new Set<() => void>();

export function readCart(organizationId: string): Cart {
  try {
    const stored = JSON.parse(sessionStorage.getItem(storageKey(organizationId)) ?? 'null') as Partial<Cart> | null;
    if (!stored || !Array.isArray(stored.numbers)) return EMPTY;
    return { numbers: stored.numbers, reference: typeof stored.reference === 'string' ? stored.reference : '', checkout: stored.checkout ?? null };
  } catch {
    return EMPTY;
  }
}

export function saveCart(organizationId: string, cart: Cart): void {
  if (!cart.numbers.length && !cart.reference && !cart.checkout) sessionStorage.removeItem(storageKey(organizationId));
  else sessionStorage.setItem(storageKey(organizationId), JSON.stringify(cart));
  listeners.forEach((listener) => listener());
}

export function useCart(organizationId: string): Cart {
  const [cart, setCart] = useState(() => readCart(organizationId));
  useEffect(() => {
    const update = () => setCart(readCart(organizationId));
    listeners.add(update);
    update();
    return () => void listeners.delete(update);
  }, [organizationId]);
  return cart;
}

export const inCart = (cart: Cart, number: string) => cart.numbers.some((n) => n.number === number);

export const withNumber = (cart: Cart, number: AvailableNumber): Cart =>
  inCart(cart, number.number) ? cart : { ...cart, numbers: [...cart.numbers, number] };

export const withoutNumber = (cart: Cart, number: string): Cart => ({ ...cart, numbers: cart.numbers.filter((n) => n.number !== number) });

/** The cart with its checkout: the one under way when it orders the same, else a new one with a fresh key. */
export function checkingOut(cart: Cart): Cart & { checkout: NonNullable<Cart['checkout']> } {
  const numbers = cart.numbers.map((n) => n.number);
  const reference = cart.reference.trim();
  const same = cart.checkout && cart.checkout.reference === reference && cart.checkout.numbers.join() === numbers.join();
  return { ...cart, checkout: same ? cart.checkout! : { key: newCheckoutKey(), numbers, reference } };
}
