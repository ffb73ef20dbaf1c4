import pino from 'pino';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { readMigrations } from '../../src/db/migrate.js';
import { checkReadiness } from '../../src/db/readiness.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { freeLoopbackPort } from '../support/ports.js';

describeEachDriver('probes', (driver) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(async () => {
    await app.close();
  });

  it('/livez and /healthz answer ok without credentials', async () => {
    for (const path of ['/livez', '/healthz']) {
      const res = await app.request('GET', path);
      expect([res.status, res.body]).toEqual([200, { status: 'ok' }]);
    }
  });

  it('/readyz answers ready without credentials when the database answers and is migrated', async () => {
    const res = await app.request('GET', '/readyz');
    expect([res.status, res.body]).toEqual([200, { status: 'ready' }]);
  });

  it('/readyz answers 503 with the reason when a migration this build knows is not applied', async () => {
    const db = app.dialtone.database.db;
    const last = readMigrations().at(-1)!;
    await sql`delete from schema_migrations where version = ${last.version}`.execute(db);
    try {
      const res = await app.request('GET', '/readyz');
      expect(res.status).toBe(503);
      expect(res.headers.get('retry-after')).toBe('5');
      expect(res.body).toEqual({ status: 'unavailable', reason: `migrations not applied: ${last.version}` });
    } finally {
      await sql`insert into schema_migrations (version, name) values (${last.version}, ${last.name})`.execute(db);
    }
    expect((await app.request('GET', '/readyz')).status).toBe(200);
  });

  it('keeps the probes out of the OpenAPI document', async () => {
    const paths = Object.keys((await app.request('GET', '/openapi.json')).body.paths);
    expect(paths.length).toBeGreaterThan(10);
    expect(paths.filter((path) => /livez|readyz|healthz/.test(path))).toEqual([]);
  });
});

it('readiness on an unreachable Postgres server is "unreachable", answered within the connect timeout', async () => {
  const database = await openDatabase({
    databaseUrl: `postgres://postgres@127.0.0.1:${await freeLoopbackPort()}/none`,
    dataDir: 'memory://',
    poolSize: 2,
    connectTimeoutMs: 1000,
    queue: { maxWaitMs: 1000, maxWaiting: 10 },
    logger: pino({ level: 'silent' }),
  });
  try {
    const started = Date.now();
    const readiness = await checkReadiness(database.db, [1], 2000);
    expect(readiness).toEqual({ ready: false, reason: 'the database is unreachable (connection failed: ECONNREFUSED)' });
    expect(Date.now() - started).toBeLessThan(1500);
  } finally {
    await database.close();
  }
});
