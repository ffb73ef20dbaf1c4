import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { DriverName } from '../../../src/db/database.js';
import { EgressGuard } from '../../../src/egress/egress-guard.js';
import { startTestApp, type TestApp } from '../harness.js';
import { readProviderSpec } from '../provider-specs.js';

/**
 * A stand-in for a carrier's API on 127.0.0.1: every request the adapter sends is checked
 * against the carrier's official OpenAPI document (path, method, parameters, body, auth),
 * and every answer the test gives is checked against the documented response, so the
 * adapter is proven to speak the real wire format. Problems are collected in `violations`.
 */

type Json = any;

export interface SpecRequest {
  operationId: string;
  method: string;
  /** The spec's path template, e.g. /phone_numbers/{id}. */
  path: string;
  pathParams: Record<string, string>;
  query: Record<string, unknown>;
  body: Json;
  headers: IncomingMessage['headers'];
}

export interface SpecReply {
  status: number;
  body?: Json;
  /** Wait this long before answering (to make the adapter time out). */
  delayMs?: number;
}

export type SpecHandler = (request: SpecRequest) => SpecReply | Promise<SpecReply>;

export interface SpecServer {
  baseUrl: string;
  requests: SpecRequest[];
  violations: string[];
  /** A minimal valid instance of a schema in the document, with overrides merged in. */
  example(ref: string, overrides?: Json): Json;
  close(): Promise<void>;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  names: string[];
  op: Json;
  parameters: Json[];
}

function resolve(spec: Json, node: Json): Json {
  let current = node;
  while (current && typeof current === 'object' && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .map((t: string) => t.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce((at: Json, token: string) => at[token], spec);
  }
  return current;
}

function operationsOf(spec: Json): Operation[] {
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries<Json>(spec.paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method];
      if (!op) continue;
      const names: string[] = [];
      const source = template.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const parameters = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => resolve(spec, p));
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        names,
        op,
        parameters,
      });
    }
  }
  // Literal paths before templated ones: /phone_numbers/search is not /phone_numbers/{id}.
  return operations.sort((a, b) => a.names.length - b.names.length);
}

/** deepObject: filter[a][b]=v -> { a: { b: v } }; repeated keys become arrays. */
function deepObject(name: string, params: URLSearchParams): Json {
  let found: Json;
  for (const [key, value] of params) {
    if (!key.startsWith(`${name}[`)) continue;
    const path = [...key.slice(name.length).matchAll(/\[([^\]]*)\]/g)].map((m) => m[1]!);
    found ??= {};
    let at = found;
    path.forEach((segment, index) => {
      if (index === path.length - 1) {
        at[segment] = at[segment] === undefined ? value : [].concat(at[segment], value as never);
      } else {
        at = at[segment] ??= {};
      }
    });
  }
  return found;
}

/** Leaf paths of a deepObject value that its schema does not declare. */
function undeclared(spec: Json, schema: Json, value: Json, prefix: string): string[] {
  const resolved = resolve(spec, schema);
  if (!value || typeof value !== 'object' || Array.isArray(value) || !resolved?.properties) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key in resolved.properties ? undeclared(spec, resolved.properties[key], inner, `${prefix}[${key}]`) : [`${prefix}[${key}]`],
  );
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (text += chunk));
    request.on('end', () => done(text));
    request.on('error', fail);
  });
}

function exampleOf(spec: Json, node: Json, depth = 0): Json {
  const schema = resolve(spec, node);
  if (!schema || depth > 12) return null;
  if (schema.allOf) {
    const parts = schema.allOf.map((s: Json) => exampleOf(spec, s, depth + 1));
    const scalar = parts.find((part: Json) => part === null || typeof part !== 'object' || Array.isArray(part));
    return scalar !== undefined ? scalar : Object.assign({}, ...parts);
  }
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return exampleOf(spec, options.find((o: Json) => resolve(spec, o)?.type !== 'null') ?? options[0], depth + 1);
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  switch (type ?? (schema.properties ? 'object' : undefined)) {
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((name: string) => [name, exampleOf(spec, schema.properties?.[name] ?? {}, depth + 1)]));
    case 'array':
      return [];
    case 'integer':
    case 'number':
      return schema.minimum ?? 0;
    case 'boolean':
      return false;
    case 'string':
      if (schema.format === 'uuid') return randomUUID();
      if (schema.format === 'date-time') return new Date().toISOString();
      if (schema.format === 'uri') return 'https://example.com/resource';
      return schema.example ?? schema.examples?.[0] ?? 'x'.repeat(schema.minLength ?? 1);
    default:
      return null;
  }
}

function newAjv(coerce: boolean, spec: Json) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, coerceTypes: coerce ? 'array' : false, validateFormats: true });
  addFormats.default(ajv);
  for (const format of ['phone-number', 'iso-country-code', 'phone-number-capabilities', 'int32', 'int64', 'float', 'double']) {
    ajv.addFormat(format, true);
  }
  ajv.addSchema(spec, 'spec');
  return ajv;
}

