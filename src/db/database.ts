import { createHash } from 'node:crypto';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect, type PostgresPool, type PostgresPoolClient } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock.js';
import { PGliteDialect } from './pglite-dialect.js';
import type { Database } from './schema.js';

export type DriverName = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly driver: DriverName;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A Postgres server; null selects the embedded database. */
  databaseUrl: string | null;
  /** Where the embedded database keeps its files; 'memory://' keeps them in memory. */
  dataDir: string;
  poolSize: number;
  /** A schema to work in (tests use one each); the extensions stay in public. */
  schema?: string;
}

const INT8 = 20;
const DATE = 1082;

/** Both drivers hand back the same JavaScript types: bigint as number, date as 'YYYY-MM-DD'. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8) return (value: string) => Number(value);
    if (oid === DATE) return (value: string) => value;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openServer(options.databaseUrl, options) : openEmbedded(options);
}

/** Distinct statements given a name; past this, new ones run unnamed (bounded server memory). */
const MAX_NAMED_STATEMENTS = 2000;
/** SQLSTATE of "cached plan must not change result type": a table changed under a statement. */
const STALE_PLAN = '0A000';

/**
 * A pool whose parameterized statements run as named prepared statements. Planning a list
 * query against this table's indexes costs Postgres several times what running it does; a
 * prepared statement is planned once per connection and then reuses its plan (Postgres still
 * re-plans for particular values when a generic plan would be worse). Statements without
 * parameters (transactions, migrations, which may hold several commands) run as they are.
 */
function preparingPool(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  // Bumped when the schema changed under prepared statements (another process migrated):
  // statements are then prepared again under new names.
  let generation = 0;
  const nameOf = (text: string): string | undefined => {
    let name = names.get(text);
    if (!name && names.size < MAX_NAMED_STATEMENTS) {
      name = `dt${generation}_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
      names.set(text, name);
    }
    return name;
  };
  const run = async (client: pg.PoolClient, text: string, values: unknown[]) => {
    const name = values?.length ? nameOf(text) : undefined;
    if (!name) return client.query(text, values);
    try {
      return await client.query({ name, text, values });
    } catch (error) {
      if ((error as { code?: string }).code !== STALE_PLAN) throw error;
      generation++;
      names.clear();
      return client.query(text, values);
    }
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      const client = await pool.connect();
      return {
        query: ((text: string, values: unknown[]) => run(client, text, values)) as unknown as PostgresPoolClient['query'],
        release: () => client.release(),
      };
    },
    end: () => pool.end(),
  };
}

async function openServer(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types: pgTypes as pg.CustomTypesConfig,
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }) });
  return { db, driver: 'postgres', close: () => db.destroy() };
}

async function openEmbedded(options: DatabaseOptions): Promise<DatabaseHandle> {
  const inMemory = options.dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? undefined : options.dataDir, {
      extensions: { pg_trgm, btree_gin },
      parsers: { [DATE]: (value: string) => value },
    });
    const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
    const close = async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    };
    return { db, driver: 'pglite', close };
  } catch (error) {
    unlock();
    throw error;
  }
}
