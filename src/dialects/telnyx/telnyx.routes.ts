import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadFrom } from '../../db/database.js';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import type { OrdersService } from '../../orders/orders.service.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import {
  messagingChanges,
  toChanges,
  toFilters,
  toMessagingSettings,
  toNumberOrder,
  toSearchInput,
  toSort,
  toTelnyx,
  toTelnyxAvailable,
  toTelnyxDeleted,
  toVoiceSettings,
  voiceChanges,
} from './telnyx.mapping.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
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

const operation = routeConfigs(TELNYX_OPERATIONS);

/** /v2/phone_numbers, then /v2/available_phone_numbers and /v2/number_orders. */
export async function telnyxRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  await numberRoutes(app, services);
  await orderingRoutes(app, services);
}

/** /v2/phone_numbers: list, retrieve, update, delete, and the voice and messaging settings. */
async function numberRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  // A read from a replica; a number about to be changed is read from the primary.
  const byId = (organizationId: string, id: string, from: ReadFrom = 'replica') => numbers.getHeldBySeq(organizationId, Number(id), id, from);

  r.get(
    '/phone_numbers',
    {
      config: operation('phone_numbers.list', 'phone_numbers:read'),
      preValidation: nestDeepObjects,
      schema: { hide, querystring: TelnyxListQuerySchema },
    },
    async (request) => {
      const q = request.query;
      const pageNumber = q.page?.number || 1;
      const size = q.page?.size || 20;
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
    { config: operation('phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } },
    async (request) => ({ data: toTelnyx(await byId(principalOf(request).organizationId, request.params.id)) }),
  );

  r.patch(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: TelnyxUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toTelnyx(await numbers.update(organizationId, current.id, toChanges(request.body))) };
    },
  );

  r.delete(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.delete', 'phone_numbers:release'), schema: { hide, params: TelnyxIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toTelnyxDeleted(await services.releases.release(organizationId, current.id)) };
    },
  );

  r.get('/phone_numbers/:id/voice', { config: operation('voice_settings.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toVoiceSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/voice',
    { config: operation('voice_settings.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: VoiceSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toVoiceSettings(await numbers.update(organizationId, current.id, voiceChanges(request.body))) };
    },
  );

  r.get('/phone_numbers/:id/messaging', { config: operation('messaging_settings.get', 'phone_numbers:read'), schema: { hide, params: TelnyxIdParams } }, async (request) => ({
    data: toMessagingSettings(await byId(principalOf(request).organizationId, request.params.id)),
  }));

  r.patch(
    '/phone_numbers/:id/messaging',
    { config: operation('messaging_settings.update', 'phone_numbers:write'), schema: { hide, params: TelnyxIdParams, body: MessagingSettingsBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const current = await byId(organizationId, request.params.id, 'primary');
      return { data: toMessagingSettings(await numbers.update(organizationId, current.id, messagingChanges(request.body))) };
    },
  );
}

/** One page of the organization's orders, newest first, and whether another follows. */
async function orderPage(orders: OrdersService, organizationId: string, pageNumber: number, size: number) {
  const rows = await orders.listByOffset(organizationId, (pageNumber - 1) * size, size + 1);
  return { data: rows.slice(0, size), hasMore: rows.length > size };
}

/** /v2/available_phone_numbers and /v2/number_orders: searching and buying. */
async function orderingRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { orders } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/available_phone_numbers',
    { config: operation('available_phone_numbers.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: AvailableQuerySchema } },
    async (request) => {
      const found = await services.availableNumbers.search(principalOf(request).organizationId, toSearchInput(request.query));
      return { data: found.map(toTelnyxAvailable), meta: { total_results: found.length, best_effort_results: 0 } };
    },
  );

  r.post(
    '/number_orders',
    { config: operation('number_orders.create', 'phone_numbers:purchase'), schema: { hide, body: NumberOrderBodySchema } },
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
    { config: operation('number_orders.list', 'phone_numbers:read'), preValidation: nestDeepObjects, schema: { hide, querystring: NumberOrderListQuerySchema } },
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
    { config: operation('number_orders.get', 'phone_numbers:read'), schema: { hide, params: NumberOrderParams } },
    async (request) => ({ data: toNumberOrder(await orders.get(principalOf(request).organizationId, request.params.number_order_id)) }),
  );
}
