import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { idempotencyKeyOf } from '../../http/headers.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxPage } from './telnyx.paging.js';
import { refuseRequirements, toNumberOrder, toOrderFilters, toOrderPhoneNumber } from './telnyx.orders.mapping.js';
import {
  NumberOrderBodySchema,
  NumberOrderListQuerySchema,
  NumberOrderUpdateBodySchema,
  OrderIdParams,
  OrderPhoneNumberListQuerySchema,
  OrderPhoneNumberParams,
  OrderPhoneNumberUpdateBodySchema,
} from './telnyx.orders.schemas.js';

const operation = routeConfigs(TELNYX_OPERATIONS);
const hide = true;

/** /v2/number_orders (place, list, retrieve, update) and /v2/number_order_phone_numbers (the orders' numbers). */
export async function telnyxOrderRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  await numberOrderRoutes(app, services);
  await orderPhoneNumberRoutes(app, services);
}

async function numberOrderRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { orders } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

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
      const { offset, size, meta } = telnyxPage(request.query.page);
      const filters = toOrderFilters(request.query);
      const page = filters ? await orders.page(principalOf(request).organizationId, filters, offset, size) : { data: [], total: 0 };
      return { data: page.data.map(toNumberOrder), meta: meta(page.total) };
    },
  );

  r.get(
    '/number_orders/:number_order_id',
    { config: operation('number_orders.get', 'phone_numbers:read'), schema: { hide, params: OrderIdParams } },
    async (request) => ({ data: toNumberOrder(await orders.get(principalOf(request).organizationId, request.params.number_order_id)) }),
  );

  r.patch(
    '/number_orders/:number_order_id',
    { config: operation('number_orders.update', 'phone_numbers:write'), schema: { hide, params: OrderIdParams, body: NumberOrderUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const id = request.params.number_order_id;
      const body = request.body;
      const order = await orders.get(organizationId, id);
      refuseRequirements(body.regulatory_requirements);
      if (body.customer_reference === undefined) return { data: toNumberOrder(order) };
      return { data: toNumberOrder(await orders.setCustomerReference(organizationId, id, body.customer_reference || null)) };
    },
  );
}

async function orderPhoneNumberRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { orders } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/number_order_phone_numbers',
    {
      config: operation('number_order_phone_numbers.list', 'phone_numbers:read'),
      preValidation: nestDeepObjects,
      schema: { hide, querystring: OrderPhoneNumberListQuerySchema },
    },
    async (request) => {
      const { offset, size, meta } = telnyxPage(request.query.page);
      const country = request.query.filter?.country_code?.toUpperCase();
      const page = await orders.itemPage(principalOf(request).organizationId, country ? { country } : {}, offset, size);
      return { data: page.data.map(toOrderPhoneNumber), meta: meta(page.total) };
    },
  );

  r.get(
    '/number_order_phone_numbers/:number_order_phone_number_id',
    { config: operation('number_order_phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: OrderPhoneNumberParams } },
    async (request) => ({
      data: toOrderPhoneNumber(await orders.getItem(principalOf(request).organizationId, request.params.number_order_phone_number_id)),
    }),
  );

  r.patch(
    '/number_order_phone_numbers/:number_order_phone_number_id',
    {
      config: operation('number_order_phone_numbers.update', 'phone_numbers:write'),
      schema: { hide, params: OrderPhoneNumberParams, body: OrderPhoneNumberUpdateBodySchema },
    },
    async (request) => {
      const item = await orders.getItem(principalOf(request).organizationId, request.params.number_order_phone_number_id);
      refuseRequirements(request.body.regulatory_requirements);
      return { data: toOrderPhoneNumber(item) };
    },
  );
}
