import type { AddressInfo } from 'node:net';
import Fastify, { type RouteOptions } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttp, openDialtone } from '../../src/app.js';
import type { Dialect, DialectServices } from '../../src/dialects/dialect.js';
import { DIALECTS } from '../../src/dialects/registry.js';
import { mountDialect } from '../../src/dialects/shared/mount.js';
import { loadConfig } from '../../src/config/config.js';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { createSchema, TEST_DATABASE_URL } from '../support/postgres.js';
import { CREDENTIALS } from '../support/surfaces.js';

/**
 * Every dialect route serves one named operation from its dialect's closed list: the name is its
 * operationId and the `operation` field of its requests' log lines, and a route without one is
 * refused at startup.
 */

const NAME = /^[a-z][a-z-]*\.[a-z0-9_]+\.[a-z0-9_]+$/;

interface DialectRoute {
  dialect: Dialect;
  method: string;
  /** The path within the dialect, without its prefix or a ".json" ending (one operation either way). */
  path: string;
  operation: unknown;
  operationId: unknown;
  hidden: unknown;
}

/** The dialect routes the real server serves, as its route table holds them (HEAD copies aside). */
function dialectRoutes(app: TestApp): DialectRoute[] {
  const routes: DialectRoute[] = [];
  for (const route of app.http.routeTable as RouteOptions[]) {
    const dialect = DIALECTS.find((d) => d.name === route.config?.surface);
    if (!dialect) continue;
    const prefix = dialect.prefixes.find((p) => route.url.startsWith(`${p}/`))!;
    const schema = (route.schema ?? {}) as { operationId?: unknown; hide?: unknown };
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      routes.push({
        dialect,
        method,
        path: route.url.slice(prefix.length).replace(/\.json$/, ''),
        operation: route.config?.dialectOperation,
        operationId: schema.operationId,
        hidden: schema.hide,
      });
    }
  }
  return routes;
}

describe('dialect operations', () => {
  let app: TestApp;
  let routes: DialectRoute[];

  beforeAll(async () => {
    app = await startTestApp('pglite');
    routes = dialectRoutes(app);
  });
  afterAll(() => app.close());

  it('lists each dialect operation once, as <resource>.<verb>', () => {
    for (const dialect of DIALECTS) {
      expect(new Set(dialect.operations).size, dialect.name).toBe(dialect.operations.length);
      for (const name of dialect.operations) expect(`${dialect.name}.${name}`).toMatch(NAME);
    }
  });

  it('names every dialect route by an operation of its list, as its operationId', () => {
    expect(new Set(routes.map((route) => route.dialect.name))).toEqual(new Set(DIALECTS.map((d) => d.name)));
    for (const route of routes) {
      const where = `${route.dialect.name} ${route.method} ${route.path}`;
      expect(route.dialect.operations, where).toContain(route.operation);
      expect(route.operationId, where).toBe(`${route.dialect.name}.${String(route.operation)}`);
    }
  });

  it('gives each operation name to one method and path, and serves every name of each list', () => {
    const served = new Map<string, Set<string>>();
    for (const route of routes) {
      const name = String(route.operationId);
      served.set(name, (served.get(name) ?? new Set()).add(`${route.method} ${route.path}`));
    }
    for (const [name, endpoints] of served) expect([...endpoints], name).toHaveLength(1);
    const listed = DIALECTS.flatMap((dialect) => dialect.operations.map((name) => `${dialect.name}.${name}`));
    expect([...served.keys()].sort()).toEqual(listed.sort());
  });

  it('keeps the dialect routes out of the OpenAPI document', async () => {
    for (const route of routes) expect(route.hidden, `${route.dialect.name} ${route.method} ${route.path}`).toBe(true);
    const doc = (await app.request('GET', '/openapi.json')).body as { paths: Record<string, Record<string, { operationId?: string }>> };
    const ids = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((entry) => entry.operationId ?? ''));
    for (const dialect of DIALECTS) expect(ids.filter((id) => id.startsWith(`${dialect.name}.`)), dialect.name).toEqual([]);
  });
});

