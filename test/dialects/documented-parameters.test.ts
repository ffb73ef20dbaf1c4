import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PhoneNumberRecord } from '../../src/numbers/phone-number.js';
import { freshNumber, seedNumbers } from '../support/dialects/fixtures.js';
import { startTestApp, type TestApp } from '../support/harness.js';
import { coverageOf, PROVIDER_DOCUMENTS, type ProviderDocument } from '../support/provider-coverage.js';
import { readProviderSpec } from '../support/provider-specs.js';
import { CREDENTIALS, type SurfaceCaller } from '../support/surfaces.js';

/**
 * A documented parameter is never refused as unknown. For every operation of each provider's
 * official document that Dialtone serves, each documented query parameter (each leaf of a
 * deepObject one: filter[number_type][eq]) and each top-level body property is sent alone, set
 * to a value its documented schema allows, and the answer must be one of:
 *   - a success;
 *   - a 404 (the fake id of a resource the request names);
 *   - a 4xx whose error names the parameter and says why, in Dialtone's own words (not the
 *     schema's "Unknown field", "must match pattern", which is a refusal of the parameter
 *     itself);
 *   - the same 4xx as the request without the parameter (the parameter is not what is refused).
 * One driver is enough: the parameters are read by the route schemas and the dialects.
 */

interface OpenApiDocument {
  paths: Record<string, Record<string, Operation | Parameter[] | undefined>>;
}
interface Parameter {
  name: string;
  in: string;
  style?: string;
  schema?: Schema;
  example?: unknown;
  $ref?: string;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { $ref?: string; content?: Record<string, { schema: Schema }> };
}
interface Schema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  example?: unknown;
  examples?: unknown[];
  default?: unknown;
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  readOnly?: boolean;
}

/**
 * Values for documented parameters whose schema says only "string" or "integer", with no enum,
 * example or format: what a client would send for them.
 */
