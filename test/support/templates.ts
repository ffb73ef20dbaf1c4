import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { migrate, readMigrations } from '../../src/db/migrate.js';

/**
 * Migrated databases the tests start from. Running the migrations into a new database is
 * most of a test file's start, so the suite runs them once per change of the migrations into
 * a template, and each test database starts as a copy of it: the embedded one loads a saved
 * dump, one on the Postgres server is created from a template database. The copies share the
 * template's cursor-signing key (every real database draws its own when it is migrated); no
 * test compares cursors across databases. The migration tests still start from empty.
 */
export interface Templates {
  /** A file holding the migrated embedded database (PGlite's dumpDataDir tarball). */
  embedded?: string;
  /** The migrated template database on the test Postgres server. */
  postgres?: string;
}

/** Where the saved embedded databases live: in the checkout, ignored by git. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../.cache/test-templates/', import.meta.url));

/** Changes with any migration and with the embedded engine, so a stale template is never used. */
export function templateKey(): string {
  const hash = createHash('sha256');
  for (const migration of readMigrations()) hash.update(`${migration.version}\0${migration.name}\0${migration.sql}\0`);
  hash.update(`pglite ${pgliteVersion()}`);
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) return (createRequire(manifest)(manifest) as { version: string }).version;
  }
  return 'unknown';
}

const quiet = { warn: () => {} };
const queue = { maxWaitMs: 30_000, maxWaiting: 1_000 };

async function migrated<T>(databaseUrl: string | null, then: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({ databaseUrl, dataDir: 'memory://', poolSize: 1, connectTimeoutMs: 10_000, queue, logger: quiet });
  try {
    await migrate(database.db);
    return await then(database);
  } finally {
    await database.close();
  }
}

/** The migrated embedded database saved to a file named by the key; made once per key. */
export async function embeddedTemplate(key: string): Promise<string> {
  const file = join(TEMPLATES_DIR, `pglite-${key}.tar`);
  if (existsSync(file)) return file;
  mkdirSync(TEMPLATES_DIR, { recursive: true });
  const dump = await migrated(null, (database) => database.dump!());
  // Written aside and renamed: a run that starts meanwhile never reads half a file.
  const partial = `${file}.${randomBytes(4).toString('hex')}.partial`;
  writeFileSync(partial, new Uint8Array(await dump.arrayBuffer()));
  renameSync(partial, file);
  for (const stale of readdirSync(TEMPLATES_DIR)) {
    if (stale.startsWith('pglite-') && stale.endsWith('.tar') && join(TEMPLATES_DIR, stale) !== file) rmSync(join(TEMPLATES_DIR, stale), { force: true });
  }
  return file;
}

let loaded: Promise<Blob> | undefined;

/** The saved embedded database, read once per test worker. */
export function embeddedDump(file: string): Promise<Blob> {
  loaded ??= readFile(file).then((bytes) => new Blob([new Uint8Array(bytes)]));
  return loaded;
}

/** The test server's URL with another database in it. */
export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

const OBJECT_IN_USE = '55006';
const DUPLICATE_DATABASE = '42P04';

/**
 * Runs a statement that needs a database nobody is connected to: a connection just closed
 * may linger on the server for a moment, so a refusal for that is tried again.
 */
export async function whenUnused(client: pg.Client, statement: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.query(statement);
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== OBJECT_IN_USE || attempt === 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

/** The migrated template database on the server, named by the key; made once per key. */
export async function postgresTemplate(serverUrl: string, key: string): Promise<string> {
  const name = `dialtone_tpl_${key}`;
  return withClient(serverUrl, async (admin) => {
    const { rowCount } = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (rowCount) return name;
    const building = `${name}_${randomBytes(4).toString('hex')}`;
    await admin.query(`create database ${building}`);
    try {
      await migrated(databaseUrl(serverUrl, building), async () => {});
      await whenUnused(admin, `alter database ${building} rename to ${name}`);
    } catch (error) {
      await admin.query(`drop database if exists ${building} with (force)`);
      // Another run built the same template meanwhile: theirs serves as well.
      if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    }
    return name;
  });
}
