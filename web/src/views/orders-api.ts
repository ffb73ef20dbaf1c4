import type { Json } from './webhooks-api';

/** The shapes of the number orders API the console shows, from the generated API types. */
export type NumberOrder = Json<'number_orders.get', 200>;
export type OrderItem = NumberOrder['phone_numbers'][number];