const MEANINGFUL: Record<string, unknown> = {
  'filter[address_book][eq]': 'true',
  'filter[used_as_emergency]': 'true',
  // An address's parts as the address check for emergency calling reads them, so a later EmergencyEnabled can pass it.
  PostalCode: '10001',
  Region: 'NY',
  // Number search by place: a state, a city and a ZIP code the sandbox has numbers in.
  InRegion: 'NY',
  InLocality: 'New York',
  InPostalCode: '10001',
  // Manhattan's rate center (Twilio gives its LERG abbreviation, Telnyx its name) and New York City's LATA.
  InRateCenter: 'NWYRCYZN01',
  InLata: '132',
  'filter[rate_center]': 'NEW YORK',
  NearNumber: '+14155552671',
  NearLatLong: '37.7749,-122.4194',
  Distance: 25,
  Contains: '555',
  AreaCode: '646',
  areacode: '646',
  starts_with: '1646',
  contains: '555',
  ends_with: '5555',
  region: 'NY',
  city: 'New York',
  number_type: 'local',
  include: 'carrier',
  Origin: 'twilio',
  filter_number: '646',
  call_receive_mode: 'voice',
  call_sip_endpoint_id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  ApiVersion: '2010-04-01',
  'filter[country_code]': 'US',
  'filter[administrative_area]': 'NY',
  'filter[locality]': 'New York',
  'filter[national_destination_code]': '646',
  'filter[phone_number][starts_with]': '646',
  'filter[phone_number][contains]': '555',
  'filter[phone_number][ends_with]': '5',
  'filter[phone_number]': '1646',
  'filter[status]': 'success',
  'filter[created_at][gt]': '2026-01-01T00:00:00Z',
  'filter[created_at][lt]': '2026-01-01T00:00:00Z',
  'filter[phone_numbers_count]': '1',
  'filter[phone_numbers.phone_number]': '+14155552671',
  'filter[has_bundle]': 'false',
  'filter[customer_reference]': 'MY REF 001',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An example the document gives that its own schema refuses (SignalWire's uuid examples ending in "sa") is no value to send. */
function withoutBadExample(schema: Schema): Schema {
  const example = schema.example ?? schema.examples?.[0];
  if (schema.format !== 'uuid' || typeof example !== 'string' || UUID.test(example)) return schema;
  const { example: _example, examples: _examples, ...rest } = schema;
  return rest;
}

/** What a client sends for a parameter: the schema's own value when it gives one, else what the name asks for. */
function valuesFor(document: unknown, name: string, raw: Schema | undefined): unknown[] {
  const schema = withoutBadExample(flatten(document, raw));
  if (schema.enum) return schema.enum.filter((value) => value !== null);
  const items = schema.items && flatten(document, schema.items);
  if (items?.enum) return items.enum.filter((value) => value !== null).map((value) => [value]);
  const given = schema.example ?? schema.examples?.[0] ?? schema.format;
  if (given === undefined && name in MEANINGFUL) return [MEANINGFUL[name]];
  if (given === undefined && /(url|StatusCallback)$/i.test(name) && [schema.type].flat().includes('string')) return ['https://example.com/hook'];
  if (name === 'page_token' || name === 'PageToken') return [PAGE_TOKEN];
  return [sampleOf(document, schema)];
}

/** Stands for a continuation token taken from the answer the list gives first (see tokenOf). */
const PAGE_TOKEN = Symbol('a page token the list gave');

function resolve<T>(document: unknown, node: T & { $ref?: string }): T {
  let current: any = node;
  for (let depth = 0; current?.$ref && depth < 20; depth++) {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((at: any, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], document);
  }
  return current as T;
}

/** The schema with allOf merged, and a oneOf/anyOf taken as its first branch that is not null. */
function flatten(document: unknown, raw: Schema | undefined): Schema {
  const schema = resolve(document, raw ?? {});
  if (schema.allOf) {
    const parts = schema.allOf.map((part) => flatten(document, part));
    const merged = parts.reduce((all, part) => ({ ...all, ...part }), {} as Schema);
    if (parts.some((part) => part.properties)) merged.properties = Object.assign({}, ...parts.map((part) => part.properties ?? {}));
    const { allOf: _allOf, ...rest } = schema;
    return { ...merged, ...rest };
  }
  const branches = schema.oneOf ?? schema.anyOf;
  if (branches) {
    const chosen = branches.map((branch) => flatten(document, branch)).find((branch) => branch.type !== 'null') ?? {};
    const { oneOf: _oneOf, anyOf: _anyOf, ...rest } = schema;
    return { ...chosen, ...rest };
  }
  return schema;
}

const hex = (length: number) => randomUUID().replace(/-/g, '').repeat(2).slice(0, length);

/** A value the schema allows: its enum, its example, its format, then its type. */
function sampleOf(document: unknown, raw: Schema | undefined, depth = 0): unknown {
  const schema = flatten(document, raw);
  const types = [schema.type ?? []].flat();
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.example !== undefined && schema.enum.includes(schema.example) ? schema.example : schema.enum.find((v) => v !== null);
  if (schema.example !== undefined && schema.example !== null) return schema.example;
  if (schema.examples?.length) return schema.examples[0];
  if (types.includes('object') || schema.properties) {
    if (depth > 4) return {};
    const entries = Object.entries(schema.properties ?? {}).filter(([, value]) => !flatten(document, value).readOnly);
    return Object.fromEntries(entries.map(([key, value]) => [key, sampleOf(document, value, depth + 1)]));
  }
  if (types.includes('array')) return [sampleOf(document, schema.items, depth + 1)];
  if (types.includes('boolean')) return true;
  if (types.includes('integer') || types.includes('number')) return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 5, 5));
  if (schema.default !== undefined) return schema.default;
  const sid = schema.pattern && /^\^([A-Z]{2})\[0-9a-fA-F\]\{32\}\$$/.exec(schema.pattern);
  if (sid) return `${sid[1]}${hex(32)}`;
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'date-time':
      return new Date().toISOString();
    case 'date':
      return new Date().toISOString().slice(0, 10);
    case 'uri':
    case 'url':
      return 'https://example.com/hook';
    case 'iso-country-code':
      return 'US';
    case 'phone-number':
      return '+14155552671';
    case 'email':
      return 'someone@example.com';
  }
  return 'sweep01'.padEnd(schema.minLength ?? 0, '0').slice(0, schema.maxLength ?? 100);
}

/** One documented parameter as a client sends it: its wire name and a value. */
interface Documented {
  place: 'query' | 'body';
  name: string;
  value: unknown;
}

/** The leaves of a deepObject query parameter: filter[a], filter[b][eq]. */
function deepLeaves(document: unknown, name: string, raw: Schema | undefined, depth = 0): Documented[] {
  const schema = flatten(document, raw);
  if (!schema.properties || depth > 3) return valuesFor(document, name, schema).map((value) => ({ place: 'query' as const, name, value }));
  return Object.entries(schema.properties).flatMap(([key, child]) => deepLeaves(document, `${name}[${key}]`, child, depth + 1));
}

interface Served {
  method: string;
  /** The documented path (without the document's base). */
  path: string;
  operationId: string;
  pathParameters: Parameter[];
  parameters: Documented[];
  bodyType?: 'json' | 'form';
  /** The body's required properties, each at a value its schema allows: sent with every parameter. */
  required: Record<string, unknown>;
}

