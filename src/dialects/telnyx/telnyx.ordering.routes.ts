import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import type { OrdersService } from '../../orders/orders.service.js';
import type { DialectServices } from '../dialect.js';
import { nestDeepObjects } from '../shared/query.js';
import { toNumberOrder, toSearchInput, toTelnyxAvailable } from './telnyx.orders.js';
import { AvailableQuerySchema, NumberOrderBodySchema, NumberOrderListQuerySchema, NumberOrderParams } from './telnyx.schemas.js';

/** One page of orders, newest first, reached by walking the keyset pages before it. */
/** One page of the organization's orders, newest first, and whether another follows. */
async function orderPage(orders: OrdersService, organizationId: string, pageNumber: number, size: number) {
  const rows = await orders.listByOffset(organizationId, (pageNumber - 1) * size, size + 1);
  return { data: rows.slice(0, size), hasMore: rows.length > size };
}

/** /v2/available_phone_numbers and /v2/number_orders: searching and buying. */
export async function orderingRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { orders } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/available_phone_numbers',
    { config: { scopes: ['phone_numbers:read'] }, preValidation: nestDeepObjects, schema: { hide, querystring: AvailableQuerySchema } },
    async (request) => {
      const found = await services.availableNumbers.search(principalOf(request).organizationId, toSearchInput(request.query));
      return { data: found.map(toTelnyxAvailable), meta: { total_results: found.length, best_effort_results: 0 } };
    },
  );

  r.post(
    '/number_orders',
    { config: { scopes: ['phone_numbers:purchase'] }, schema: { hide, body: NumberOrderBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const body = request.body;
      const settings = { connection_id: body.connection_id, messaging_profile_id: body.messaging_profile_id, billing_group_id: body.billing_group_id };
      const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
      const { order } = await orders.placeWithSettings(
        organizationId,
        { numbers: body.phone_numbers.map((n) => n.phone_number), customer_reference: body.customer_reference },
        changes,
        idempotencyKeyOf(request),
      );
      return { data: { ...toNumberOrder(order), ...changes } };
    },
  );

  r.get(
    '/number_orders',
    { config: { scopes: ['phone_numbers:read'] }, preValidation: nestDeepObjects, schema: { hide, querystring: NumberOrderListQuerySchema } },
    async (request) => {
      const pageNumber = request.query.page?.number ?? 1;
      const size = request.query.page?.size ?? 20;
      const page = await orderPage(orders, principalOf(request).organizationId, pageNumber, size);
      // Nothing counts the orders: the count of pages is known only up to the next one.
      const totalPages = page.hasMore ? pageNumber + 1 : page.data.length ? pageNumber : pageNumber - 1;
      return { data: page.data.map(toNumberOrder), meta: { page_number: pageNumber, page_size: size, total_pages: totalPages } };
    },
  );

  r.get(
    '/number_orders/:number_order_id',
    { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: NumberOrderParams } },
    async (request) => ({ data: toNumberOrder(await orders.get(principalOf(request).organizationId, request.params.number_order_id)) }),
  );
}
