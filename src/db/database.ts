import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDriver, type Driver, type LogEvent } from 'kysely';
import type pg from 'pg';
import type { Logger } from 'pino';
import { lockDataDir } from './data-dir-lock.js';
import { unreachableReason } from './db-errors.js';
import { PGliteDialect, type PoolStats, type QueueLimits } from './pglite-dialect.js';
import { ReadRouterDriver, replicaLabel, ServerDialect, type ReplicaStatus } from './read-replicas.js';
import { SchemaScopedDriver } from './schema-scoped-driver.js';
import type { Database } from './schema.js';
import { textArrayParser } from './text-array.js';

export type DriverName = 'pglite' | 'postgres';
export type { PoolStats };

/** A statement's kind, from Kysely's query node: bounded, and never the statement itself. */
export type StatementKind = 'select' | 'insert' | 'update' | 'delete' | 'other';

/** Told of every statement: its kind, whether it succeeded, and how long it took. */
export type QueryObserver = (statement: StatementKind, ok: boolean, seconds: number) => void;

/**
 * Where a repository reads: the primary (the default, and the only choice for a read that
 * must see a write just made), or the read replicas, for the surfaces' read-only hot paths.
 */
export type ReadFrom = 'primary' | 'replica';

export interface DatabaseHandle {
  /** The primary: every write, every transaction, and every read that must see a write just made. */
  readonly db: Kysely<Database>;
  /**
   * For the read-only hot paths that may be a moment behind (a list, a lookup, a retrieve):
   * the read replicas, falling back to the primary; the primary itself when there are none.
   * Single statements only.
   */
  readonly reader: Kysely<Database>;
  readonly driver: DriverName;
  /** The embedded database saved whole (PGlite's dumpDataDir tarball); a server has none. */
  readonly dump?: () => Promise<Blob>;
  /** The primary's connections in use and idle, and the queries waiting for one, now. */
  poolStats(): PoolStats;
  /** Each read replica's reachability and lag (none without replicas), for the metrics. */
  replicas(): Promise<ReplicaStatus[]>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** A Postgres server; null selects the embedded database. */
  databaseUrl: string | null;
  /** Read replicas of that server (DATABASE_READ_URL); none sends every read to it. */
  readUrls?: readonly string[];
  /** Where the embedded database keeps its files; 'memory://' keeps them in memory. */
  dataDir: string;
  /**
   * A saved embedded database (PGlite's dumpDataDir tarball) a new embedded database starts
   * as, instead of empty: the tests start each database from one already migrated.
   */
  embeddedDump?: Blob;
  poolSize: number;
  /** A schema to work in (tests use one each); the extensions stay in public. */
  schema?: string;
  /** How long a query waits for a server connection before failing as unavailable. */
  connectTimeoutMs: number;
  /** Bounds on the embedded database's queue of borrowers. */
  queue: QueueLimits;
  /** Told of connection failures the server reports outside any query (e.g. a restart). */
  logger: Pick<Logger, 'warn'>;
  /** Told of every statement (the metrics' query time); none: statements are not timed. */
  onQuery?: QueryObserver;
}

const STATEMENT_KINDS: Record<string, StatementKind> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

/** Kysely's log hook, timing every statement for the observer: the statement's text and parameters are never read. */
function queryLog(onQuery: QueryObserver | undefined) {
  if (!onQuery) return {};
  return {
    log: (event: LogEvent) =>
      onQuery(STATEMENT_KINDS[event.query.query.kind] ?? 'other', event.level === 'query', event.queryDurationMillis / 1000),
  };
}

const INT8 = 20;
const DATE = 1082;
const TEXT_ARRAY: number = 1009;

/**
 * Both drivers hand back the same JavaScript types: bigint as number, date as 'YYYY-MM-DD'.
 * A text[] of plain words is split without the general array parser, which reads one character
 * at a time: tags and capabilities were most of the cost of reading a number for an export.
 */
