import { Type } from 'typebox';
import { CARRIER_NAMES } from '../carriers/carrier.js';
import { CursorPage, CursorPageQuery, E164, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { OrderWithItems } from './orders.repo.js';
import { ORDER_ITEM_STATUSES, ORDER_STATUSES } from './order.js';
import { MAX_NUMBERS_PER_ORDER } from './orders.service.js';

/** The native /v1 shapes of number orders. */


export const CreateOrderSchema = Type.Object(
  {
    phone_numbers: Type.Array(Type.String({ minLength: 3, maxLength: 32, description: 'A number to buy, from a search.', example: '+14155552671' }), {
      minItems: 1,
      maxItems: MAX_NUMBERS_PER_ORDER,
      description: 'The numbers to buy, each as returned by /v1/available-phone-numbers.',
      example: ['+14155552671'],
    }),
    carrier_account_id: Type.Optional(Nullable(Uuid('Buy through this carrier account; the built-in sandbox when absent.'))),
    customer_reference: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Your reference, kept on the order and the numbers.', example: 'ticket-42' }))),
  },
  { additionalProperties: false },
);

const OrderItemSchema = Type.Object({
  number: E164,
  status: StringEnum(ORDER_ITEM_STATUSES, {
    description: 'pending: not yet claimed; claimed: held, being bought; purchased: yours; failed: not bought (see error).',
    example: 'purchased',
  }),
  phone_number_id: Nullable(Uuid('The phone number, once claimed; see /v1/phone-numbers.')),
  error: Nullable(
    Type.Object({
      code: Type.String({ description: 'An error code from the catalogue.', example: 'number_unavailable' }),
      detail: Type.String({ description: 'Why, for a person.', example: '+14155552671 cannot be bought: it is no longer available.' }),
    }),
  ),
});

/** The path of one order: /v1/number-orders/:id. */
export const OrderIdParams = Type.Object({ id: Uuid('The id of the order.') }, { additionalProperties: false });

export const OrderSchema = Type.Object({
  id: Uuid('The id of the order.'),
  object: Type.Literal('number_order', { description: 'Always number_order.' }),
  status: StringEnum(ORDER_STATUSES, {
    description: 'pending while any number is in flight; then complete (all bought), partial (some) or failed (none).',
    example: 'complete',
  }),
  carrier: StringEnum(CARRIER_NAMES, { description: 'The carrier the numbers are bought from.', example: 'sandbox' }),
  carrier_account_id: Nullable(Uuid('The carrier account used; null for the sandbox.')),
  customer_reference: Nullable(Type.String({ description: 'Your reference.', example: 'ticket-42' })),
  phone_numbers: Type.Array(OrderItemSchema, { description: 'One result per number, in the order given.' }),
  created_at: Timestamp('When the order was placed.'),
  updated_at: Timestamp('When the order last changed.'),
  completed_at: Nullable(Timestamp('When the order settled.')),
});

export const ORDERS_PAGE_SIZE = 20;
export const OrderListQuerySchema = CursorPageQuery(ORDERS_PAGE_SIZE, 100);

export const OrderListSchema = CursorPage(OrderSchema, 'Orders, newest first.');

export function toOrderResource(order: OrderWithItems) {
  return {
    id: order.id,
    object: 'number_order' as const,
    status: order.status,
    carrier: order.carrier as (typeof CARRIER_NAMES)[number],
    carrier_account_id: order.carrier_account_id,
    customer_reference: order.customer_reference,
    phone_numbers: order.items.map((item) => ({
      number: item.number,
      status: item.status,
      phone_number_id: item.phone_number_id,
      error: item.error_code ? { code: item.error_code, detail: item.error_detail ?? '' } : null,
    })),
    created_at: order.created_at.toISOString(),
    updated_at: order.updated_at.toISOString(),
    completed_at: order.completed_at ? order.completed_at.toISOString() : null,
  };
}
