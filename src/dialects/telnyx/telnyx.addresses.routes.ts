import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import type { DialectServices } from '../dialect.js';
import { pointedAt } from '../shared/numbers.js';
import { routeConfigs } from '../shared/operations.js';
import { nestDeepObjects } from '../shared/query.js';
import {
  ADDRESS_POINTERS,
  fromTelnyxAddress,
  toAddressFilters,
  toAddressSort,
  toCheckedAddress,
  toTelnyxAddress,
  toTelnyxValidation,
} from './telnyx.addresses.mapping.js';
import {
  TelnyxAcceptSuggestionsBodySchema,
  TelnyxAddressBodySchema,
  TelnyxAddressListQuerySchema,
  TelnyxAddressParams,
  TelnyxValidateBodySchema,
} from './telnyx.addresses.schemas.js';
import { TELNYX_OPERATIONS } from './telnyx.operations.js';
import { telnyxPage } from './telnyx.paging.js';

const operation = routeConfigs(TELNYX_OPERATIONS);

/**
 * /v2/addresses: Telnyx's addresses are the organization's addresses (the same ones
 * /v1/addresses, Twilio's Addresses and SignalWire's E911 addresses show), named by their id.
 */
export async function telnyxAddressRoutes(app: FastifyInstance, { addresses }: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const hide = true;

  r.get(
    '/addresses',
    { config: operation('addresses.list', 'addresses:read'), preValidation: nestDeepObjects, schema: { hide, querystring: TelnyxAddressListQuerySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const page = telnyxPage(request.query.page);
      const filters = toAddressFilters(request.query.filter);
      const [rows, total] = await Promise.all([
        addresses.list(organizationId, filters, { limit: page.size, offset: page.offset }, toAddressSort(request.query.sort)),
        addresses.count(organizationId, filters),
      ]);
      return { data: rows.map(toTelnyxAddress), meta: page.meta(total) };
    },
  );

  r.post(
    '/addresses',
    { config: operation('addresses.create', 'addresses:write'), schema: { hide, body: TelnyxAddressBodySchema } },
    async (request) => {
      const organizationId = principalOf(request).organizationId;
      const address = await pointedAt(ADDRESS_POINTERS, () => addresses.create(organizationId, fromTelnyxAddress(request.body)));
      return { data: toTelnyxAddress(address) };
    },
  );

  r.post(
    '/addresses/actions/validate',
    { config: operation('addresses.validate', 'addresses:read'), schema: { hide, body: TelnyxValidateBodySchema } },
    async (request) => ({ data: toTelnyxValidation(addresses.check(toCheckedAddress(request.body))) }),
  );

  r.get(
    '/addresses/:id',
    { config: operation('addresses.get', 'addresses:read'), schema: { hide, params: TelnyxAddressParams } },
    async (request) => ({ data: toTelnyxAddress(await addresses.get(principalOf(request).organizationId, request.params.id)) }),
  );

  r.delete(
    '/addresses/:id',
    { config: operation('addresses.delete', 'addresses:write'), schema: { hide, params: TelnyxAddressParams } },
    async (request) => ({ data: toTelnyxAddress(await addresses.delete(principalOf(request).organizationId, request.params.id)) }),
  );

  r.post(
    '/addresses/:id/actions/accept_suggestions',
    {
      config: operation('addresses.accept_suggestions', 'addresses:write'),
      schema: { hide, params: TelnyxAddressParams, body: TelnyxAcceptSuggestionsBodySchema },
    },
    async (request, reply) => {
      const { id } = request.params;
      const accepted = await addresses.acceptSuggestions(principalOf(request).organizationId, id);
      // 202 when the address was rewritten in its suggested form; 200 when it was written so already.
      return reply.code(accepted.changed ? 202 : 200).send({ data: { id: accepted.address.id, accepted: accepted.accepted, record_type: 'address_suggestion' } });
    },
  );
}
