import { Type } from 'typebox';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { assertScopes } from '../auth/auth.hooks.js';
import { AppError, errors, type ErrorDetails } from '../errors/catalogue.js';
import { toAppError } from '../http/server.js';
import type { PhoneNumberRecord } from '../numbers/phone-number.js';
import { organizationIdOfSid } from '../orgs/orgs.service.js';
import type { Dialect, DialectServices } from './dialect.js';

/** Pieces every dialect shares: credentials, id forms, form bodies, mounting. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** The 32 hex digits of a uuid, the body of prefixed ids such as PN… and phon_…. */
export function uuidToHex(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

export function hexToUuid(hex: string): string | null {
  if (!/^[0-9a-f]{32}$/i.test(hex)) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of a number given as prefix + 32 hex digits (or as the plain uuid); null if neither. */
export function idFromPrefixed(value: string, prefix: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  if (!value.toLowerCase().startsWith(prefix.toLowerCase())) return null;
  return hexToUuid(value.slice(prefix.length));
}

/** The organization an account names: its AC… sid, or its id (a SignalWire project id). */
export function organizationOfAccount(account: string): string | null {
  return organizationIdOfSid(account) ?? (isUuid(account) ? account.toLowerCase() : null);
}

/** Provider surfaces show only held numbers: to their clients a released number is gone. */
export function held(record: PhoneNumberRecord, id: string): PhoneNumberRecord {
  if (record.status === 'released') throw errors.notFound('phone number', id);
  return record;
}

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !/^bearer /i.test(header)) return undefined;
  return header.slice(7).trim() || undefined;
}

export function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The principal of an API key, or the unauthenticated error in the dialect's own words. */
export async function principalOfKey(services: DialectServices, key: string | undefined, detail: string) {
  const principal = key ? await services.keys.authenticate(key) : null;
  if (!principal) throw errors.unauthenticated(detail);
  return principal;
}

/** A form body as an object; a repeated field becomes an array. */
export function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {};
  for (const [name, value] of new URLSearchParams(body)) {
    const previous = form[name];
    form[name] = previous === undefined ? value : Array.isArray(previous) ? [...previous, value] : [previous, value];
  }
  return form;
}

/** The same error with the parameter or pointer renamed for a dialect (e.g. filter[status]). */
export function withDetails(error: AppError, details: ErrorDetails): AppError {
  return new AppError(error.code, error.title, error.detail, { ...error.details, ...details });
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/**
 * The query parameter a validation failure is about, named the way clients write it:
 * filter[number_type][eq] rather than the native layer's top-level "filter".
 */
function queryParameterOf(error: unknown): string | undefined {
  const failure = error as { validation?: ValidationIssue[]; validationContext?: string };
  const issue = failure.validation?.[0];
  if (!issue || failure.validationContext !== 'querystring') return undefined;
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'additionalProperties') parts.push(String(issue.params.additionalProperty));
  if (issue.keyword === 'required') parts.push(String(issue.params.missingProperty));
  const [head, ...rest] = parts;
  return head === undefined ? undefined : `${head}${rest.map((part) => `[${part}]`).join('')}`;
}

/** toAppError, keeping the full name of a nested query parameter. */
export function dialectError(error: unknown, request: FastifyRequest): AppError {
  const appError = toAppError(error, request);
  const parameter = queryParameterOf(error);
  return parameter ? withDetails(appError, { parameter }) : appError;
}

function send(reply: FastifyReply, rendered: { status: number; body: unknown }) {
  if (rendered.body === undefined) return reply.code(rendered.status).send();
  return reply.code(rendered.status).type('application/json; charset=utf-8').send(JSON.stringify(rendered.body));
}

/**
 * Mounts a dialect under one prefix as an encapsulated plugin: its own form parser, its own
 * authentication and scope check per route (before validation, so an anonymous caller learns
 * nothing about parameters), and its own error and not-found rendering.
 */
export async function mountDialect(app: FastifyInstance, dialect: Dialect, services: DialectServices, prefix: string) {
  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
        done(null, parseForm(String(body))),
      );
      scope.setErrorHandler((error, request, reply) => send(reply, dialect.renderError(dialectError(error, request), request)));
      scope.setNotFoundHandler((request, reply) =>
        send(reply, dialect.renderError(errors.notFound('route', `${request.method} ${request.url.split('?')[0]}`), request)),
      );
      scope.addHook('onRequest', async (request) => {
        const scopes = request.routeOptions.config.scopes;
        if (!scopes) return;
        const principal = await dialect.authenticate(request, services);
        assertScopes(principal, scopes);
        request.principal = principal;
      });
      await dialect.register(scope, services);
    },
    { prefix },
  );
}

/**
 * Folds deepObject query keys (filter[number_type][eq]=local) into nested objects so a
 * schema can validate them; a repeated key keeps its last value.
 */
export function nestQuery(query: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    const path = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    const parts = path ? [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [key];
    let node = nested;
    parts.slice(0, -1).forEach((part) => {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
    node[parts.at(-1)!] = value;
  }
  return nested;
}

/** A boolean as form bodies carry it ("true"/"false") or as JSON does. */
export const FormBoolean = (description: string) =>
  Type.Union([Type.Boolean(), Type.Enum(['true', 'false'], { type: 'string' })], { description });

export function asBoolean(value: boolean | string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === true || value === 'true';
}

/** Why an order item was not bought, as a catalogue error. */
function purchaseError(item: { number: string; error_code: string | null; error_detail: string | null }): AppError {
  const detail = item.error_detail ?? `${item.number} could not be bought.`;
  if (item.error_code === 'number_unavailable') return new AppError('number_unavailable', 'Number unavailable', detail);
  if (item.error_code === 'carrier_rejected') return new AppError('carrier_rejected', 'Carrier rejected the request', detail);
  if (item.error_code === 'invalid_phone_number') return errors.invalidPhoneNumber(detail);
  return new AppError('carrier_unavailable', 'Carrier unavailable', detail);
}

/**
 * Buys one number through an order, for the surfaces whose clients buy one number per call;
 * the number as held now (purchase_pending while the carrier's answer is still unknown).
 */
export async function purchaseOne(services: DialectServices, organizationId: string, number: string): Promise<PhoneNumberRecord> {
  const { order } = await services.orders.place(organizationId, { numbers: [number] });
  const item = order.items[0];
  if (!item?.phone_number_id || item.status === 'failed') throw purchaseError(item ?? { number, error_code: null, error_detail: null });
  return services.numbers.get(organizationId, item.phone_number_id);
}
