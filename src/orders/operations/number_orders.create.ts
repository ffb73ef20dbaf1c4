import { principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CreateOrderSchema, OrderSchema, toOrderResource } from '../orders.schemas.js';

export const numberOrdersCreate = defineOperation({
  name: 'number_orders.create',
  method: 'POST',
  path: '/v1/number-orders',
  access: { scopes: ['phone_numbers:purchase'] },
  summary: 'Buy numbers',
  description:
    'Buys each number from the carrier and answers with one result per number. Send an Idempotency-Key header to ' +
    'retry safely: the same key and body return the first order (200, Idempotent-Replayed: true) and never buy twice; ' +
    'the same key with another body is a 422.',
  tags: ['Number orders'],
  schema: { body: CreateOrderSchema, response: { 200: OrderSchema, 201: OrderSchema, ...problems(400, 401, 403, 404, 422) } },
  handler: async (request, { orders }) => {
    const { phone_numbers, carrier_account_id, customer_reference } = request.body;
    const placed = await orders.place(
      principalOf(request).organizationId,
      { numbers: phone_numbers, carrier_account_id, customer_reference },
      idempotencyKeyOf(request),
    );
    const location = { location: `/v1/number-orders/${placed.order.id}` };
    const headers = placed.replayed ? { 'idempotent-replayed': 'true', ...location } : location;
    return answer(placed.replayed ? 200 : 201, toOrderResource(placed.order), headers);
  },
});
