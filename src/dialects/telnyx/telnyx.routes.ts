import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { OrderWithItems } from '../../orders/orders.repo.js';
import type { OrdersService } from '../../orders/orders.service.js';
import type { DialectServices } from '../dialect.js';
import { held } from '../shared/numbers.js';
import { nestQuery } from '../shared/query.js';
import { toChanges, toFilters, toSort, toTelnyx, toTelnyxDeleted } from './telnyx.mapping.js';
import { toNumberOrder, toSearchInput, toTelnyxAvailable } from './telnyx.orders.js';
import { messagingChanges, toMessagingSettings, toVoiceSettings, voiceChanges } from './telnyx.settings.js';
import {
  AvailableQuerySchema,
  MessagingSettingsBodySchema,
  NumberOrderBodySchema,
  NumberOrderListQuerySchema,
  NumberOrderParams,
  TelnyxIdParams,
  TelnyxListQuerySchema,
  TelnyxUpdateBodySchema,
  VoiceSettingsBodySchema,
} from './telnyx.schemas.js';

/** One page of orders, newest first, reached by walking the keyset pages before it. */
async function orderPage(orders: OrdersService, organizationId: string, pageNumber: number, size: number) {
  let after: { createdAt: string; id: string } | undefined;
  for (let page = 1; ; page++) {
    const rows: OrderWithItems[] = await orders.list(organizationId, size + 1, after);
    const hasMore = rows.length > size;
    const data = rows.slice(0, size);
    if (page === pageNumber) return { data, hasMore };
    const last = data.at(-1);
    if (!hasMore || !last) return { data: [], hasMore: false };
    after = { createdAt: last.created_at.toISOString(), id: last.id };
  }
}

/**
 * /v2/phone_numbers (list, retrieve, update, delete, voice and messaging settings),
 * /v2/available_phone_numbers and /v2/number_orders.
 */
export async function telnyxRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers, orders } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  const nest = async (request: { query: unknown }) => {
    request.query = nestQuery(request.query as Record<string, unknown>);
  };

  const byId = async (organizationId: string, id: string) => held(await numbers.getBySeq(organizationId, Number(id)), id);

  r.get(
    '/phone_numbers',
    {
      config: { scopes: ['phone_numbers:read'] },
      preValidation: nest,
      schema: { hide, querystring: TelnyxListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const pageNumber = q.page?.number ?? 1;
      const size = q.page?.size ?? 20;
      const filters = toFilters(q);
      if (!filters) {
        return { data: [], meta: { total_pages: 0, total_results: 0, page_number: pageNumber, page_size: size } };
      }
      const page = await numbers.list(principalOf(request).organizationId, {
        filters,
        sort: toSort(q),
        limit: size,
        offset: (pageNumber - 1) * size,
        includeTotal: true,
      });
      const total = page.totalCount ?? 0;
      return {
        data: page.data.map(toTelnyx),
        meta: { total_pages: Math.ceil(total / size), total_results: total, page_number: pageNumber, page_size: size },
      };
    },
  );

  r.get(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: TelnyxIdParams } },
    async (request) => ({ data: toTelnyx(await byId(principalOf(request).organizationId, request.params.id)) }),
  );

  r.patch(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:write'] }, schema: { hide, params: TelnyxIdParams, body: TelnyxUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toTelnyx(await numbers.update(organizationId, current.id, toChanges(request.body))) };
    },
  );

  r.delete(
    '/phone_numbers/:id',
    { config: { scopes: ['phone_numbers:release'] }, schema: { hide, params: TelnyxIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toTelnyxDeleted(await numbers.release(organizationId, current.id)) };
    },
  );

  r.get(
    '/available_phone_numbers',
    { config: { scopes: ['phone_numbers:read'] }, preValidation: nest, schema: { hide, querystring: AvailableQuerySchema } },
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
      const key = request.headers['idempotency-key'];
      const { order } = await orders.place(
        organizationId,
        { numbers: body.phone_numbers.map((n) => n.phone_number), customer_reference: body.customer_reference },
        typeof key === 'string' ? key : undefined,
      );
      const settings = { connection_id: body.connection_id, messaging_profile_id: body.messaging_profile_id, billing_group_id: body.billing_group_id };
      const changes = Object.fromEntries(Object.entries(settings).filter(([, value]) => value !== undefined));
      if (Object.keys(changes).length) {
        for (const item of order.items.filter((i) => i.status === 'purchased' && i.phone_number_id)) {
          await numbers.update(organizationId, item.phone_number_id!, changes);
        }
      }
      return { data: { ...toNumberOrder(order), ...changes } };
    },
  );

  r.get(
    '/number_orders',
    { config: { scopes: ['phone_numbers:read'] }, preValidation: nest, schema: { hide, querystring: NumberOrderListQuerySchema } },
    async (request) => {
      const pageNumber = request.query.page?.number ?? 1;
      const size = request.query.page?.size ?? 20;
      const page = await orderPage(orders, principalOf(request).organizationId, pageNumber, size);
      // Orders are paged by keyset: the count of pages is known only up to the next one.
      const totalPages = page.hasMore ? pageNumber + 1 : page.data.length ? pageNumber : pageNumber - 1;
      return { data: page.data.map(toNumberOrder), meta: { page_number: pageNumber, page_size: size, total_pages: totalPages } };
    },
  );

  r.get(
    '/number_orders/:number_order_id',
    { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: NumberOrderParams } },
    async (request) => ({ data: toNumberOrder(await orders.get(principalOf(request).organizationId, request.params.number_order_id)) }),
  );

  const read = { scopes: ['phone_numbers:read'] as const };
  const write = { scopes: ['phone_numbers:write'] as const };

  r.get('/phone_numbers/:id/voice', { config: read, schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toVoiceSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/voice',
    { config: write, schema: { hide, params: TelnyxIdParams, body: VoiceSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toVoiceSettings(await numbers.update(organizationId, current.id, voiceChanges(request.body))) };
    },
  );

  r.get('/phone_numbers/:id/messaging', { config: read, schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toMessagingSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/messaging',
    { config: write, schema: { hide, params: TelnyxIdParams, body: MessagingSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id);
      return { data: toMessagingSettings(await numbers.update(organizationId, current.id, messagingChanges(request.body))) };
    },
  );
}