export async function startSpecServer(
  specFile: string,
  options: { basePath: string; auth: 'bearer' | 'basic'; handler: SpecHandler },
): Promise<SpecServer> {
  const spec: Json = readProviderSpec(specFile);
  const operations = operationsOf(spec);
  const strictAjv = newAjv(false, spec);
  const coercingAjv = newAjv(true, spec);
  const cache = new Map<string, ValidateFunction>();
  const validator = (pointer: string, coerce: boolean) => {
    const key = `${coerce}:${pointer}`;
    let fn = cache.get(key);
    if (!fn) {
      const ajv = coerce ? coercingAjv : strictAjv;
      fn = ajv.compile({ type: 'object', properties: { value: { $ref: pointer } } });
      cache.set(key, fn);
    }
    return fn;
  };
  const requests: SpecRequest[] = [];
  const violations: string[] = [];
  const check = (where: string, pointer: string, value: Json, coerce: boolean) => {
    const holder = { value };
    const fn = validator(pointer, coerce);
    if (!fn(holder)) violations.push(`${where}: ${strictAjv.errorsText(fn.errors)}`);
    return holder.value;
  };

  /** Path and query parameters against the operation's; returns the query as read. */
  function checkParameters(operation: Operation, where: string, url: URL, pathParams: Record<string, string>): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    const known = new Set<string>();
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      known.add(parameter.name);
      const value =
        parameter.in === 'path' ? pathParams[parameter.name]
        : parameter.style === 'deepObject' ? deepObject(parameter.name, url.searchParams)
        : url.searchParams.getAll(parameter.name);
      const present = Array.isArray(value) ? value.length > 0 : value !== undefined;
      if (!present) {
        if (parameter.required) violations.push(`${where}: missing required ${parameter.in} parameter ${parameter.name}`);
        continue;
      }
      const single = Array.isArray(value) && resolve(spec, parameter.schema)?.type !== 'array' ? value[0] : value;
      if (parameter.style === 'deepObject') {
        for (const extra of undeclared(spec, parameter.schema, single, parameter.name)) violations.push(`${where}: undocumented parameter ${extra}`);
      }
      const checked = checkSchema(parameter.schema, single, `${where} ${parameter.in} ${parameter.name}`, true);
      if (parameter.in === 'query') query[parameter.name] = checked;
    }
    for (const name of new Set([...url.searchParams.keys()].map((k) => k.replace(/\[.*$/, '')))) {
      if (!known.has(name)) violations.push(`${where}: undocumented query parameter ${name}`);
    }
    return query;
  }

  /** The body against the operation's request body, by content type (JSON or form). */
  function checkBody(operation: Operation, where: string, contentType: string | undefined, text: string): Json {
    if (!operation.op.requestBody) {
      if (text) violations.push(`${where}: a body was sent but the operation takes none`);
      return undefined;
    }
    const type = (contentType ?? '').split(';')[0]!.trim();
    const media = resolve(spec, operation.op.requestBody).content?.[type];
    if (!media) {
      violations.push(`${where}: content-type ${type || '(none)'} is not one the spec accepts`);
      return undefined;
    }
    const form = type === 'application/x-www-form-urlencoded';
    const raw = form ? Object.fromEntries(new URLSearchParams(text)) : JSON.parse(text || 'null');
    const schema = resolve(spec, media.schema);
    for (const key of Object.keys(raw ?? {})) if (schema.properties && !(key in schema.properties)) violations.push(`${where}: undocumented body field ${key}`);
    return checkSchema(media.schema, raw, `${where} body`, form);
  }

  /** The test's answer against the documented response of its status. */
  function checkResponse(operation: Operation, where: string, reply: SpecReply): void {
    const documented = operation.op.responses?.[String(reply.status)];
    if (!documented) {
      if (reply.status < 400) violations.push(`${where}: response ${reply.status} is not documented`);
      return;
    }
    const json = resolve(spec, documented).content?.['application/json'];
    if (json && reply.body !== undefined) checkSchema(json.schema, reply.body, `${where} response ${reply.status}`, false);
    if (!json && reply.body !== undefined) violations.push(`${where}: response ${reply.status} has no body in the spec`);
  }

  async function handle(request: IncomingMessage): Promise<SpecReply> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(options.basePath)) throw new Error(`outside the API base: ${url.pathname}`);
    const path = decodeURIComponent(url.pathname.slice(options.basePath.length));
    const operation = operations.find((o) => o.method === request.method && o.pattern.test(path));
    if (!operation) {
      violations.push(`${request.method} ${path}: no such operation in ${specFile}`);
      return { status: 404, body: { error: 'not in spec' } };
    }
    const where = `${operation.method} ${operation.template}`;
    const auth = request.headers.authorization ?? '';
    if (!auth.toLowerCase().startsWith(`${options.auth} `)) violations.push(`${where}: no ${options.auth} credentials`);
    const match = operation.pattern.exec(path)!;
    const pathParams = Object.fromEntries(operation.names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    const query = checkParameters(operation, where, url, pathParams);
    const body = checkBody(operation, where, request.headers['content-type'], await readBody(request));
    const recorded: SpecRequest = {
      operationId: operation.op.operationId ?? where,
      method: operation.method,
      path: operation.template,
      pathParams,
      query,
      body,
      headers: request.headers,
    };
    requests.push(recorded);
    const reply = await options.handler(recorded);
    if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
    checkResponse(operation, where, reply);
    return reply;
  }

  // Each schema of the document is registered once, its $refs pointing into the document.
  const inlineIds = new Map<Json, string>();
  function checkSchema(schema: Json, value: Json, where: string, coerce: boolean): Json {
    if (schema?.$ref) return check(where, `spec${schema.$ref}`, value, coerce);
    let id = inlineIds.get(schema);
    if (!id) {
      id = `inline-${inlineIds.size}`;
      inlineIds.set(schema, id);
      for (const ajv of [strictAjv, coercingAjv]) ajv.addSchema({ ...rewriteRefs(schema) }, id);
    }
    return check(where, id, value, coerce);
  }
  function rewriteRefs(node: Json): Json {
    if (Array.isArray(node)) return node.map(rewriteRefs);
    if (!node || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, k === '$ref' && typeof v === 'string' && v.startsWith('#') ? `spec${v}` : rewriteRefs(v)]));
  }

  const server: Server = createServer((request, response) => {
    handle(request)
      .then((reply) => {
        response.statusCode = reply.status;
        if (reply.body !== undefined) {
          response.setHeader('content-type', 'application/json');
          response.end(JSON.stringify(reply.body));
        } else response.end();
      })
      .catch((error: Error) => {
        violations.push(`server error: ${error.message}`);
        response.statusCode = 599;
        response.end();
      });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}${options.basePath}`,
    requests,
    violations,
    example: (ref, overrides = {}) => ({ ...exampleOf(spec, { $ref: ref }), ...overrides }),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** The DIALTONE_EGRESS_ALLOW entry (host:port) that lets Dialtone call a fake on loopback over plain http. */
export function allowEntryOf(baseUrl: string): string {
  return new URL(baseUrl).host;
}

/** An egress guard that lets an adapter under test reach a fake at baseUrl, and nothing else off the public internet. */
export function egressTo(baseUrl: string): EgressGuard {
  return new EgressGuard({ allow: [allowEntryOf(baseUrl)] });
}

/** What every fake carrier keeps: its numbers, the failures to inject, and its spec server. */
export abstract class FakeCarrier {
  server!: SpecServer;
  /** Numbers bought, to the carrier's own id of each. */
  owned = new Map<string, string>();
  /** The next answers to give, before the normal ones: injected failures. */
  script: Array<(request: SpecRequest) => SpecReply | null> = [];
  /** Buy the numbers even when the answer is a failure (a timeout after the carrier acted). */
  buyAnyway = false;

  protected constructor(
    private readonly spec: string,
    private readonly serverOptions: { basePath: string; auth: 'bearer' | 'basic' },
  ) {}

  async start(): Promise<this> {
    this.server = await startSpecServer(this.spec, { ...this.serverOptions, handler: (request) => this.handle(request) });
    return this;
  }

  protected abstract handle(request: SpecRequest): SpecReply;
}

export interface CarrierAccountSetup<F extends FakeCarrier> {
  app: TestApp;
  fake: F;
  key: string;
  orgId: string;
  accountId: string;
}

/**
 * One Dialtone with one carrier account on a fresh fake carrier, for a describe block. After
 * each test the fake must have seen nothing its document forbids; its injected failures reset.
 */
export function useCarrierAccount<F extends FakeCarrier>(
  driver: DriverName,
  createFake: () => F,
  account: { carrier: string; name: string; credentials: Record<string, string> },
  receive: (setup: CarrierAccountSetup<F>) => void,
): void {
  let setup: CarrierAccountSetup<F> | undefined;
  beforeAll(async () => {
    const fake = await createFake().start();
    const app = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex'), egressAllow: [allowEntryOf(fake.server.baseUrl)] });
    const { key, orgId } = await app.newOrg();
    const created = await app.request('POST', '/v1/carrier-accounts', { key, body: { ...account, base_url: fake.server.baseUrl } });
    expect(created.status).toBe(201);
    setup = { app, fake, key, orgId, accountId: created.body.id };
    receive(setup);
  });
  afterEach(() => {
    if (!setup) return;
    expect(setup.fake.server.violations).toEqual([]);
    setup.fake.script = [];
    setup.fake.buyAnyway = false;
  });
  afterAll(async () => {
    await setup?.app.close();
    await setup?.fake.server.close();
  });
}
