import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import pino from 'pino';
import { openDialtone } from '../src/app.js';
import { SCOPES } from '../src/auth/scopes.js';
import { loadConfig } from '../src/config/config.js';
import { COPY_COLUMNS, numberRows, organizations, type Organization } from './dataset.js';

export interface Tenant {
  org: Organization;
  key: string;
}

export interface Seeded {
  /** The organization holding a tenth of the numbers, and a small one. */
  big: Tenant;
  small: Tenant;
  numbers: number;
  /** Milliseconds: loading the numbers (COPY, then building the indexes), then VACUUM ANALYZE. */
  loadMs: number;
  copyMs: number;
  indexMs: number;
  analyzeMs: number;
}

const CHUNK = 2_000;
const BIG_SHARE = 0.1;
const SEED = 20_260_101;

/** Drops and recreates the bench database: only one whose name says it is for benchmarks. */
export async function recreateDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!/bench/.test(name) || !/^[a-z0-9_]+$/.test(name)) {
    throw new Error(`refusing to recreate database "${name}": its name must contain "bench" (lowercase letters, digits, _)`);
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/** Organizations and the API keys of the two measured ones, through Dialtone's own services. */
async function createTenants(config: ReturnType<typeof loadConfig>, orgCount: number) {
  const dialtone = await openDialtone(config, { logger: pino({ level: 'warn' }) });
  try {
    const orgs = organizations(orgCount);
    for (let i = 0; i < orgs.length; i += 500) {
      await dialtone.database.db.insertInto('organizations').values(orgs.slice(i, i + 500)).execute();
    }
    const keyOf = async (org: Organization) => (await dialtone.services.keys.create(org.id, 'bench', SCOPES)).key;
    const small = orgs[orgs.length - 1]!;
    return { orgs, big: { org: orgs[0]!, key: await keyOf(orgs[0]!) }, small: { org: small, key: await keyOf(small) } };
  } finally {
    await dialtone.close();
  }
}

function rowsOf(count: number, orgs: Organization[]) {
  return numberRows({ count, orgs, bigShare: BIG_SHARE, seed: SEED, now: Date.now(), chunk: CHUNK });
}

const COPY_SQL = `COPY phone_numbers (${COPY_COLUMNS.join(', ')}) FROM STDIN`;

/**
 * A bulk load is quicker into a bare table, with the indexes built once afterwards, than into
 * a table maintaining thirteen indexes row by row. Drops the indexes that back no constraint
 * and returns their definitions, to be run again after the load.
 */
async function dropSecondaryIndexes(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes
     WHERE schemaname = current_schema() AND tablename = 'phone_numbers'
       AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = 'phone_numbers'::regclass)`,
  );
  for (const row of rows) await client.query(`DROP INDEX ${client.escapeIdentifier(row.indexname)}`);
  return rows.map((row) => row.indexdef);
}

/** A fresh bench database on the server: migrations, organizations, keys, then COPY of the numbers. */
export async function seedPostgres(url: string, count: number, orgCount: number, log: (line: string) => void): Promise<Seeded> {
  await recreateDatabase(url);
  const config = loadConfig({}, { databaseUrl: url, logLevel: 'warn', databasePoolSize: 2 });
  const { orgs, big, small } = await createTenants(config, orgCount);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    log(`seeding ${count.toLocaleString('en')} numbers with COPY ...`);
    const started = performance.now();
    const indexes = await dropSecondaryIndexes(client);
    await pipeline(Readable.from(rowsOf(count, orgs)), client.query(copyFrom(COPY_SQL)));
    const copied = performance.now();
    log(`COPY took ${((copied - started) / 1000).toFixed(1)} s; building ${indexes.length} indexes ...`);
    await client.query(`SET maintenance_work_mem = '256MB'`);
    for (const definition of indexes) await client.query(definition);
    const indexed = performance.now();
    await client.query('VACUUM (ANALYZE) phone_numbers');
    await client.query('ANALYZE organizations, api_keys');
    const analyzeMs = performance.now() - indexed;
    return { big, small, numbers: count, loadMs: indexed - started, copyMs: copied - started, indexMs: indexed - copied, analyzeMs };
  } finally {
    await client.end();
  }
}

/** A fresh embedded database directory: migrations, organizations, keys, then COPY from a blob. */
export async function seedPglite(baseDir: string, count: number, orgCount: number, log: (line: string) => void): Promise<Seeded & { dataDir: string }> {
  const dataDir = join(baseDir, 'pglite');
  mkdirSync(dataDir, { recursive: true });
  const config = loadConfig({}, { databaseUrl: null, dataDir, logLevel: 'warn' });
  const { orgs, big, small } = await createTenants(config, orgCount);
  const pglite = await PGlite.create(dataDir, { extensions: { pg_trgm, btree_gin } });
  try {
    log(`seeding ${count.toLocaleString('en')} numbers into PGlite with COPY ...`);
    const started = performance.now();
    const text = [...rowsOf(count, orgs)].join('');
    await pglite.query(`COPY phone_numbers (${COPY_COLUMNS.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    const loadMs = performance.now() - started;
    const analyzed = performance.now();
    await pglite.exec('VACUUM (ANALYZE) phone_numbers');
    await pglite.exec('ANALYZE organizations, api_keys');
    return { big, small, numbers: count, loadMs, copyMs: loadMs, indexMs: 0, analyzeMs: performance.now() - analyzed, dataDir };
  } finally {
    await pglite.close();
  }
}
