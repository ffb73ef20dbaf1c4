import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadFrom } from '../../db/database.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { errors } from '../../errors/catalogue.js';
import type { Capability, NumberType, PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { DialectServices } from '../dialect.js';
import { idFromPrefixed, organizationOfAccount } from '../shared/ids.js';
import { listPage } from '../shared/numbers.js';
import { routeConfigs } from '../shared/operations.js';
import {
  phoneNumberSid,
  toAvailablePhoneNumber,
  toChanges,
  toFilters,
  toIncomingPhoneNumber,
  toSearchInput,
  type LamlFlavor,
} from './laml.mapping.js';
import { LAML_OPERATIONS } from './laml.operations.js';
import {
  AccountParams,
  AvailableParams,
  AvailableQuerySchema,
  ImportBodySchema,
  LamlCreateBodySchema,
  LamlListQuerySchema,
  LamlUpdateBodySchema,
  NumberParams,
  type AvailableQuery,
  type ImportBody,
  type LamlCreateBody,
  type LamlListQuery,
  type LamlUpdateBody,
} from './laml.schemas.js';

const operation = routeConfigs(LAML_OPERATIONS);

/** The collections of IncomingPhoneNumbers: all numbers, or the numbers of one kind, each its own pair of operations. */
const COLLECTIONS = [
  { kind: '', list: 'incoming_phone_numbers.list', create: 'incoming_phone_numbers.create' },
  { kind: 'Local', list: 'incoming_phone_numbers_local.list', create: 'incoming_phone_numbers_local.create' },
  { kind: 'Mobile', list: 'incoming_phone_numbers_mobile.list', create: 'incoming_phone_numbers_mobile.create' },
  { kind: 'TollFree', list: 'incoming_phone_numbers_toll_free.list', create: 'incoming_phone_numbers_toll_free.create' },
] as const;
type Kind = (typeof COLLECTIONS)[number]['kind'];
const KIND_TYPES = { Local: 'local', Mobile: 'mobile', TollFree: 'toll_free' } as const satisfies Record<Exclude<Kind, ''>, NumberType>;

type FlavorOf = (request: FastifyRequest) => LamlFlavor;

/** Another account's path is a 404, like another organization's resource anywhere else. */
function assertOwnAccount(request: FastifyRequest, account: string): string {
  const organizationId = principalOf(request).organizationId;
  if (organizationOfAccount(account) !== organizationId) throw errors.notFound('account', account);
  return organizationId;
}

function numberIdOf(sid: string): string {
  const bare = sid.replace(/\.json$/, '');
  const id = idFromPrefixed(bare, 'PN');
  if (!id) throw errors.notFound('phone number', bare);
  return id;
}

/** Page links carry the filters of the list, so following them keeps the same list. */
function pageUri(base: string, q: LamlListQuery, page: number, size: number, token?: string | null): string {
  const params = new URLSearchParams();
  for (const name of ['FriendlyName', 'PhoneNumber', 'Origin', 'Beta'] as const) {
    if (q[name] !== undefined) params.set(name, String(q[name]));
  }
  params.set('PageSize', String(size));
  params.set('Page', String(page));
  if (token) params.set('PageToken', token);
  return `${base}?${params}`;
}

/** The number a create asks for: the one given, or the first available in the area code. */
async function numberToBuy(services: DialectServices, organizationId: string, body: LamlCreateBody, kind: Kind): Promise<string> {
  if (body.PhoneNumber) return body.PhoneNumber.startsWith('+') ? body.PhoneNumber : `+${body.PhoneNumber}`;
  if (!body.AreaCode) throw errors.validation('Either PhoneNumber or AreaCode is required.', { pointer: '/PhoneNumber' });
  const number_type = kind ? KIND_TYPES[kind] : 'local';
  const [first] = await services.availableNumbers.search(organizationId, { country: 'US', number_type, area_code: body.AreaCode, limit: 1 });
  if (!first) throw errors.numberUnavailable(`area code ${body.AreaCode}`, 'no number is available there');
  return first.number;
}

/** The path of a number's own resource, next to the collection the request went to. */
function numberUri(request: FastifyRequest, sid: string): string {
  const path = request.url.split('?')[0]!;
  const list = path.slice(0, path.indexOf('/IncomingPhoneNumbers') + '/IncomingPhoneNumbers'.length);
  return `${list}/${sid}${path.endsWith('.json') ? '.json' : ''}`;
}

type AccountRequest<Q = unknown, B = unknown> = FastifyRequest<{ Params: { AccountSid: string }; Querystring: Q; Body: B }>;
type NumberRequest<B = unknown> = FastifyRequest<{ Params: { AccountSid: string; Sid: string }; Body: B }>;

/** The handlers, shared by both flavors; flavorOf tells which way a request is answered. */
function handlers(services: DialectServices, flavorOf: FlavorOf) {
  const { numbers } = services;
  const render = (request: FastifyRequest, record: PhoneNumberRecord) =>
    toIncomingPhoneNumber(record, flavorOf(request), numberUri(request, phoneNumberSid(record, flavorOf(request))));
  // A read from a replica; a number about to be changed is read from the primary.
  const heldNumber = (organizationId: string, sid: string, from: ReadFrom = 'replica') => numbers.getHeld(organizationId, numberIdOf(sid), sid, from);

  return {
    list: (kind: Kind) => async (request: AccountRequest<LamlListQuery>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const q = request.query;
      const page = q.Page ?? 0;
      const size = q.PageSize ?? 50;
      const options = { filters: { ...toFilters(q), ...(kind ? { numberType: [KIND_TYPES[kind]] } : {}) }, limit: size };
      const paging = q.PageToken ? { cursor: q.PageToken } : { offset: page * size };
      const result = await listPage(numbers, organizationId, { ...options, ...paging }, 'PageToken');
      const base = request.url.split('?')[0]!;
      const start = page * size;
      return {
        ...(flavorOf(request) === 'twilio' ? { start, end: Math.max(start, start + result.data.length - 1) } : {}),
        page,
        page_size: size,
        uri: request.url,
        first_page_uri: pageUri(base, q, 0, size),
        next_page_uri: result.hasMore ? pageUri(base, q, page + 1, size, numbers.cursorFor(result, options)) : null,
        previous_page_uri: page > 0 ? pageUri(base, q, page - 1, size) : null,
        incoming_phone_numbers: result.data.map((record) => render(request, record)),
      };
    },

    create: (kind: Kind) => async (request: AccountRequest<unknown, LamlCreateBody>, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const { PhoneNumber: _number, AreaCode: _area, ...settings } = request.body;
      const number = await numberToBuy(services, organizationId, request.body, kind);
      const record = await services.orders.buyOne(organizationId, number, (bought) => toChanges(settings, bought));
      return reply.code(201).send(render(request, record));
    },

    import: async (request: AccountRequest<unknown, ImportBody>, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const { number, capabilities } = request.body;
      const listed = capabilities === undefined ? ['sms', 'voice', 'fax', 'mms'] : [capabilities].flat();
      const record = await numbers.importNumber(organizationId, { number, capabilities: listed as Capability[] });
      return reply.code(201).send(render(request, record));
    },

    available: async (request: FastifyRequest<{ Params: { AccountSid: string; Country: string; Type: string }; Querystring: AvailableQuery }>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const { Country: country, Type: type } = request.params;
      const found = await services.availableNumbers.search(organizationId, toSearchInput(country, type, request.query));
      return { uri: request.url, available_phone_numbers: found.map((n) => toAvailablePhoneNumber(n, flavorOf(request))) };
    },

    fetch: async (request: NumberRequest) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      return render(request, await heldNumber(organizationId, request.params.Sid));
    },

    update: async (request: NumberRequest<LamlUpdateBody | undefined>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const body = request.body ?? {};
      if (body.AccountSid && organizationOfAccount(body.AccountSid) !== organizationId) {
        throw errors.validation('Numbers cannot be moved to another account here.', { pointer: '/AccountSid' });
      }
      const { id } = await heldNumber(organizationId, request.params.Sid, 'primary');
      // The webhook fields sent are merged into the number's routing as it is when written.
      return render(request, await numbers.updateFrom(organizationId, id, (current) => toChanges(body, current)));
    },

    release: async (request: NumberRequest, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const current = await heldNumber(organizationId, request.params.Sid, 'primary');
      await services.releases.release(organizationId, current.id);
      return reply.code(204).send();
    },
  };
}

