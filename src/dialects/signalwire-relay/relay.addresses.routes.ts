import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { fromRelayAddress, toRelayAddress } from './relay.mapping.js';
import { RELAY_OPERATIONS } from './relay.operations.js';
import { RelayAddressBodySchema, RelayAddressIdParams, RelayAddressListQuerySchema, type RelayAddressListQuery } from './relay.schemas.js';

const operation = routeConfigs(RELAY_OPERATIONS);

/** A link to a page of the list, with the filter it was asked with. */
function pageLink(request: FastifyRequest, q: RelayAddressListQuery, page: number, size: number): string {
  const params = new URLSearchParams();
  if (q.filter_label) params.set('filter_label', q.filter_label);
  params.set('page_number', String(page));
  params.set('page_size', String(size));
  return `${request.url.split('?')[0]}?${params}`;
}

/**
 * /api/relay/rest/addresses: SignalWire's E911 addresses, which are the organization's
 * addresses (the same ones /v1/addresses and Twilio's Addresses show). Pages are numbered;
 * the links name each page by its number.
 */
export async function relayAddressRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const { addresses } = services;
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/addresses',
    { config: operation('addresses.list', 'addresses:read'), schema: { hide, querystring: RelayAddressListQuerySchema } },
    async (request) => {
      const q = request.query;
      const page = q.page_number ?? 0;
      const size = q.page_size ?? 50;
      const filters = q.filter_label ? { friendly_name_contains: q.filter_label } : {};
      // One more than the page, to know whether another follows.
      const rows = await addresses.list(principalOf(request).organizationId, filters, { limit: size + 1, offset: page * size });
      return {
        links: {
          self: request.url,
          first: pageLink(request, q, 0, size),
          ...(rows.length > size ? { next: pageLink(request, q, page + 1, size) } : {}),
          ...(page > 0 ? { prev: pageLink(request, q, page - 1, size) } : {}),
        },
        data: rows.slice(0, size).map(toRelayAddress),
      };
    },
  );

  r.post(
    '/addresses',
    { config: operation('addresses.create', 'addresses:write'), schema: { hide, body: RelayAddressBodySchema } },
    async (request) => {
      const options = { autoCorrect: request.body.auto_correct_address };
      return toRelayAddress(await addresses.create(principalOf(request).organizationId, fromRelayAddress(request.body), options));
    },
  );

  r.get(
    '/addresses/:id',
    { config: operation('addresses.get', 'addresses:read'), schema: { hide, params: RelayAddressIdParams } },
    async (request) => toRelayAddress(await addresses.get(principalOf(request).organizationId, request.params.id)),
  );

  r.put(
    '/addresses/:id',
    { config: operation('addresses.update', 'addresses:write'), schema: { hide, params: RelayAddressIdParams, body: RelayAddressBodySchema } },
    async (request) => {
      const { id } = request.params;
      const options = { autoCorrect: request.body.auto_correct_address };
      return toRelayAddress(await addresses.update(principalOf(request).organizationId, id, fromRelayAddress(request.body), id, options));
    },
  );

  r.delete(
    '/addresses/:id',
    { config: operation('addresses.delete', 'addresses:write'), schema: { hide, params: RelayAddressIdParams } },
    async (request, reply) => {
      await addresses.delete(principalOf(request).organizationId, request.params.id);
      return reply.code(204).send();
    },
  );
}
