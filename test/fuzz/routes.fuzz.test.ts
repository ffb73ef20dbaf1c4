import { request as httpRequest } from 'node:http';
import fc from 'fast-check';
import type { RouteOptions } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { CREDENTIALS, surfaceOf, type SurfaceCaller } from '../support/surfaces.js';
import { HOSTILE_BODIES, HOSTILE_HEADERS, HOSTILE_KEYS, HOSTILE_STRINGS, hostileJsonValue } from './hostile-input.js';

/**
 * Every route of every surface, from the server's own route table, walked with hostile and
 * generated input: each class of hostile input against each route, then fast-check's random
 * requests. Whatever comes in, Dialtone answers below 500, says nothing of its internals,
 * leaves Object.prototype as it was and keeps answering /livez.
 */

interface Route {
  method: string;
  url: string;
  surface: string;
  operator: boolean;
  queryKeys: string[];
  bodyKeys: string[];
  params: string[];
}

interface Answer {
  status: number;
  body: string;
}

/** Framework, driver, SQL and runtime text that must never reach a client. */
const LEAKS =
  /FST_|node_modules|\bat [\w.<>]+ \(|\.[jt]s:\d+|syntax error|violates|relation "|column "|\bselect\b.+\bfrom\b|insert into|Unexpected (token|end)|TypeError|ReferenceError|RangeError|Cannot read|is not a function|\[object Object\]|ECONN|postgres|pglite|kysely|ajv/i;

/**
 * The text with its opaque tokens (signed cursors, keys, secrets: runs of base64url mixing
 * upper case, lower case and digits) taken out. They are random, so now and then one holds a
 * leak word by chance ("fst_", "ajv"); an error code or a path never mixes all three.
 */
function withoutOpaqueTokens(text: string): string {
  return text.replace(/[A-Za-z0-9_-]{16,}/g, (token) => (/[a-z]/.test(token) && /[A-Z]/.test(token) && /\d/.test(token) ? '<token>' : token));
}

const RAW_ENCODED = ['%ED%A0%80', '%C0%AF', '%FF', '%00', '%E0%80', '%'];
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Property names of a schema object, with nested objects flattened as clients write them: filter[a][b]. */
function keysOf(schema: unknown, prefix = ''): string[] {
  const properties = (schema as { properties?: Record<string, unknown> } | undefined)?.properties;
  if (!properties) return [];
  return Object.entries(properties).flatMap(([name, child]) => {
    const key = prefix ? `${prefix}[${name}]` : name;
    const nested = keysOf(child, key);
    return nested.length ? nested : [key];
  });
}

function routesOf(app: TestApp): Route[] {
  const seen = new Set<string>();
  const routes: Route[] = [];
  for (const route of app.http.routeTable as RouteOptions[]) {
    for (const method of [route.method].flat()) {
      const url = route.url ?? '';
      if (method === 'HEAD' || method === 'OPTIONS' || url.startsWith('/docs') || seen.has(`${method} ${url}`)) continue;
      seen.add(`${method} ${url}`);
      const schema = (route.schema ?? {}) as { querystring?: unknown; body?: unknown; security?: Array<Record<string, unknown>> };
      routes.push({
        method,
        url,
        surface: surfaceOf(url),
        operator: (schema.security ?? []).some((entry) => 'adminToken' in entry),
        queryKeys: keysOf(schema.querystring),
        bodyKeys: keysOf(schema.body),
        params: [...url.matchAll(/:(\w+)/g)].map((m) => m[1]!),
      });
    }
  }
  return routes;
}

/** Percent-encodes every byte of the UTF-8 text (a lone surrogate becomes U+FFFD on the way). */
function encode(value: string): string {
  return [...Buffer.from(value, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');
}

/** One raw HTTP exchange: any method, path bytes, headers and body, as a broken client would send. */
function send(baseUrl: string, method: string, path: string, headers: Record<string, string>, body?: string | Uint8Array): Promise<Answer> {
  const { hostname, port } = new URL(baseUrl);
  // Node's client sends a GET or DELETE body unframed unless its length is given.
  const length = body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) };
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, method, path, headers: { ...headers, ...length }, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path.slice(0, 200)}`)));
    req.on('error', reject);
    req.end(body);
  });
}

describeEachDriver('every route under hostile input', (driver) => {
  let app: TestApp;
  let routes: Route[];
  let caller: SurfaceCaller;
  /** A value of a path parameter that names a real thing of the caller, as the route's surface writes it. */
  let realParam: (route: Route, name: string) => string;
  const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
  let exchanges = 0;

  beforeAll(async () => {
    app = await startTestApp(driver);
    caller = await app.newOrg();
    const record = await app.dialtone.services.numbers.importNumber(caller.orgId, { number: '+14155550142', friendly_name: 'Fuzz' });
    const hex = record.id.replace(/-/g, '');
    routes = routesOf(app);
    const order = await app.dialtone.services.orders.place(caller.orgId, { numbers: ['+14155550143'] });
    const byName: Record<string, string> = {
      Sid: `PN${hex}`,
      phone_number_id: `phon_${hex}`,
      number_order_id: order.order.id,
      agent_id: 'agent-1',
      Country: 'US',
      Type: 'Local',
      key_id: caller.orgId,
    };
    realParam = (route, name) => {
      if (name === 'AccountSid') return route.surface === 'twilio' ? caller.accountSid : caller.orgId;
      if (name !== 'id') return byName[name] ?? 'x';
      if (route.url.startsWith('/v1/organizations')) return caller.orgId;
      if (route.url.startsWith('/v1/number-orders')) return order.order.id;
      return route.surface === 'telnyx' ? String(record.seq) : record.id;
    };
  });
  afterAll(() => app.close());

  function headersFor(route: Route, authenticated = true): Record<string, string> {
    if (!authenticated) return {};
    if (route.operator) return { authorization: `Bearer ${ADMIN_TOKEN}` };
    return CREDENTIALS[route.surface]!(caller);
  }

  function pathFor(route: Route, override?: { param: string; raw: string }): string {
    return route.url.replace(/:(\w+)/g, (_, name: string) => {
      if (override?.param === name) return override.raw;
      return encode(realParam(route, name));
    });
  }

  async function expectSafe(answer: Answer, what: string): Promise<void> {
    expect(answer.status, `${what} → ${answer.status} ${answer.body.slice(0, 300)}`).toBeLessThan(500);
    expect(answer.status, what).toBeGreaterThanOrEqual(200);
    expect(withoutOpaqueTokens(answer.body), what).not.toMatch(LEAKS);
    expect(Object.getOwnPropertyNames(Object.prototype).sort(), what).toEqual(prototypeBefore);
    expect((Object.prototype as Record<string, unknown>).polluted, what).toBeUndefined();
  }

  async function exchange(route: Route, options: { path?: string; query?: string; headers?: Record<string, string>; body?: { contentType: string; body: string | Uint8Array }; authenticated?: boolean }) {
    const headers = { ...headersFor(route, options.authenticated ?? true), ...options.headers };
    if (options.body) headers['content-type'] = options.body.contentType;
    const path = `${options.path ?? pathFor(route)}${options.query ? `?${options.query}` : ''}`;
    const answer = await send(app.baseUrl, route.method, path, headers, options.body?.body);
    exchanges++;
    await expectSafe(answer, `${route.method} ${path.slice(0, 160)} ${JSON.stringify(options.headers ?? {}).slice(0, 80)}`);
    return answer;
  }

  afterAll(() => console.info(`[fuzz ${driver}] ${routes.length} routes, ${exchanges} exchanges`));

  it('finds every surface in the route table', () => {
    const surfaces = new Set(routes.map((route) => route.surface));
    expect([...surfaces].sort()).toEqual(Object.keys(CREDENTIALS).sort());
    expect(routes.length).toBeGreaterThan(50);
  });

  it('answers each class of hostile input on each route safely', async () => {
    const strongest = ['\u0000', '\ud800', '1e309', 'Infinity', '%', '_', '*', '__proto__', 'a'.repeat(5_000), "' or 1=1 --", '-1', ''];
    for (const route of routes) {
      for (const param of route.params) {
        for (const value of [...strongest.map(encode), ...RAW_ENCODED]) await exchange(route, { path: pathFor(route, { param, raw: value }) });
      }
      for (const key of route.queryKeys) {
        for (const value of strongest) await exchange(route, { query: `${encode(key)}=${encode(value)}` });
      }
      for (const key of HOSTILE_KEYS) {
        const raw = /^[\x21-\x7e]+$/.test(key) ? `&${key}=y` : '';
        await exchange(route, { query: `${encode(key)}=x${raw}` });
      }
      for (const headers of HOSTILE_HEADERS) await exchange(route, { headers });
      if (!BODY_METHODS.has(route.method)) continue;
      for (const body of HOSTILE_BODIES) {
        await exchange(route, { body });
        await exchange(route, { body, authenticated: false });
      }
      for (const key of route.bodyKeys.slice(0, 12)) {
        for (const value of ['"\\u0000"', '"\\ud800"', '1e309', '{"__proto__":{"polluted":1}}', '[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]']) {
          await exchange(route, { body: { contentType: 'application/json', body: `{${JSON.stringify(key)}:${value}}` } });
        }
      }
    }
    expect((await send(app.baseUrl, 'GET', '/livez', {})).status).toBe(200);
    expect(exchanges).toBeGreaterThan(routes.length * 40);
  }, 300_000);

  it('answers generated requests on every route safely', async () => {
    const anyRoute = fc.constantFrom(...routes);
    const queryPart = (route: Route) =>
      fc.array(
        fc.tuple(
          fc.oneof(fc.constantFrom(...(route.queryKeys.length ? route.queryKeys : ['limit'])), fc.constantFrom(...HOSTILE_KEYS), fc.string({ maxLength: 16 })),
          fc.oneof(fc.constantFrom(...HOSTILE_STRINGS), fc.string({ maxLength: 64, unit: 'binary' })),
        ),
        { maxLength: 6 },
      );
    const bodyPart = (route: Route) =>
      fc.array(fc.tuple(fc.oneof(fc.constantFrom(...(route.bodyKeys.length ? route.bodyKeys : ['name'])), fc.constantFrom(...HOSTILE_KEYS)), hostileJsonValue), {
        maxLength: 6,
      });
    const requestOf = anyRoute.chain((route) => fc.record({ route: fc.constant(route), query: queryPart(route), body: bodyPart(route), form: fc.boolean() }));
    await fc.assert(
      fc.asyncProperty(requestOf, async ({ route, query, body, form }) => {
        const queryText = query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
        const jsonBody = `{${body.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
        const formBody = body.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
        const payload = BODY_METHODS.has(route.method)
          ? form
            ? { contentType: 'application/x-www-form-urlencoded', body: formBody }
            : { contentType: 'application/json', body: jsonBody }
          : undefined;
        await exchange(route, { query: queryText, ...(payload ? { body: payload } : {}) });
      }),
      { numRuns: driver === 'pglite' ? 1500 : 500, interruptAfterTimeLimit: 90_000, seed: Number(process.env.DIALTONE_FUZZ_SEED ?? Date.now() % 2 ** 31) },
    );
    expect((await send(app.baseUrl, 'GET', '/livez', {})).status).toBe(200);
  }, 300_000);
});
