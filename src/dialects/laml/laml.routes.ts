import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ReadFrom } from '../../db/database.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { errors } from '../../errors/catalogue.js';
import type { NumberChanges } from '../../numbers/numbers.service.js';
import type { Capability, NumberType, PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { Address } from '../../addresses/address.js';
import type { DialectServices } from '../dialect.js';
import { idFromPrefixed, organizationOfAccount } from '../shared/ids.js';
import { listPage, pointedAt } from '../shared/numbers.js';
import { asBoolean } from '../shared/query.js';
import { routeConfigs } from '../shared/operations.js';
import {
  addressSid,
  phoneNumberSid,
  searchableTypeOf,
  toAvailableCountry,
  toDependentPhoneNumber,
  fromLamlAddress,
  toLamlAddress,
  toAvailablePhoneNumber,
  toChanges,
  toFilters,
  toIncomingPhoneNumber,
  toSearchInput,
  inLamlBody,
  type LamlFlavor,
} from './laml.mapping.js';
import { LAML_OPERATIONS } from './laml.operations.js';
import {
  AccountParams,
  AddressCreateBodySchema,
  AddressListQuerySchema,
  AddressParams,
  AddressUpdateBodySchema,
  CountryParams,
  PagingQuerySchema,
  type AddressCreateBody,
  type AddressListQuery,
  type AddressUpdateBody,
  type PagingQuery,
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

function addressIdOf(sid: string): string {
  const bare = sid.replace(/\.json$/, '');
  const id = idFromPrefixed(bare, 'AD');
  if (!id) throw errors.notFound('address', bare);
  return id;
}

/** Where a LaML body names a number's address and emergency address, for the services' errors about them. */
const REFERENCE_POINTERS = { '/regulatory/address_id': '/AddressSid', '/emergency/address_id': '/EmergencyAddressSid' };

/**
 * The references a number's create or update names, as the change they make: AddressSid and
 * EmergencyAddressSid name addresses (the numbers service refuses any the account does not
 * have); an empty value clears the reference.
 */
function referencesOf(body: LamlUpdateBody): NumberChanges {
  const changes: NumberChanges = {};
  for (const [field, column] of [['AddressSid', 'address_id'], ['EmergencyAddressSid', 'emergency_address_id']] as const) {
    const sid = body[field];
    if (sid === undefined) continue;
    if (sid === '') {
      changes[column] = null;
      continue;
    }
    const id = idFromPrefixed(sid, 'AD');
    if (!id) throw errors.validation(`${sid} is not an Address sid: AD and 32 hexadecimal digits.`, { pointer: `/${field}` });
    changes[column] = id;
  }
  if (body.IdentitySid !== undefined) changes.identity_sid = body.IdentitySid || null;
  if (body.BundleSid !== undefined) changes.bundle_sid = body.BundleSid || null;
  return changes;
}

/** A page of a Twilio list paged by Page and PageSize: its links, and whether another follows. */
function pageOf(request: FastifyRequest, q: PagingQuery, shown: number, hasMore: boolean, keep: Record<string, string | undefined> = {}) {
  const page = q.Page ?? 0;
  const size = q.PageSize ?? 50;
  const base = request.url.split('?')[0]!;
  const link = (n: number) => {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(keep)) if (value !== undefined) params.set(name, value);
    params.set('PageSize', String(size));
    params.set('Page', String(n));
    return `${base}?${params}`;
  };
  const start = page * size;
  return {
    page,
    page_size: size,
    start,
    end: Math.max(start, start + shown - 1),
    uri: request.url,
    first_page_uri: link(0),
    next_page_uri: hasMore ? link(page + 1) : null,
    previous_page_uri: page > 0 ? link(page - 1) : null,
  };
}

/** The path of an address's own resource, next to the Addresses collection the request went to. */
function addressUri(request: FastifyRequest, sid: string): string {
  const path = request.url.split('?')[0]!;
  const list = path.slice(0, path.indexOf('/Addresses') + '/Addresses'.length);
  return `${list}/${sid}${path.endsWith('.json') ? '.json' : ''}`;
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
type SidRequest<Q = unknown, B = unknown> = FastifyRequest<{ Params: { AccountSid: string; Sid: string }; Querystring: Q; Body: B }>;

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
      const references = referencesOf(settings);
      // The addresses are checked before the number is bought, so a refused one buys nothing.
      await pointedAt(REFERENCE_POINTERS, () => numbers.assertAddresses(organizationId, references));
      const number = await numberToBuy(services, organizationId, request.body, kind);
      const buy = () =>
        services.orders.buyOne(organizationId, number, (bought) => ({ ...toChanges(settings, bought), ...references })).catch((error: unknown) => {
          throw inLamlBody(error, settings);
        });
      const record = await pointedAt(REFERENCE_POINTERS, buy);
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
      const kind = searchableTypeOf(type);
      const stocked = (await services.availableNumbers.coverage(organizationId)).find((c) => c.country === country.toUpperCase());
      // A kind of number the country has none of is an empty page, as Twilio answers it.
      if (!kind || (stocked && !stocked.types.includes(kind))) return { uri: request.url, available_phone_numbers: [] };
      if (request.query.PageToken !== undefined) {
        throw errors.validation('PageToken continues a list from a page Dialtone gave; a search answers one page and gives no token to continue from.', {
          parameter: 'PageToken',
        });
      }
      // The answer is one page, without a link to a next one: a later page has nothing on it.
      if ((request.query.Page ?? 0) > 0) return { uri: request.url, available_phone_numbers: [] };
      const found = await services.availableNumbers.search(organizationId, toSearchInput(country, type, request.query));
      return { uri: request.url, available_phone_numbers: found.map((n) => toAvailablePhoneNumber(n, flavorOf(request))) };
    },

    countries: async (request: AccountRequest<PagingQuery>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const path = request.url.split('?')[0]!;
      const suffix = path.endsWith('.json') ? '.json' : '';
      const base = path.slice(0, path.length - suffix.length);
      const coverage = await services.availableNumbers.coverage(organizationId);
      const size = request.query.PageSize ?? 50;
      const start = (request.query.Page ?? 0) * size;
      const countries = coverage.slice(start, start + size).map((c) => toAvailableCountry(c.country, c.types, flavorOf(request), base, suffix));
      return { uri: request.url, countries };
    },

    country: async (request: FastifyRequest<{ Params: { AccountSid: string; Country: string } }>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const suffix = request.params.Country.endsWith('.json') ? '.json' : '';
      const country = request.params.Country.slice(0, 2).toUpperCase();
      const stocked = (await services.availableNumbers.coverage(organizationId)).find((c) => c.country === country);
      if (!stocked) throw errors.notFound('country of available phone numbers', country);
      const path = request.url.split('?')[0]!;
      const base = path.slice(0, path.lastIndexOf('/'));
      return toAvailableCountry(country, stocked.types, flavorOf(request), base, suffix);
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
      const references = referencesOf(body);
      // The webhook fields sent are merged into the number's routing as it is when written.
      const update = () =>
        numbers.updateFrom(organizationId, id, (current) => ({ ...toChanges(body, current), ...references })).catch((error: unknown) => {
          throw inLamlBody(error, body);
        });
      return render(request, await pointedAt(REFERENCE_POINTERS, update));
    },

    release: async (request: NumberRequest, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const current = await heldNumber(organizationId, request.params.Sid, 'primary');
      await services.releases.release(organizationId, current.id);
      return reply.code(204).send();
    },

    ...addressHandlers(services, flavorOf),
  };
}

