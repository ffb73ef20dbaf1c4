import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { describe, inject } from 'vitest';
import { buildHttp, openDialtone, type Dialtone } from '../../src/app.js';
import { SCOPES, type Scope } from '../../src/auth/scopes.js';
import { loadConfig, type Config } from '../../src/config/config.js';
import type { DriverName } from '../../src/db/database.js';
import { createDatabase, createSchema, postgresAvailable, TEST_DATABASE_URL } from './postgres.js';
import { embeddedDump } from './templates.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
}

export interface TestApp {
  driver: DriverName;
  baseUrl: string;
  dialtone: Dialtone;
  http: FastifyInstance;
  /** A request with an API key (or none); bodies are JSON. */
  request<T = any>(method: string, path: string, options?: { key?: string; body?: unknown; headers?: Record<string, string> }): Promise<HttpResult<T>>;
  /** A new organization with a key holding the given scopes (all by default). */
  newOrg(scopes?: readonly Scope[]): Promise<{ orgId: string; key: string; accountSid: string }>;
  close(): Promise<void>;
}

/** DIALTONE_TEST_DRIVERS=postgres narrows a run to one driver (the PgBouncer test runs the server's half alone). */
const chosen = process.env.DIALTONE_TEST_DRIVERS?.split(',') as DriverName[] | undefined;
export const drivers: DriverName[] = (postgresAvailable ? (['pglite', 'postgres'] as const) : (['pglite'] as const)).filter(
  (driver) => !chosen || chosen.includes(driver),
);

interface TestDatabase {
  url: string | null;
  schema?: string;
  dump?: Blob;
  drop(): Promise<void>;
}

/**
 * A fresh database of the driver: a copy of the migrated template (see templates.ts), or an
 * empty one that Dialtone migrates as it starts (also when the run made no template).
 */
async function testDatabase(driver: DriverName, migrateFromEmpty: boolean): Promise<TestDatabase> {
  const templates = migrateFromEmpty ? {} : inject('templates') ?? {};
  if (driver === 'pglite') {
    return { url: null, dump: templates.embedded ? await embeddedDump(templates.embedded) : undefined, drop: async () => {} };
  }
  if (templates.postgres) return createDatabase(templates.postgres);
  const target = await createSchema();
  return { url: TEST_DATABASE_URL, schema: target.schema, drop: target.drop };
}

/**
 * Starts the real HTTP server on a loopback port over a fresh database of the given driver,
 * migrated already unless migrateFromEmpty asks for Dialtone to migrate it from empty.
 */
export async function startTestApp(
  driver: DriverName,
  overrides: Partial<Config> = {},
  options: { migrateFromEmpty?: boolean } = {},
): Promise<TestApp> {
  const database = await testDatabase(driver, options.migrateFromEmpty ?? false);
  const config = loadConfig(
    {},
    {
      databaseUrl: database.url,
      dataDir: 'memory://',
      adminToken: ADMIN_TOKEN,
      logLevel: 'silent',
      databasePoolSize: 10,
      // Shedding and the embedded database's queue bound answer 503 by timing; on a loaded
      // machine they would turn ordinary tests flaky. The tests of overload set their own.
      maxEventLoopDelayMs: 0,
      databaseQueueWaitMs: 30_000,
      ...overrides,
    },
  );
  // DIALTONE_TEST_LOG=error shows what a failing request logged.
  const logger = pino({ level: process.env.DIALTONE_TEST_LOG ?? 'silent' }, pino.destination(2));
  const dialtone = await openDialtone(config, { schema: database.schema, embeddedDump: database.dump, logger });
  const http = await buildHttp(dialtone);
  await http.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(http.server.address() as AddressInfo).port}`;

  const request: TestApp['request'] = async (method, path, options = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, headers: response.headers, body: body as any };
  };

  const newOrg: TestApp['newOrg'] = async (scopes = SCOPES) => {
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const org = await request('POST', '/v1/organizations', { headers: admin, body: { name: 'Test org' } });
    const key = await request('POST', `/v1/organizations/${org.body.id}/api-keys`, { headers: admin, body: { scopes } });
    return { orgId: org.body.id, key: key.body.key, accountSid: org.body.account_sid };
  };

  return {
    driver,
    baseUrl,
    dialtone,
    http,
    request,
    newOrg,
    close: async () => {
      await http.close();
      await dialtone.close();
      await database.drop();
    },
  };
}

/** Runs a describe block once per database driver. */
export function describeEachDriver(name: string, body: (driver: DriverName) => void): void {
  for (const driver of drivers) describe(`${name} [${driver}]`, () => body(driver));
}
