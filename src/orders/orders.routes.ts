import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { keySecurity, principalOf, requireKey } from '../auth/auth.hooks.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import { pageNewestFirst } from '../http/created-cursor.js';
import { idempotencyKeyOf } from '../http/headers.js';
import { problems, Uuid } from '../http/schema-kit.js';
import { CreateOrderSchema, ORDERS_PAGE_SIZE, OrderListQuerySchema, OrderListSchema, OrderSchema, toOrderResource } from './orders.schemas.js';
import type { OrdersService } from './orders.service.js';

export interface OrdersRoutesDeps {
  orders: OrdersService;
  keys: ApiKeysService;
  cursors: CursorSigner;
}

const IdParams = Type.Object({ id: Uuid('The id of the order.') }, { additionalProperties: false });

/** /v1/number-orders: HTTP only; the rules are in OrdersService. */
export async function ordersRoutes(app: FastifyInstance, deps: OrdersRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { orders, keys } = deps;
  const tags = ['Number orders'];

  r.post(
    '/v1/number-orders',
    {
      onRequest: requireKey(keys, ['phone_numbers:purchase']),
      schema: {
        summary: 'Buy numbers',
        description:
          'Buys each number from the carrier and answers with one result per number. Send an Idempotency-Key header to ' +
          'retry safely: the same key and body return the first order (200, Idempotent-Replayed: true) and never buy twice; ' +
          'the same key with another body is a 422.',
        tags,
        security: keySecurity(['phone_numbers:purchase']),
        body: CreateOrderSchema,
        response: { 200: OrderSchema, 201: OrderSchema, ...problems(400, 401, 403, 404, 422) },
      },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const { phone_numbers, carrier_account_id, customer_reference } = request.body;
      const placed = await orders.place(
        principalOf(request).organizationId,
        { numbers: phone_numbers, carrier_account_id, customer_reference },
        key,
      );
      if (placed.replayed) reply.header('idempotent-replayed', 'true');
      return reply
        .code(placed.replayed ? 200 : 201)
        .header('location', `/v1/number-orders/${placed.order.id}`)
        .send(toOrderResource(placed.order));
    },
  );

  r.get(
    '/v1/number-orders',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'List number orders',
        tags,
        security: keySecurity(['phone_numbers:read']),
        querystring: OrderListQuerySchema,
        response: { 200: OrderListSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      return pageNewestFirst(deps.cursors, request.query, ORDERS_PAGE_SIZE, (limit, after) => orders.list(organizationId, limit, after), toOrderResource);
    },
  );

  r.get(
    '/v1/number-orders/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'Retrieve a number order',
        tags,
        security: keySecurity(['phone_numbers:read']),
        params: IdParams,
        response: { 200: OrderSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toOrderResource(await orders.get(principalOf(request).organizationId, request.params.id)),
  );
}
