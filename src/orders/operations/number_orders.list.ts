import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { ORDERS_PAGE_SIZE, OrderListQuerySchema, OrderListSchema, toOrderResource } from '../orders.schemas.js';

export const numberOrdersList = defineOperation({
  name: 'number_orders.list',
  method: 'GET',
  path: '/v1/number-orders',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List number orders',
  tags: ['Number orders'],
  schema: { querystring: OrderListQuerySchema, response: { 200: OrderListSchema, ...problems(400, 401, 403) } },
  handler: async (request, { orders, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    return pageNewestFirst(cursors, request.query, ORDERS_PAGE_SIZE, (limit, after) => orders.list(organizationId, limit, after), toOrderResource);
  },
});
