import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { AppError } from '../../errors/catalogue.js';
import { routeNotFound } from '../../http/server.js';
import type { DialectServices } from '../dialect.js';
import { routeConfigs } from '../shared/operations.js';
import { toRelayLookup } from './relay.mapping.js';
import { RELAY_OPERATIONS } from './relay.operations.js';
import { RelayLookupParams, RelayLookupQuerySchema } from './relay.schemas.js';

const operation = routeConfigs(RELAY_OPERATIONS);

/** /api/relay/rest/lookup/phone_number/{e164_number}, over the lookups service. */
export async function relayLookupRoutes(app: FastifyInstance, services: DialectServices): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/lookup/phone_number/:e164_number',
    {
      config: operation('phone_number_lookup.get', 'phone_numbers:read'),
      schema: { hide: true, params: RelayLookupParams, querystring: RelayLookupQuerySchema },
    },
    async (request) => {
      let lookup;
      try {
        lookup = services.lookups.lookup(request.params.e164_number, { parameter: 'e164_number' });
      } catch (error) {
        // The document answers a number it cannot look up with its 404: no numbering plan has it.
        if (error instanceof AppError && error.code === 'invalid_phone_number') throw routeNotFound(request);
        throw error;
      }
      return toRelayLookup(lookup, new Set(request.query.include?.split(',') ?? []));
    },
  );
}