/** Twilio's Addresses over the organization's addresses, and the numbers that depend on each. */
function addressHandlers(services: DialectServices, flavorOf: FlavorOf) {
  const { addresses } = services;
  const render = (request: FastifyRequest, address: Address) =>
    toLamlAddress(address, flavorOf(request), addressUri(request, addressSid(address.id, flavorOf(request))));
  const shown = (sid: string) => sid.replace(/\.json$/, '');

  return {
    listAddresses: async (request: AccountRequest<AddressListQuery>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const q = request.query;
      const size = q.PageSize ?? 50;
      const filters = {
        customer_name: q.CustomerName,
        friendly_name: q.FriendlyName,
        iso_country: q.IsoCountry?.toUpperCase(),
        emergency_enabled: q.EmergencyEnabled,
      };
      const rows = await addresses.list(organizationId, filters, { limit: size + 1, offset: (q.Page ?? 0) * size });
      const shownRows = rows.slice(0, size);
      const keep = { CustomerName: q.CustomerName, FriendlyName: q.FriendlyName, IsoCountry: q.IsoCountry, EmergencyEnabled: q.EmergencyEnabled?.toString() };
      return { ...pageOf(request, q, shownRows.length, rows.length > size, keep), addresses: shownRows.map((a) => render(request, a)) };
    },

    createAddress: async (request: AccountRequest<unknown, AddressCreateBody>, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const address = await addresses.create(organizationId, fromLamlAddress(request.body), { autoCorrect: asBoolean(request.body.AutoCorrectAddress) });
      return reply.code(201).send(render(request, address));
    },

    fetchAddress: async (request: SidRequest) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      return render(request, await addresses.get(organizationId, addressIdOf(request.params.Sid), shown(request.params.Sid)));
    },

    updateAddress: async (request: SidRequest<unknown, AddressUpdateBody | undefined>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const b = request.body ?? {};
      const updated = await addresses.update(organizationId, addressIdOf(request.params.Sid), fromLamlAddress(b), shown(request.params.Sid), {
        autoCorrect: asBoolean(b.AutoCorrectAddress),
      });
      return render(request, updated);
    },

    deleteAddress: async (request: SidRequest, reply: FastifyReply) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      await addresses.delete(organizationId, addressIdOf(request.params.Sid), shown(request.params.Sid));
      return reply.code(204).send();
    },

    dependents: async (request: SidRequest<PagingQuery>) => {
      const organizationId = assertOwnAccount(request, request.params.AccountSid);
      const address = await addresses.get(organizationId, addressIdOf(request.params.Sid), request.params.Sid);
      const q = request.query;
      const size = q.PageSize ?? 50;
      const result = await services.numbers.list(organizationId, { filters: { addressId: address.id }, limit: size, offset: (q.Page ?? 0) * size });
      const path = request.url.split('?')[0]!;
      const numbersPath = `${path.slice(0, path.indexOf('/Addresses'))}/IncomingPhoneNumbers`;
      const suffix = path.endsWith('.json') ? '.json' : '';
      const flavor = flavorOf(request);
      const dependent = result.data.map((r) => toDependentPhoneNumber(r, flavor, `${numbersPath}/${phoneNumberSid(r, flavor)}${suffix}`));
      return { ...pageOf(request, q, dependent.length, result.hasMore), dependent_phone_numbers: dependent };
    },
  };
}