describe('a dialect route without an operation', () => {
  const mountWith = async (operations: readonly string[], config: Record<string, unknown>) => {
    const dialect: Dialect = {
      name: 'sample',
      operations,
      prefixes: ['/sample'],
      authenticate: async () => {
        throw new Error('not called');
      },
      register: async (scope) => {
        scope.get('/things', { config }, async () => ({ ok: true }));
      },
      renderError: () => ({ status: 500, body: {} }),
    };
    const server = Fastify();
    try {
      await mountDialect(server, dialect, {} as DialectServices, '/sample');
      await server.ready();
    } finally {
      await server.close();
    }
  };

  it('is refused at startup, as is a name missing from the dialect list', async () => {
    await expect(mountWith(['things.list'], { scopes: ['phone_numbers:read'] })).rejects.toThrow(/GET \/sample\/things names no operation/);
    await expect(mountWith(['things.list'], { scopes: ['phone_numbers:read'], dialectOperation: 'things.lst' })).rejects.toThrow(
      /names no operation/,
    );
    await expect(mountWith(['things.list'], { scopes: ['phone_numbers:read'], dialectOperation: 'things.list' })).resolves.toBeUndefined();
  });
});

/** A request each dialect's clients make, and the operation it is. */
const REQUESTS: Record<string, { path: (caller: { orgId: string; accountSid: string }) => string; operation: string }> = {
  telnyx: { path: () => '/v2/phone_numbers', operation: 'telnyx.phone_numbers.list' },
  twilio: {
    path: (c) => `/2010-04-01/Accounts/${c.accountSid}/IncomingPhoneNumbers/Local.json`,
    operation: 'twilio.incoming_phone_numbers_local.list',
  },
  'signalwire-laml': {
    path: (c) => `/api/laml/2010-04-01/Accounts/${c.orgId}/IncomingPhoneNumbers`,
    operation: 'signalwire-laml.incoming_phone_numbers.list',
  },
  'signalwire-relay': { path: () => '/api/relay/rest/phone_numbers', operation: 'signalwire-relay.phone_numbers.list' },
  butter: { path: () => '/api/phone-numbers', operation: 'butter.phone_numbers.list' },
  talkover: { path: () => '/api/v1/phone-numbers', operation: 'talkover.phone_numbers.list' },
};

describeEachDriver('the dialect operation in the log lines', (driver) => {
  const lines: Array<Record<string, unknown>> = [];
  let baseUrl: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const target = driver === 'postgres' ? await createSchema() : null;
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = loadConfig(
      {},
      { dataDir: 'memory://', databaseUrl: target ? TEST_DATABASE_URL : null, adminToken: ADMIN_TOKEN, maxEventLoopDelayMs: 0 },
    );
    const dialtone = await openDialtone(config, { schema: target?.schema, logger });
    const http = await buildHttp(dialtone);
    await http.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;
    close = async () => {
      await http.close();
      await dialtone.close();
      await target?.drop();
    };
  });
  afterAll(() => close());

  const call = async (path: string, requestId: string, headers: Record<string, string> = {}) => {
    const answer = await fetch(`${baseUrl}${path}`, { headers: { ...headers, 'x-request-id': requestId } });
    await answer.text();
    return answer.status;
  };

  const newCaller = async () => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' };
    const post = async (path: string, body: unknown) =>
      (await fetch(`${baseUrl}${path}`, { method: 'POST', headers: admin, body: JSON.stringify(body) })).json() as Promise<Record<string, string>>;
    const org = await post('/v1/organizations', { name: 'Log org' });
    const key = await post(`/v1/organizations/${org.id}/api-keys`, { scopes: ['phone_numbers:read'] });
    return { orgId: org.id!, accountSid: org.account_sid!, key: key.key! };
  };

  const completed = (requestId: string) => lines.find((line) => line.reqId === requestId && line.msg === 'request completed');

  it('binds the operation to the log lines of answered and refused requests alike', async () => {
    const caller = await newCaller();
    for (const dialect of DIALECTS) {
      const { path, operation } = REQUESTS[dialect.name]!;
      const served = await call(path(caller), `ok-${dialect.name}`, CREDENTIALS[dialect.name]!(caller));
      const refused = await call(path(caller), `anon-${dialect.name}`);
      expect([served, refused], dialect.name).toEqual([200, 401]);
      expect(completed(`ok-${dialect.name}`)?.operation, dialect.name).toBe(operation);
      expect(completed(`anon-${dialect.name}`)?.operation, dialect.name).toBe(operation);
    }
  });

  it('binds none to a path no dialect route serves', async () => {
    expect(await call('/v2/no_such_thing', 'unknown-path')).toBe(404);
    expect(completed('unknown-path')).toBeDefined();
    expect(completed('unknown-path')?.operation).toBeUndefined();
  });
});