function servedOperations(document: ProviderDocument, app: TestApp): Served[] {
  const spec = readProviderSpec(document.file) as OpenApiDocument;
  const served = new Set(coverageOf(document, app.http.routeTable).served.map((operation) => `${operation.method} ${operation.path}`));
  const out: Served[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const operation = item[method] as Operation | undefined;
      if (!operation || !served.has(`${method.toUpperCase()} ${document.base}${path}`)) continue;
      const parameters = [...((item.parameters as Parameter[] | undefined) ?? []), ...(operation.parameters ?? [])].map((p) => resolve(spec, p));
      const documented: Documented[] = parameters
        .filter((p) => p.in === 'query')
        .flatMap((p) =>
          p.style === 'deepObject' || flatten(spec, p.schema).properties
            ? deepLeaves(spec, p.name, p.schema)
            : valuesFor(spec, p.name, p.example === undefined ? p.schema : { ...p.schema, example: p.example }).map((value) => ({ place: 'query' as const, name: p.name, value })),
        );
      const body = operation.requestBody && resolve(spec, operation.requestBody);
      const [contentType, media] = Object.entries(body?.content ?? {})[0] ?? [];
      let bodyType: Served['bodyType'];
      const required: Record<string, unknown> = {};
      if (media) {
        bodyType = contentType!.includes('form') ? 'form' : 'json';
        const schema = flatten(spec, media.schema);
        for (const name of schema.required ?? []) required[name] = valuesFor(spec, name, schema.properties?.[name])[0];
        for (const [name, property] of Object.entries(schema.properties ?? {})) {
          if (flatten(spec, property).readOnly) continue;
          for (const value of valuesFor(spec, name, property)) documented.push({ place: 'body', name, value });
        }
      }
      out.push({
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? '',
        pathParameters: parameters.filter((p) => p.in === 'path'),
        parameters: documented,
        bodyType,
        required,
      });
    }
  }
  return out;
}

interface Answer {
  status: number;
  body: any;
}

/** What an error says, on each surface: the text a client reads, and the parameter Telnyx names apart. */
function errorText(dialect: string, body: any): string {
  if (dialect === 'telnyx') {
    const entry = body?.errors?.[0];
    return [entry?.detail, entry?.source?.parameter, entry?.source?.pointer].filter(Boolean).join(' ');
  }
  if (dialect === 'signalwire-relay') return body?.errors?.[0]?.detail ?? body?.error ?? '';
  return body?.message ?? '';
}

/**
 * The validation layer's own words, which refuse a parameter without a reason: an unknown
 * property, or a value its schema does not take (the document's schema does take it).
 */
const SCHEMA_REFUSAL = /^(Unknown|Missing) |\bmust (be (string|integer|number|boolean|array|object|equal to|>=|<=|>|<)|match (pattern|format)|NOT have|have required|be one of)\b/;

function names(text: string, name: string): boolean {
  const body = name.replace(/^\//, '');
  return text.includes(body) || text.includes(`/${body}`);
}

interface Context {
  app: TestApp;
  caller: SurfaceCaller;
  number: PhoneNumberRecord;
  /** A number the sandbox does not sell. */
  unsold: string;
  /** A number the delete jobs may delete. */
  spare: PhoneNumberRecord;
  addressId: string;
  /** Available numbers not yet used by a request. */
  available: (type: 'local' | 'toll_free' | 'mobile') => Promise<string | undefined>;
}

/** Parameters naming an address: only the organization's own are accepted (a number's addresses are its organization's). */
const ADDRESS_REFERENCES = new Set(['AddressSid', 'EmergencyAddressSid', 'address_id', 'emergency_address_id', 'e911_address_id']);

/** A body parameter naming an address names the caller's address, in the surface's form of its id. */
function withAddress(parameter: Documented, document: ProviderDocument, ctx: Context): Documented {
  if (parameter.place !== 'body' || !ADDRESS_REFERENCES.has(parameter.name)) return parameter;
  return { ...parameter, value: addressOf(document, ctx) };
}

const addressOf = (document: ProviderDocument, ctx: Context) => (document.dialect === 'twilio' ? `AD${ctx.addressId.replace(/-/g, '')}` : ctx.addressId);

/** Path values: the caller's account, a number and an address it holds; a fake of the documented form for the rest. */
function pathOf(served: Served, document: ProviderDocument, ctx: Context, spec: unknown): string {
  const { dialect } = document;
  const numberId = dialect === 'telnyx' ? String(ctx.number.seq) : dialect === 'twilio' ? `PN${ctx.number.id.replace(/-/g, '')}` : ctx.number.id;
  const addressId = dialect === 'twilio' ? `AD${ctx.addressId.replace(/-/g, '')}` : ctx.addressId;
  return (
    document.base +
    served.path.replace(/\{([^}]+)\}/g, (_all, name: string) => {
      if (name === 'AccountSid') return dialect === 'twilio' ? ctx.caller.accountSid : ctx.caller.orgId;
      if (/^(CountryCode|IsoCountry)$/.test(name)) return 'US';
      if (/Addresses\/\{(Sid|AddressSid)\}/.test(served.path) && name !== 'AccountSid') return addressId;
      if (/(phone_numbers|IncomingPhoneNumbers)\/\{(id|Sid|phone_number_id)\}/.test(served.path) && !served.path.includes('number_group')) return numberId;
      if (name === 'e164_number') return '+14155552671';
      const parameter = served.pathParameters.find((p) => p.name === name);
      return encodeURIComponent(String(sampleOf(spec, parameter?.schema ?? { type: 'string', format: 'uuid' })));
    })
  );
}