/**
 * IncomingPhoneNumbers (all, or one kind: Local, Mobile, TollFree), ImportedPhoneNumbers,
 * AvailablePhoneNumbers (the countries, one country, its kinds of number) and Addresses (with
 * their DependentPhoneNumbers) under /Accounts/{AccountSid}, every path with or without ".json".
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
    for (const suffix of ['', '.json']) {
      r.get(
        `/Accounts/:AccountSid/AvailablePhoneNumbers${suffix}`,
        { config: operation('available_phone_number_countries.list', 'phone_numbers:read'), schema: { hide, params: AccountParams, querystring: PagingQuerySchema } },
        h.countries,
      );
      const addressesPath = `/Accounts/:AccountSid/Addresses${suffix}`;
      r.get(addressesPath, { config: operation('addresses.list', 'addresses:read'), schema: { hide, params: AccountParams, querystring: AddressListQuerySchema } }, h.listAddresses);
      r.post(addressesPath, { config: operation('addresses.create', 'addresses:write'), schema: { hide, params: AccountParams, body: AddressCreateBodySchema } }, h.createAddress);
      r.get(
        `/Accounts/:AccountSid/Addresses/:Sid/DependentPhoneNumbers${suffix}`,
        { config: operation('dependent_phone_numbers.list', 'addresses:read', 'phone_numbers:read'), schema: { hide, params: AddressParams, querystring: PagingQuerySchema } },
        h.dependents,
      );
    }
    const address = '/Accounts/:AccountSid/Addresses/:Sid';
    r.get(address, { config: operation('addresses.get', 'addresses:read'), schema: { hide, params: AddressParams } }, h.fetchAddress);
    r.post(address, { config: operation('addresses.update', 'addresses:write'), schema: { hide, params: AddressParams, body: AddressUpdateBodySchema } }, h.updateAddress);
    r.delete(address, { config: operation('addresses.delete', 'addresses:write'), schema: { hide, params: AddressParams } }, h.deleteAddress);
    r.get(
      '/Accounts/:AccountSid/AvailablePhoneNumbers/:Country',
      { config: operation('available_phone_number_countries.get', 'phone_numbers:read'), schema: { hide, params: CountryParams } },
      h.country,
    );
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