function pgTypes(types: typeof pg.types) {
  const textArray = textArrayParser(types.getTypeParser(TEXT_ARRAY, 'text'));
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8) return (value: string) => Number(value);
      if (oid === DATE) return (value: string) => value;
      if (oid === TEXT_ARRAY && format !== 'binary') return textArray;
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
  const primaryPool = serverPool(pg, url, options);
  const primary = () => serverDriver(primaryPool, options.schema);
  const db = new Kysely<Database>({ dialect: new ServerDialect(primary()), ...queryLog(options.onQuery) });
  const poolStats = () => ({ inUse: primaryPool.totalCount - primaryPool.idleCount, idle: primaryPool.idleCount, waiting: primaryPool.waitingCount });
  const readUrls = options.readUrls ?? [];
  if (!readUrls.length) {
    return { db, reader: db, driver: 'postgres', poolStats, replicas: async () => [], close: () => db.destroy() };
  }
  const replicas = readUrls.map((readUrl) => ({ label: replicaLabel(readUrl), driver: serverDriver(serverPool(pg, readUrl, options), options.schema) }));
  // The router's primary is a second driver over the primary's own pool: one set of connections.
  const router = new ReadRouterDriver(replicas, primary(), options.logger);
  const reader = new Kysely<Database>({ dialect: new ServerDialect(router), ...queryLog(options.onQuery) });
  const close = async () => {
    await reader.destroy();
    // Kysely closes a driver only once it has run a query: replicas() may have used the replicas' pools before.
    await router.destroy();
    await db.destroy();
  };
  return { db, reader, driver: 'postgres', poolStats, replicas: () => router.status(), close };
}

/**
 * A pool of connections to one server. Nothing is set on a connection for its session (no
 * startup options, no SET, no named prepared statements: node-postgres prepares unnamed ones
 * unless a query is given a name), so the server may be PgBouncer in transaction mode.
 */
function serverPool(pg: typeof import('pg').default, url: string, options: DatabaseOptions): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    // Names Dialtone's sessions in pg_stat_activity (a startup parameter PgBouncer passes on).
    application_name: 'dialtone',
    max: options.poolSize,
    connectionTimeoutMillis: options.connectTimeoutMs,
    // A connection whose server vanished without closing it is found out, not waited on.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
    types: pgTypes(pg.types) as pg.CustomTypesConfig,
  });
  watchConnectionErrors(pool, options.logger);
  return pool;
}

function serverDriver(pool: pg.Pool, schema: string | undefined): Driver {
  const driver = new PostgresDriver({ pool });
  return schema ? new SchemaScopedDriver(driver, schema) : driver;
}

/**
 * A server restart errors every pooled connection, idle or lent out between queries; without
 * a listener node-postgres raises it as an uncaught 'error' event and the process dies. The
 * pool drops a broken connection and opens a new one on demand, so a warning is all it takes.
 * The error alone is logged, never a query or its parameters.
 */
function watchConnectionErrors(pool: pg.Pool, logger: Pick<Logger, 'warn'>): void {
  const warn = (error: Error) =>
    logger.warn({ reason: unreachableReason(error) ?? error.message }, 'database connection lost; it will be reopened on demand');
  pool.on('error', warn);
  pool.on('connect', (client) => client.on('error', () => {}));
}

async function openEmbedded(options: DatabaseOptions): Promise<DatabaseHandle> {
  const inMemory = options.dataDir.startsWith('memory://');
  const unlock = inMemory ? () => {} : lockDataDir(options.dataDir);
  try {
    const pglite = await PGlite.create(inMemory ? undefined : options.dataDir, {
      extensions: { pg_trgm, btree_gin },
      ...(options.embeddedDump ? { loadDataDir: options.embeddedDump } : {}),
      parsers: { [DATE]: (value: string) => value },
    });
    const dialect = new PGliteDialect(pglite, options.queue);
    const db = new Kysely<Database>({ dialect, ...queryLog(options.onQuery) });
    const close = async () => {
      await db.destroy();
      await pglite.close();
      unlock();
    };
    return { db, reader: db, driver: 'pglite', dump: () => pglite.dumpDataDir('none'), poolStats: () => dialect.stats(), replicas: async () => [], close };
  } catch (error) {
    unlock();
    throw error;
  }
}
