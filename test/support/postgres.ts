import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrl, withClient } from './templates.js';

/**
 * The Postgres server the suite also runs against. CI (and anyone with
 * DIALTONE_TEST_REQUIRE_POSTGRES=1) fails without it; elsewhere its half of the suite is
 * skipped with a note, so the suite still runs on a machine with only the embedded database.
 */
export const TEST_DATABASE_URL = process.env.DIALTONE_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const required = process.env.DIALTONE_TEST_REQUIRE_POSTGRES === '1' || process.env.CI === 'true';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    if (required) throw new Error(`the test Postgres server at ${TEST_DATABASE_URL} is required but unreachable: ${(error as Error).message}`);
    console.warn(`[dialtone tests] Postgres at ${TEST_DATABASE_URL} unreachable: running on the embedded database only`);
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresAvailable = await reachable();

/** A fresh schema of its own for one test file, so runs never collide. */
export async function createSchema(): Promise<{ schema: string; drop: () => Promise<void> }> {
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  await client.query(`create schema ${schema}`);
  await client.end();
  return {
    schema,
    drop: async () => {
      const c = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await c.connect();
      await c.query(`drop schema ${schema} cascade`);
      await c.end();
    },
  };
}

/** A database of its own for one test file, created as a copy of the migrated template. */
export async function createDatabase(template: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `dialtone_t_${randomBytes(6).toString('hex')}`;
  await withClient(TEST_DATABASE_URL, (admin) => admin.query(`create database ${name} template ${template}`));
  return {
    url: databaseUrl(TEST_DATABASE_URL, name),
    drop: async () => {
      await withClient(TEST_DATABASE_URL, (admin) => admin.query(`drop database ${name} with (force)`));
    },
  };
}
