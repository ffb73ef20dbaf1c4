import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { adminSecurity, keySecurity, principalOf, requireAdmin, requireKey } from '../auth/auth.hooks.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import { problems, Uuid } from '../http/schema-kit.js';
import { splitCommaLists } from '../http/query.js';
import { resolveSort } from './list-query.js';
import type { NumbersService } from './numbers.service.js';
import {
  ImportBodySchema,
  LIST_PARAMETERS,
  ListQuerySchema,
  ListResponseSchema,
  PhoneNumberSchema,
  toChanges,
  toFilters,
  toImportInput,
  toResource,
  UpdateBodySchema,
} from './numbers.schemas.js';

export interface NumbersRoutesDeps {
  numbers: NumbersService;
  keys: ApiKeysService;
  adminToken: string | null;
}

const IdParams = Type.Object({ id: Uuid('The id of the phone number.') }, { additionalProperties: false });
const LookupQuery = Type.Object(
  { number: Type.String({ minLength: 3, maxLength: 32, description: 'The number, in any common form.', example: '+14155552671' }) },
  { additionalProperties: false },
);
const RouteResponse = Type.Object({
  organization_id: Uuid('The organization holding the number.'),
  phone_number: PhoneNumberSchema,
});

/** /v1/phone-numbers: HTTP only; every rule is in NumbersService. */
export async function numbersRoutes(app: FastifyInstance, deps: NumbersRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const { numbers, keys } = deps;
  const tags = ['Phone numbers'];

  r.get(
    '/v1/phone-numbers',
    {
      preValidation: splitCommaLists(LIST_PARAMETERS),
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'List phone numbers',
        description: 'Filters combine with AND. Cursor-paginated; newest first unless sorted otherwise.',
        tags,
        security: keySecurity(['phone_numbers:read']),
        querystring: ListQuerySchema,
        response: { 200: ListResponseSchema, ...problems(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const filters = toFilters(q);
      const options = { filters, sort: resolveSort(q.sort, q.order), limit: q.limit ?? 50, cursor: q.cursor, includeTotal: q.include_total };
      const page = await numbers.list(principalOf(request).organizationId, options);
      return {
        object: 'list' as const,
        data: page.data.map((record) => toResource(record)),
        has_more: page.hasMore,
        next_cursor: numbers.cursorFor(page, options),
        ...(page.totalCount !== undefined ? { total_count: page.totalCount } : {}),
      };
    },
  );

  r.get(
    '/v1/phone-numbers/lookup',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'Find one of your numbers by the number itself',
        tags,
        security: keySecurity(['phone_numbers:read']),
        querystring: LookupQuery,
        response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toResource(await numbers.lookup(principalOf(request).organizationId, request.query.number)),
  );

  r.get(
    '/v1/phone-numbers/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:read']),
      schema: {
        summary: 'Retrieve a phone number',
        tags,
        security: keySecurity(['phone_numbers:read']),
        params: IdParams,
        response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => toResource(await numbers.get(principalOf(request).organizationId, request.params.id)),
  );

  r.post(
    '/v1/phone-numbers',
    {
      onRequest: requireKey(keys, ['phone_numbers:write']),
      schema: {
        summary: 'Import a number you already own (BYOC, SIP trunk, another carrier)',
        tags,
        security: keySecurity(['phone_numbers:write']),
        body: ImportBodySchema,
        response: { 201: PhoneNumberSchema, ...problems(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const record = await numbers.importNumber(principalOf(request).organizationId, toImportInput(request.body));
      return reply.code(201).header('location', `/v1/phone-numbers/${record.id}`).send(toResource(record));
    },
  );

  r.patch(
    '/v1/phone-numbers/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:write']),
      schema: {
        summary: 'Update a phone number',
        description: 'Only the fields sent change. status moves the number along its lifecycle where allowed.',
        tags,
        security: keySecurity(['phone_numbers:write']),
        params: IdParams,
        body: UpdateBodySchema,
        response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      toResource(await numbers.update(principalOf(request).organizationId, request.params.id, toChanges(request.body))),
  );

  r.delete(
    '/v1/phone-numbers/:id',
    {
      onRequest: requireKey(keys, ['phone_numbers:release']),
      schema: {
        summary: 'Release a phone number',
        description:
          'Refused (409) while deletion_lock_enabled is on. The released record stays readable. ' +
          'A number bought through a carrier is given back to that carrier first: 200 with status `released` ' +
          'once the carrier has let it go; 502 `carrier_rejected` if the carrier refuses, and the number stays ' +
          'as it was; 202 with status `release_pending` if the carrier gave no answer in time (or another ' +
          'release of the number is under way). A pending release is finished by Dialtone within minutes: the ' +
          'number then reads `released`, or its earlier status if the carrier refuses. While pending, the number ' +
          'is still held, is not billed, and cannot be changed or assigned; a DELETE again answers 202.',
        tags,
        security: keySecurity(['phone_numbers:release']),
        params: IdParams,
        response: { 200: PhoneNumberSchema, 202: PhoneNumberSchema, ...problems(400, 401, 403, 404, 409, 502) },
      },
    },
    async (request, reply) => {
      const record = await numbers.release(principalOf(request).organizationId, request.params.id);
      return reply.code(record.status === 'release_pending' ? 202 : 200).send(toResource(record));
    },
  );

  r.get(
    '/v1/routing/lookup',
    {
      onRequest: requireAdmin(deps.adminToken),
      schema: {
        summary: 'Route an inbound call: who holds a number, and where its calls go (operator)',
        tags: ['Operator'],
        security: adminSecurity,
        querystring: LookupQuery,
        response: { 200: RouteResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const route = await numbers.route(request.query.number);
      return { organization_id: route.organization_id, phone_number: toResource(route.phone_number) };
    },
  );
}
