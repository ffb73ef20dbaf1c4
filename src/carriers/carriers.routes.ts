import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { keySecurity, principalOf, requireKey } from '../auth/auth.hooks.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { splitCommaLists } from '../http/query.js';
import { problems, Uuid } from '../http/schema-kit.js';
import type { AvailableNumbersService } from './available-numbers.service.js';
import type { CarrierAccountsService } from './carrier-accounts.service.js';
import {
  CarrierAccountListSchema,
  CarrierAccountSchema,
  CreateCarrierAccountSchema,
  SEARCH_LIST_PARAMETERS,
  SearchQuerySchema,
  SearchResponseSchema,
  toAccountResource,
  toAvailableResource,
  toCreateInput,
  toSearchInput,
} from './carriers.schemas.js';

export interface CarriersRoutesDeps {
  accounts: CarrierAccountsService;
  available: AvailableNumbersService;
  keys: ApiKeysService;
}

const IdParams = Type.Object({ id: Uuid('The id of the carrier account.') }, { additionalProperties: false });

/** /v1/carrier-accounts and /v1/available-phone-numbers: HTTP only. */
export async function carriersRoutes(app: FastifyInstance, deps: CarriersRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { accounts, available, keys } = deps;
  const tags = ['Carriers'];

  r.get(
    '/v1/available-phone-numbers',
    {
      preValidation: splitCommaLists(SEARCH_LIST_PARAMETERS),
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'Search numbers you can buy',
        description:
          "Searches a carrier's inventory (the built-in sandbox unless carrier_account_id is given). Use one of " +
          'starts_with, contains and ends_with; region excludes area_code; city needs region and excludes area_code and patterns.',
        tags,
        security: keySecurity(['phone_numbers:read']),
        querystring: SearchQuerySchema,
        response: { 200: SearchResponseSchema, ...problems(400, 401, 403, 404, 502, 503) },
      },
    },
    async (request) => {
      const offers = await available.search(principalOf(request).organizationId, toSearchInput(request.query));
      return { object: 'list' as const, data: offers.map(toAvailableResource) };
    },
  );

  r.post(
    '/v1/carrier-accounts',
    {
      onRequest: requireKey(keys, ['phone_numbers:write']),
      schema: {
        summary: 'Add a carrier account',
        description: 'Credentials are encrypted at rest with DIALTONE_SECRET_KEY and never returned.',
        tags,
        security: keySecurity(['phone_numbers:write']),
        body: CreateCarrierAccountSchema,
        response: { 201: CarrierAccountSchema, ...problems(400, 401, 403, 503) },
      },
    },
    async (request, reply) => {
      const info = await accounts.create(principalOf(request).organizationId, toCreateInput(request.body));
      return reply.code(201).header('location', `/v1/carrier-accounts/${info.id}`).send(toAccountResource(info));
    },
  );

  r.get(
    '/v1/carrier-accounts',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'List carrier accounts',
        tags,
        security: keySecurity(['phone_numbers:read']),
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: CarrierAccountListSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const list = await accounts.list(principalOf(request).organizationId);
      return { object: 'list' as const, data: list.map(toAccountResource) };
    },
  );

  r.get(
    '/v1/carrier-accounts/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'Retrieve a carrier account',
        tags,
        security: keySecurity(['phone_numbers:read']),
        params: IdParams,
        response: { 200: CarrierAccountSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toAccountResource(await accounts.get(principalOf(request).organizationId, request.params.id)),
  );

  r.delete(
    '/v1/carrier-accounts/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:write']),
      schema: {
        summary: 'Delete a carrier account',
        description: 'Refused once numbers were ordered through it: they are released through it.',
        tags,
        security: keySecurity(['phone_numbers:write']),
        params: IdParams,
        response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      await accounts.delete(principalOf(request).organizationId, request.params.id);
      return reply.code(204).send(null);
    },
  );
}
