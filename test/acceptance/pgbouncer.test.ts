import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';
import { pgbouncerBinary, startPgBouncer, type PgBouncer } from '../support/pgbouncer.js';
import { postgresAvailable, TEST_DATABASE_URL } from '../support/postgres.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The integration suite's core cases: numbers CRUD and list, orders with their race, the webhook delivery claim. */
const CORE_FILES = ['test/integration/numbers-api.test.ts', 'test/integration/numbers-list.test.ts', 'test/integration/orders.test.ts', 'test/integration/webhooks-delivery.test.ts'];
/** Server connections PgBouncer keeps per database: far fewer than the clients' connections. */
const SERVER_CONNECTIONS = 3;

const binary = pgbouncerBinary();
const required = process.env.DIALTONE_TEST_REQUIRE_POSTGRES === '1' || process.env.CI === 'true';
if (!binary && postgresAvailable) {
  if (required) throw new Error('pgbouncer is required (.ci/run installs it: apt-get install -y pgbouncer) but is not installed');
  console.warn('[dialtone tests] pgbouncer is not installed (apt-get install -y pgbouncer): the PgBouncer test is skipped');
}

/** Runs vitest on some of the suite's files in a child process, with the environment given. */
function runSuite(files: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['node_modules/vitest/vitest.mjs', 'run', ...files], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code: code ?? -1, output }));
  });
}

describe.skipIf(!binary || !postgresAvailable)('Dialtone behind PgBouncer in transaction pooling mode', () => {
  let bouncer: PgBouncer;

  beforeAll(async () => {
    bouncer = await startPgBouncer(binary!, TEST_DATABASE_URL, SERVER_CONNECTIONS);
  });
  afterAll(() => bouncer?.stop());

  async function transactionsServed(): Promise<number> {
    const database = new URL(TEST_DATABASE_URL).pathname.slice(1);
    const row = (await bouncer.show('STATS')).find((stats) => stats.database === database);
    return Number(row?.total_xact_count ?? 0);
  }

  it('serves a test server with its schema set per transaction, many clients over few server connections', async () => {
    let app: TestApp | undefined;
    try {
      // In a schema of its own on the test database (not a copy of the template, a database of its own), set per transaction.
      app = await startTestApp('postgres', { databaseUrl: bouncer.url, databasePoolSize: 12 }, { migrateFromEmpty: true });
      const { key } = await app.newOrg();
      const numbers = validNumbers(24, 701);
      // More changes at once than PgBouncer has server connections: each transaction takes whichever is free.
      const created = await Promise.all(numbers.map((number) => app!.request('POST', '/v1/phone-numbers', { key, body: { number } })));
      expect(created.map((res) => res.status)).toEqual(numbers.map(() => 201));
      const listed = await app.request('GET', '/v1/phone-numbers?limit=100', { key });
      expect(listed.body.data).toHaveLength(numbers.length);
      const pools = await bouncer.show('POOLS');
      const servers = pools.filter((pool) => pool.pool_mode === 'transaction').reduce((sum, pool) => sum + Number(pool.sv_active) + Number(pool.sv_idle) + Number(pool.sv_used), 0);
      expect(servers).toBeLessThanOrEqual(SERVER_CONNECTIONS);
    } finally {
      await app?.close();
    }
  });

  it(
    "passes the integration suite's core cases through it: numbers, lists, orders and their race, the webhook delivery claim",
    async () => {
      const before = await transactionsServed();
      const { code, output } = await runSuite(CORE_FILES, {
        DIALTONE_TEST_DATABASE_URL: bouncer.url,
        DIALTONE_TEST_DRIVERS: 'postgres',
        DIALTONE_TEST_REQUIRE_POSTGRES: '1',
        // Each file in a schema of the test database, as PgBouncer's statistics count it, not in a copy of the template.
        DIALTONE_TEST_POSTGRES_TEMPLATE: 'off',
      });
      expect(code, output.slice(-6000)).toBe(0);
      expect(output).toMatch(new RegExp(`Test Files\\D+${CORE_FILES.length} passed`));
      // They ran through PgBouncer, not around it.
      expect((await transactionsServed()) - before).toBeGreaterThan(1000);
    },
    900_000,
  );
});