/**
 * IncomingPhoneNumbers (all, or one kind: Local, Mobile, TollFree), ImportedPhoneNumbers and
 * AvailablePhoneNumbers under /Accounts/{AccountSid}, every path with or without ".json".
 */
export function lamlRoutes(flavorOf: FlavorOf) {
  return async function register(app: FastifyInstance, services: DialectServices): Promise<void> {
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const h = handlers(services, flavorOf);
    const hide = true;

    for (const { kind, list, create } of COLLECTIONS) {
      for (const suffix of ['', '.json']) {
        const path = `/Accounts/:AccountSid/IncomingPhoneNumbers${kind ? `/${kind}` : ''}${suffix}`;
        r.get(
          path,
          { config: operation(list, 'phone_numbers:read'), schema: { hide, params: AccountParams, querystring: LamlListQuerySchema } },
          h.list(kind),
        );
        r.post(
          path,
          { config: operation(create, 'phone_numbers:purchase'), schema: { hide, params: AccountParams, body: LamlCreateBodySchema } },
          h.create(kind),
        );
      }
    }
    for (const suffix of ['', '.json']) {
      r.post(
        `/Accounts/:AccountSid/ImportedPhoneNumbers${suffix}`,
        { config: operation('imported_phone_numbers.create', 'phone_numbers:write'), schema: { hide, params: AccountParams, body: ImportBodySchema } },
        h.import,
      );
    }
    r.get(
      '/Accounts/:AccountSid/AvailablePhoneNumbers/:Country/:Type',
      { config: operation('available_phone_numbers.list', 'phone_numbers:read'), schema: { hide, params: AvailableParams, querystring: AvailableQuerySchema } },
      h.available,
    );
    const one = '/Accounts/:AccountSid/IncomingPhoneNumbers/:Sid';
    r.get(one, { config: operation('incoming_phone_numbers.get', 'phone_numbers:read'), schema: { hide, params: NumberParams } }, h.fetch);
    r.post(
      one,
      { config: operation('incoming_phone_numbers.update', 'phone_numbers:write'), schema: { hide, params: NumberParams, body: LamlUpdateBodySchema } },
      h.update,
    );
    r.delete(one, { config: operation('incoming_phone_numbers.delete', 'phone_numbers:release'), schema: { hide, params: NumberParams } }, h.release);
  };
}
