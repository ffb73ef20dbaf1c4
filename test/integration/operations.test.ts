import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttp, NATIVE_OPERATIONS, openDialtone } from '../../src/app.js';
import { SCOPES } from '../../src/auth/scopes.js';
import { loadConfig } from '../../src/config/config.js';
import { OPERATION_NAMES } from '../../src/http/operation-names.js';
import type { Operation } from '../../src/http/operation.js';
import { ADMIN_TOKEN, startTestApp, type TestApp } from '../support/harness.js';

/**
 * Every native operation is one declaration: the OpenAPI document names it by its operationId
 * from the closed list and shows the access it declares, and the caller is authenticated before
 * the body or the query is read or validated.
 */

/** /v1/phone-numbers/:id as the OpenAPI document writes it: /v1/phone-numbers/{id}. */
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');
/** The path with a well-formed id in each parameter, so only authentication can refuse it first. */
const concretePath = (path: string) => path.replace(/:\w+/g, () => randomUUID());

const operator = (operation: Operation) => operation.access === 'operator';
const takesBody = (operation: Operation) => operation.schema.body !== undefined;

describe('native operations', () => {
  let app: TestApp;
  let doc: { paths: Record<string, Record<string, { operationId?: string; security?: unknown }>> };

  beforeAll(async () => {
    app = await startTestApp('pglite');
    doc = (await app.request('GET', '/openapi.json')).body;
  });
  afterAll(() => app.close());

  it('names every native route of the OpenAPI document once, from the closed list', () => {
    const ids = Object.entries(doc.paths)
      .filter(([path]) => path.startsWith('/v1/'))
      .flatMap(([, methods]) => Object.values(methods).map((entry) => entry.operationId));
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...OPERATION_NAMES].sort());
  });

  it('documents each operation at its path and method, with the security of its declared access', () => {
    expect(NATIVE_OPERATIONS.map((operation) => operation.name).sort()).toEqual([...OPERATION_NAMES].sort());
    for (const operation of NATIVE_OPERATIONS) {
      const entry = doc.paths[openApiPath(operation.path)]?.[operation.method.toLowerCase()];
      const expected = operator(operation)
        ? [{ adminToken: [] }]
        : [{ bearerAuth: [...(operation.access as { scopes: string[] }).scopes] }, { apiKeyHeader: [...(operation.access as { scopes: string[] }).scopes] }];
      expect(entry?.operationId, operation.name).toBe(operation.name);
      expect(entry?.security, operation.name).toEqual(expected);
    }
  });

  it('refuses an anonymous caller with 401 before reading an invalid or unreadable body', async () => {
    const withBody = NATIVE_OPERATIONS.filter(takesBody);
    expect(withBody.map((operation) => operation.name).sort()).toEqual(
      [
        'api_keys.create',
        'bulk_jobs.create',
        'carrier_accounts.create',
        'number_orders.create',
        'number_reservations.create',
        'number_groups.create',
        'number_groups.update',
        'number_group_memberships.create',
        'numbers.import',
        'number_imports.create',
        'numbers.update',
        'orgs.create',
        'webhook_endpoints.create',
        'webhook_endpoints.update',
        'webhook_endpoints.rotate_secret',
        'webhook_endpoints.recover',
        'events.redeliver',
        'addresses.create',
        'addresses.update',
      ].sort(),
    );
    for (const operation of withBody) {
      const path = concretePath(operation.path);
      const invalid = await app.request(operation.method, path, { body: { not_a_field: [1, 2, 3] } });
      expect([invalid.status, invalid.body.code], `${operation.name} invalid body`).toEqual([401, 'unauthenticated']);
      const unreadable = await app.request(operation.method, path, { body: undefined, headers: { 'content-type': 'application/json' } });
      expect(unreadable.status, `${operation.name} empty body`).toBe(401);
      const broken = await fetch(`${app.baseUrl}${path}`, { method: operation.method, headers: { 'content-type': 'application/json' }, body: '{"' });
      expect(broken.status, `${operation.name} broken JSON`).toBe(401);
    }
  });

  it('refuses an anonymous caller with 401 before validating an unknown query parameter, on every operation', async () => {
    for (const operation of NATIVE_OPERATIONS) {
      const answer = await app.request(operation.method, `${concretePath(operation.path)}?colour=red`);
      expect([answer.status, answer.body.code], operation.name).toEqual([401, 'unauthenticated']);
    }
  });

  it('refuses a key without the scope with 403, and a key on an operator operation with 401, before validation', async () => {
    for (const operation of NATIVE_OPERATIONS) {
      const needed = operator(operation) ? [] : (operation.access as { scopes: string[] }).scopes;
      const { key } = await app.newOrg(SCOPES.filter((scope) => !needed.includes(scope)));
      const body = takesBody(operation) ? { not_a_field: true } : undefined;
      const answer = await app.request(operation.method, `${concretePath(operation.path)}?colour=red`, { key, body });
      // An operation any key may call (api_keys.current) lets the key through, to validation.
      const anyKey = !operator(operation) && needed.length === 0;
      const expected = operator(operation) ? [401, 'unauthenticated'] : anyKey ? [400, 'validation_failed'] : [403, 'insufficient_scope'];
      expect([answer.status, answer.body.code], operation.name).toEqual(expected);
    }
  });

  it('lets the operator token through to validation on operator operations', async () => {
    const answer = await app.request('POST', '/v1/organizations', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      body: { not_a_field: true },
    });
    expect([answer.status, answer.body.code]).toEqual([400, 'validation_failed']);
  });
});

describe('the operation name in the log lines', () => {
  it('binds the operation to a native request\'s log lines, and the dialect\'s own to a dialect request', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const config = loadConfig({}, { dataDir: 'memory://', databaseUrl: null, adminToken: ADMIN_TOKEN, maxEventLoopDelayMs: 0 });
    const dialtone = await openDialtone(config, { logger });
    const http = await buildHttp(dialtone);
    try {
      const numbers = await http.inject({ method: 'GET', url: '/v1/phone-numbers', headers: { 'x-request-id': 'req-numbers' } });
      const orgs = await http.inject({ method: 'GET', url: '/v1/organizations', headers: { 'x-request-id': 'req-orgs' } });
      const telnyx = await http.inject({ method: 'GET', url: '/v2/phone_numbers', headers: { 'x-request-id': 'req-telnyx' } });
      expect([numbers.statusCode, orgs.statusCode, telnyx.statusCode]).toEqual([401, 401, 401]);
      const completed = (id: string) => lines.find((line) => line.reqId === id && line.msg === 'request completed');
      expect(completed('req-numbers')?.operation).toBe('numbers.list');
      expect(completed('req-orgs')?.operation).toBe('orgs.list');
      expect(completed('req-telnyx')?.operation).toBe('telnyx.phone_numbers.list');
    } finally {
      await http.close();
      await dialtone.close();
    }
  });
});
