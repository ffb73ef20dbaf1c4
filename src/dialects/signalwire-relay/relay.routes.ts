import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { assertHeld } from '../../numbers/numbers.service.js';
import { listPage } from '../shared/numbers.js';
import { routeConfigs } from '../shared/operations.js';
import { inRelayBody, toChanges, toFilters, toRelayAvailable, toRelayNumber, toSearchInput } from './relay.mapping.js';
import { RELAY_OPERATIONS } from './relay.operations.js';
import {
  E911BodySchema,
  RelayIdParams,
  RelayImportBodySchema,
  RelayListQuerySchema,
  RelayPurchaseBodySchema,
  RelaySearchQuerySchema,
  RelayUpdateBodySchema,
  type RelayListQuery,
} from './relay.schemas.js';

const operation = routeConfigs(RELAY_OPERATIONS);

function pageLink(request: FastifyRequest, q: RelayListQuery, page: number, size: number, token?: string | null): string {
  const params = new URLSearchParams();
  if (q.filter_name) params.set('filter_name', q.filter_name);
  if (q.filter_number) params.set('filter_number', q.filter_number);
  params.set('page_number', String(page));
  params.set('page_size', String(size));
  if (token) params.set('page_token', token);
  return `${request.url.split('?')[0]}?${params}`;
}

/**
 * /api/relay/rest/phone_numbers (list, search, purchase, retrieve, update with PUT, release,
 * E911 address) and /api/relay/rest/imported_phone_numbers.
 */
export async function relayRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { numbers } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/phone_numbers',
    { config: operation('phone_numbers.list', 'phone_numbers:read'), schema: { hide, querystring: RelayListQuerySchema } },
    async (request) => {
      const q = request.query;
      const page = q.page_number ?? 0;
      const size = q.page_size ?? 50;
      const options = { filters: toFilters(q), limit: size };
      const paging = q.page_token ? { cursor: q.page_token } : { offset: page * size };
      const result = await listPage(numbers, principalOf(request).organizationId, { ...options, ...paging }, 'page_token');
      const next = numbers.cursorFor(result, options);
      return {
        links: {
          self: request.url,
          first: pageLink(request, q, 0, size),
          ...(result.hasMore ? { next: pageLink(request, q, page + 1, size, next) } : {}),
          ...(page > 0 ? { prev: pageLink(request, q, page - 1, size) } : {}),
        },
        data: result.data.map(toRelayNumber),
      };
    },
  );

  r.get(
    '/phone_numbers/search',
    { config: operation('phone_numbers.search', 'phone_numbers:read'), schema: { hide, querystring: RelaySearchQuerySchema } },
    async (request) => {
      const found = await services.availableNumbers.search(principalOf(request).organizationId, toSearchInput(request.query));
      return { links: { self: request.url, first: request.url }, data: found.map(toRelayAvailable) };
    },
  );

  r.post(
    '/phone_numbers',
    { config: operation('phone_numbers.create', 'phone_numbers:purchase'), schema: { hide, body: RelayPurchaseBodySchema } },
    async (request) => toRelayNumber(await services.orders.buyOne(principalOf(request).organizationId, request.body.number)),
  );

  r.get(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: RelayIdParams } },
    async (request) => {
      const { id } = request.params;
      return toRelayNumber(await numbers.getHeld(principalOf(request).organizationId, id));
    },
  );

  r.put(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.update', 'phone_numbers:write'), schema: { hide, params: RelayIdParams, body: RelayUpdateBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const { id } = request.params;
      // The handler fields sent are merged into the number's routing as it is when written.
      const body = request.body ?? {};
      const updated = await numbers.updateFrom(organizationId, id, (current) => toChanges(body, assertHeld(current, id))).catch((error: unknown) => {
        throw inRelayBody(error, body);
      });
      return toRelayNumber(updated);
    },
  );

  r.delete(
    '/phone_numbers/:id',
    { config: operation('phone_numbers.delete', 'phone_numbers:release'), schema: { hide, params: RelayIdParams } },
    async (request, reply) => {
      const organizationId = principalOf(request).organizationId;
      const { id } = request.params;
      await numbers.getHeld(organizationId, id, id, 'primary');
      await services.releases.release(organizationId, id);
      return reply.code(204).send();
    },
  );

  r.post(
    '/imported_phone_numbers',
    { config: operation('imported_phone_numbers.create', 'phone_numbers:write'), schema: { hide, body: RelayImportBodySchema } },
    async (request, reply) => {
      const { number, capabilities } = request.body;
      const record = await numbers.importNumber(principalOf(request).organizationId, {
        number: number.startsWith('+') ? number : `+${number}`,
        capabilities: capabilities ?? ['sms', 'voice', 'fax', 'mms'],
      });
      return reply.code(201).send(toRelayNumber(record));
    },
  );

  r.post(
    '/phone_numbers/:id/e911_address',
    { config: operation('e911_address.create', 'phone_numbers:write'), schema: { hide, params: RelayIdParams, body: E911BodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const { id } = request.params;
      await numbers.getHeld(organizationId, id, id, 'primary');
      const changes = { emergency_enabled: true, emergency_address_id: request.body.e911_address_id };
      return toRelayNumber(await numbers.update(organizationId, id, changes));
    },
  );

  r.delete(
    '/phone_numbers/:id/e911_address',
    { config: operation('e911_address.delete', 'phone_numbers:write'), schema: { hide, params: RelayIdParams } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const { id } = request.params;
      await numbers.getHeld(organizationId, id, id, 'primary');
      return toRelayNumber(await numbers.update(organizationId, id, { emergency_enabled: false, emergency_address_id: null }));
    },
  );
}
