import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { OrderIdParams, OrderSchema, toOrderResource } from '../orders.schemas.js';

export const numberOrdersGet = defineOperation({
  name: 'number_orders.get',
  method: 'GET',
  path: '/v1/number-orders/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a number order',
  tags: ['Number orders'],
  schema: { params: OrderIdParams, response: { 200: OrderSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { orders }) => toOrderResource(await orders.get(principalOf(request).organizationId, request.params.id)),
});