/** What a create needs besides the parameter under test, so that it can succeed. */
async function baseBody(served: Served, document: ProviderDocument, ctx: Context, tested?: Documented): Promise<Record<string, unknown>> {
  const body: Record<string, unknown> = { ...served.required, ...(await createBody(served, ctx, tested)) };
  for (const name of Object.keys(body)) if (ADDRESS_REFERENCES.has(name)) body[name] = addressOf(document, ctx);
  return body;
}

async function createBody(served: Served, ctx: Context, tested?: Documented): Promise<Record<string, unknown>> {
  const typeOfPath = /TollFree/.test(served.path) ? 'toll_free' : /Mobile/.test(served.path) ? 'mobile' : 'local';
  switch (served.operationId) {
    case 'CreateNumberOrder':
    case 'CreateNumberReservation':
      return { phone_numbers: [{ phone_number: await ctx.available('local') }] };
    case 'CreateDeletePhoneNumbersJob':
      return { phone_numbers: [ctx.spare.number] };
    case 'CreateUpdatePhoneNumbersJob':
      // The numbers are named in the body or matched by the query's filter, not both.
      return tested?.place === 'query' ? { customer_reference: 'Sweep' } : { phone_numbers: [ctx.number.number], customer_reference: 'Sweep' };
    case 'CreatePhoneNumbersJobUpdateEmergencySettings':
      return { phone_numbers: [ctx.number.number], emergency_enabled: false };
    case 'CreateIncomingPhoneNumber':
    case 'CreateIncomingPhoneNumberLocal':
    case 'CreateIncomingPhoneNumberMobile':
    case 'CreateIncomingPhoneNumberTollFree':
    case 'create_incoming_phone_number': {
      // The sandbox sells no US mobile number: each request asks for the same one, refused the same way.
      return { PhoneNumber: (await ctx.available(typeOfPath)) ?? ctx.unsold };
    }
    case 'purchase_phone_number':
      return { number: await ctx.available('local') };
    case 'create_imported_phone_number':
      return { number: freshNumber(), number_type: 'longcode' };
    case 'CreateAddress':
      return { CustomerName: 'Ada Lovelace', Street: '1 Main St', City: 'New York', Region: 'NY', PostalCode: '10001', IsoCountry: 'US' };
    case 'create_number_group':
      return { name: 'Sweep' };
    case 'create_number_group_membership':
      return { phone_number_id: ctx.number.id };
    default:
      return {};
  }
}

