import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { principalOf } from '../../auth/auth.hooks.js';
import { errors } from '../../errors/catalogue.js';
import type { DialectServices } from '../dialect.js';
import { held, idFromPrefixed, organizationOfAccount, purchaseOne } from '../kit.js';
import {
  phoneNumberSid,
  toAvailablePhoneNumber,
  toChanges,
  toFilters,
  toIncomingPhoneNumber,
  toSearchInput,
  type LamlFlavor,
} from './laml.mapping.js';
import {
  AccountParams,
  AvailableParams,
  AvailableQuerySchema,
  LamlCreateBodySchema,
  LamlListQuerySchema,
  LamlUpdateBodySchema,
  NumberParams,
  type LamlCreateBody,
  type LamlListQuery,
} from './laml.schemas.js';

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
async function numberToBuy(services: DialectServices, organizationId: string, body: LamlCreateBody): Promise<string> {
  if (body.PhoneNumber) return body.PhoneNumber.startsWith('+') ? body.PhoneNumber : `+${body.PhoneNumber}`;
  if (!body.AreaCode) throw errors.validation('Either PhoneNumber or AreaCode is required.', { pointer: '/PhoneNumber' });
  const [first] = await services.availableNumbers.search(organizationId, { country: 'US', area_code: body.AreaCode, limit: 1 });
  if (!first) throw errors.numberUnavailable(`area code ${body.AreaCode}`, 'no number is available there');
  return first.number;
}

/**
 * IncomingPhoneNumbers under /Accounts/{AccountSid}, with or without ".json". flavorOf tells
 * whether a request is answered the Twilio way or the SignalWire way.
 */
export function lamlRoutes(flavorOf: (request: FastifyRequest) => LamlFlavor) {
  return async function register(app: FastifyInstance, services: DialectServices): Promise<void> {
    const { numbers } = services;
    const r = app.withTypeProvider<TypeBoxTypeProvider>();
    const hide = true;
    const collection = (request: FastifyRequest) => request.url.split('?')[0]!;
    const numberUri = (request: FastifyRequest, sid: string) => {
      const path = collection(request);
      const list = path.slice(0, path.indexOf('/IncomingPhoneNumbers') + '/IncomingPhoneNumbers'.length);
      return `${list}/${sid}${path.endsWith('.json') ? '.json' : ''}`;
    };

    for (const suffix of ['', '.json']) {
      r.get(
        `/Accounts/:AccountSid/IncomingPhoneNumbers${suffix}`,
        { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: AccountParams, querystring: LamlListQuerySchema } },
        async (request) => {
          const organizationId = assertOwnAccount(request, request.params.AccountSid);
          const flavor = flavorOf(request);
          const q = request.query;
          const page = q.Page ?? 0;
          const size = q.PageSize ?? 50;
          const options = { filters: toFilters(q), limit: size };
          const result = await numbers.list(organizationId, {
            ...options,
            ...(q.PageToken ? { cursor: q.PageToken } : { offset: page * size }),
          });
          const base = collection(request);
          const next = numbers.cursorFor(result, options);
          const start = page * size;
          return {
            ...(flavor === 'twilio' ? { start, end: Math.max(start, start + result.data.length - 1) } : {}),
            page,
            page_size: size,
            uri: request.url,
            first_page_uri: pageUri(base, q, 0, size),
            next_page_uri: result.hasMore ? pageUri(base, q, page + 1, size, next) : null,
            previous_page_uri: page > 0 ? pageUri(base, q, page - 1, size) : null,
            incoming_phone_numbers: result.data.map((record) =>
              toIncomingPhoneNumber(record, flavor, numberUri(request, phoneNumberSid(record, flavor))),
            ),
          };
        },
      );
    }

    for (const suffix of ['', '.json']) {
      r.post(
        `/Accounts/:AccountSid/IncomingPhoneNumbers${suffix}`,
        { config: { scopes: ['phone_numbers:purchase'] }, schema: { hide, params: AccountParams, body: LamlCreateBodySchema } },
        async (request, reply) => {
          const organizationId = assertOwnAccount(request, request.params.AccountSid);
          const { PhoneNumber: _number, AreaCode: _area, ...settings } = request.body;
          const bought = await purchaseOne(services, organizationId, await numberToBuy(services, organizationId, request.body));
          const changes = toChanges(settings, bought);
          const record = Object.keys(changes).length ? await numbers.update(organizationId, bought.id, changes) : bought;
          const flavor = flavorOf(request);
          return reply.code(201).send(toIncomingPhoneNumber(record, flavor, numberUri(request, phoneNumberSid(record, flavor))));
        },
      );
    }

    r.get(
      '/Accounts/:AccountSid/AvailablePhoneNumbers/:Country/:Type',
      { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: AvailableParams, querystring: AvailableQuerySchema } },
      async (request) => {
        const organizationId = assertOwnAccount(request, request.params.AccountSid);
        const { Country: country, Type: type } = request.params;
        const found = await services.availableNumbers.search(organizationId, toSearchInput(country, type, request.query));
        const flavor = flavorOf(request);
        return { uri: request.url, available_phone_numbers: found.map((n) => toAvailablePhoneNumber(n, flavor)) };
      },
    );

    r.get(
      '/Accounts/:AccountSid/IncomingPhoneNumbers/:Sid',
      { config: { scopes: ['phone_numbers:read'] }, schema: { hide, params: NumberParams } },
      async (request) => {
        const organizationId = assertOwnAccount(request, request.params.AccountSid);
        const record = held(await numbers.get(organizationId, numberIdOf(request.params.Sid)), request.params.Sid);
        return toIncomingPhoneNumber(record, flavorOf(request), numberUri(request, phoneNumberSid(record, flavorOf(request))));
      },
    );

    r.post(
      '/Accounts/:AccountSid/IncomingPhoneNumbers/:Sid',
      { config: { scopes: ['phone_numbers:write'] }, schema: { hide, params: NumberParams, body: LamlUpdateBodySchema } },
      async (request) => {
        const organizationId = assertOwnAccount(request, request.params.AccountSid);
        const body = request.body ?? {};
        if (body.AccountSid && organizationOfAccount(body.AccountSid) !== organizationId) {
          throw errors.validation('Numbers cannot be moved to another account here.', { pointer: '/AccountSid' });
        }
        const current = held(await numbers.get(organizationId, numberIdOf(request.params.Sid)), request.params.Sid);
        const record = await numbers.update(organizationId, current.id, toChanges(body, current));
        return toIncomingPhoneNumber(record, flavorOf(request), numberUri(request, phoneNumberSid(record, flavorOf(request))));
      },
    );

    r.delete(
      '/Accounts/:AccountSid/IncomingPhoneNumbers/:Sid',
      { config: { scopes: ['phone_numbers:release'] }, schema: { hide, params: NumberParams } },
      async (request, reply) => {
        const organizationId = assertOwnAccount(request, request.params.AccountSid);
        const current = held(await numbers.get(organizationId, numberIdOf(request.params.Sid)), request.params.Sid);
        await numbers.release(organizationId, current.id);
        return reply.code(204).send();
      },
    );
  };
}
