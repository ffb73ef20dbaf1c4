import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
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
function pgTypes(types: typeof pg.types) {
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (value: string) => Number(value);
      if (oid === DATE) return (value: string) => value;
      return types.getTypeParser(oid, format as 'text');
    },
  };
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  return options.databaseUrl ? openServer(options.databaseUrl, options) : openEmbedded(options);
}

async function openServer(url: string, options: DatabaseOptions): Promise<DatabaseHandle> {
  // node-postgres loads only for a server: the embedded database starts without it.
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize,
    types: pgTypes(pg.types) as pg.CustomTypesConfig,
    ...(options.schema ? { options: `-c search_path=${options.schema},public` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
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