async function send(ctx: Context, document: ProviderDocument, served: Served, path: string, query: Documented[], body: Record<string, unknown> | undefined): Promise<Answer> {
  const search = new URLSearchParams();
  for (const { name, value } of query) for (const item of [value].flat()) search.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
  const headers: Record<string, string> = { ...CREDENTIALS[document.dialect]!(ctx.caller) };
  let payload: string | undefined;
  if (body) {
    if (served.bodyType === 'form') {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      const form = new URLSearchParams();
      for (const [name, value] of Object.entries(body)) for (const item of [value].flat()) form.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
      payload = form.toString();
    } else {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  const url = `${ctx.app.baseUrl}${path}${search.size ? `?${search}` : ''}`;
  const response = await fetch(url, { method: served.method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    /* a file (a CSV) or no JSON: kept as text */
  }
  return { status: response.status, body: parsed };
}

/** A continuation token as the list gives it: from the next-page link of its first page of one. */
async function tokenOf(ctx: Context, document: ProviderDocument, served: Served, path: string): Promise<string> {
  const relay = document.dialect === 'signalwire-relay';
  const first = await send(ctx, document, served, path, [{ place: 'query', name: relay ? 'page_size' : 'PageSize', value: 1 }], undefined);
  const next: unknown = first.body?.links?.next ?? first.body?.next_page_uri;
  const token = typeof next === 'string' ? new URL(next, ctx.app.baseUrl).searchParams.get(relay ? 'page_token' : 'PageToken') : null;
  return token ?? 'no-token-given';
}

/**
 * Why the answer refuses the documented parameter without a reason, or undefined when it does
 * not. A refusal may name another parameter of the operation that the value asks for (emergency
 * calling turned on needs its address), if it says why.
 */
function fault(document: ProviderDocument, served: Served, parameter: Documented, answer: Answer, baseline: Answer): string | undefined {
  const { status } = answer;
  if (status < 300 || status === 404) return undefined;
  if (status >= 500) return `${status}: ${JSON.stringify(answer.body).slice(0, 300)}`;
  const text = errorText(document.dialect, answer.body);
  const reasoned = !SCHEMA_REFUSAL.test(text) && text.length >= parameter.name.length + 25;
  if (names(text, parameter.name)) return reasoned ? undefined : `refused without a reason: ${status} ${text}`;
  if (status === baseline.status && text === errorText(document.dialect, baseline.body)) return undefined;
  // Another parameter counts when its name is an identifier no sentence holds by chance (not "number").
  if (reasoned && served.parameters.some((other) => /[A-Z_[]/.test(other.name) && names(text, other.name))) return undefined;
  return `${status}, not naming the parameter: ${JSON.stringify(answer.body).slice(0, 300)}`;
}

describe('every documented parameter of a served operation is honoured or refused with a reason', () => {
  let app: TestApp;
  let ctx: Context;

  beforeAll(async () => {
    // A port-out PIN is stored only sealed: the server has a key for it.
    app = await startTestApp('pglite', { secretKey: randomBytes(32).toString('hex') });
    const caller = await app.newOrg();
    const [number, spare] = await seedNumbers(app, caller.orgId, 2);
    const address = await app.dialtone.services.addresses.create(caller.orgId, {
      customer_name: 'Ada Lovelace',
      street: '1 Main St',
      city: 'New York',
      region: 'NY',
      postal_code: '10001',
      iso_country: 'US',
    });
    const used = new Set<string>();
    const available: Context['available'] = async (type) => {
      const found = await app.dialtone.services.availableNumbers
        .search(caller.orgId, { country: 'US', number_type: type, limit: 100 })
        .catch(() => []);
      const number = found.map((n) => n.number).find((n) => !used.has(n));
      if (number) used.add(number);
      return number;
    };
    ctx = { app, caller, number: number!, spare: spare!, unsold: freshNumber(), addressId: address.id, available };
    // Two groups, so that the list of groups has a next page and a token to it.
    for (const name of ['Sweep A', 'Sweep B']) await app.dialtone.services.numberGroups.create(caller.orgId, { name });
  });
  afterAll(() => app?.close());

  for (const document of PROVIDER_DOCUMENTS) {
    it(`${document.title}: no documented parameter is refused as unknown`, async () => {
      const spec = readProviderSpec(document.file);
      const faults: string[] = [];
      let checked = 0;
      for (const served of servedOperations(document, app)) {
        if (!served.parameters.length) continue;
        const path = pathOf(served, document, ctx, spec);
        const baseline = await send(ctx, document, served, path, [], served.bodyType ? await baseBody(served, document, ctx) : undefined);
        for (const documented of served.parameters) {
          const parameter = withAddress(
            documented.value === PAGE_TOKEN ? { ...documented, value: await tokenOf(ctx, document, served, path) } : documented,
            document,
            ctx,
          );
          const base = served.bodyType ? await baseBody(served, document, ctx, parameter) : undefined;
          const body = parameter.place === 'body' ? { ...base, [parameter.name]: base && parameter.name in base ? base[parameter.name] : parameter.value } : base;
          const query = parameter.place === 'query' ? [parameter] : [];
          const answer = await send(ctx, document, served, path, query, body);
          checked += 1;
          const why = fault(document, served, parameter, answer, baseline);
          if (why) faults.push(`${served.method} ${served.path} ${parameter.place} ${parameter.name}=${JSON.stringify(parameter.value)}: ${why}`);
        }
      }
      expect(checked).toBeGreaterThan(5);
      expect(faults).toEqual([]);
    }, 600_000);
  }
});
