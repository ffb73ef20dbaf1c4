import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** The same folder from src/db and from the compiled dist/db. */
const MIGRATIONS_DIR = fileURLToPath(new URL('../../src/db/migrations/', import.meta.url));
/** Serializes migrators across processes and schemas sharing one server. */
const MIGRATION_LOCK = 7_201_955_001;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      version: Number.parseInt(file.slice(0, 4), 10),
      name: file.slice(5, -4),
      sql: readFileSync(`${dir}/${file}`, 'utf8'),
    }));
}

/**
 * Applies every migration not yet applied, all in one transaction under an advisory lock: of
 * processes starting together, one upgrades the schema from where it was to the latest and
 * the others, waiting on the lock, find nothing left to do. An upgrade that fails midway
 * leaves the schema as it was. Returns the versions it applied.
 */
export async function migrate(db: Kysely<Database>, migrations = readMigrations()): Promise<number[]> {
  // The common start: everything applied already. One read, no lock, no transaction.
  if (!(await pendingMigrations(db, migrations)).length) return [];
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${MIGRATION_LOCK})`.execute(trx);
    await sql.raw(
      `CREATE TABLE IF NOT EXISTS schema_migrations (
         version integer PRIMARY KEY,
         name text NOT NULL,
         applied_at timestamptz NOT NULL DEFAULT now())`,
    ).execute(trx);
    const applied: number[] = [];
    for (const migration of await pendingMigrations(trx, migrations)) {
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ version: migration.version, name: migration.name }).execute();
      applied.push(migration.version);
    }
    return applied;
  });
}

async function pendingMigrations(db: Kysely<Database>, migrations: Migration[]): Promise<Migration[]> {
  // In the schema new tables go to (the first of the search path), as the migrator creates it.
  const { rows } = await sql<{ exists: boolean }>`
    select exists (select 1 from information_schema.tables
                   where table_schema = current_schema() and table_name = 'schema_migrations') as exists`.execute(db);
  if (!rows[0]?.exists) return migrations;
  const done = await db.selectFrom('schema_migrations').select('version').execute();
  const versions = new Set(done.map((row) => row.version));
  return migrations.filter((migration) => !versions.has(migration.version));
}
