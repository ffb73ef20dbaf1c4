import type { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import { DatabaseBusyError } from './db-errors.js';

/**
 * Kysely driver for embedded PGlite. PGlite is one connection, so the driver hands it to one
 * borrower at a time: a transaction holds it from BEGIN to COMMIT and nothing interleaves.
 * The queue of borrowers is bounded in length and in wait (QueueLimits).
 * SQL generation is Kysely's own Postgres compiler, the same as on a Postgres server.
 */
export class PGliteDialect implements Dialect {
  private readonly driver: PGliteDriver;

  constructor(pglite: PGlite, limits: QueueLimits) {
    this.driver = new PGliteDriver(pglite, limits);
  }

  /** The one connection (in use or idle) and the borrowers waiting for it. */
  stats(): PoolStats {
    return this.driver.stats();
  }

  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return this.driver;
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteConnection implements DatabaseConnection {
  constructor(private readonly pglite: PGlite) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.query.kind === 'RawNode' && query.parameters.length === 0) {
      // A raw script without parameters may hold several statements (migrations do):
      // run it with the simple protocol, as node-postgres does, and answer with the last result.
      const results = await this.pglite.exec(query.sql);
      return { rows: (results.at(-1)?.rows ?? []) as R[] };
    }
    const result = await this.pglite.query<R>(query.sql, [...query.parameters]);
    const kind = query.query.kind;
    const writes = kind === 'InsertQueryNode' || kind === 'UpdateQueryNode' || kind === 'DeleteQueryNode';
    return writes
      ? { rows: result.rows, numAffectedRows: BigInt(result.affectedRows ?? 0) }
      : { rows: result.rows };
  }

  async *streamQuery(): AsyncIterableIterator<QueryResult<never>> {
    throw new Error('streaming queries are not supported on the embedded database');
  }
}

/** Connections in use and idle, and the queries waiting for one: read by the metrics. */
export interface PoolStats {
  inUse: number;
  idle: number;
  waiting: number;
}

/** Bounds on the borrowers waiting for the one connection. */
export interface QueueLimits {
  /** A borrower that waited this long gives up with DatabaseBusyError. */
  maxWaitMs: number;
  /** A borrower arriving when this many already wait is refused at once. */
  maxWaiting: number;
}

interface Waiter {
  grant(): void;
  timer: NodeJS.Timeout;
}

class PGliteDriver implements Driver {
  private held = false;
  private readonly waiting: Waiter[] = [];
  private readonly connection: PGliteConnection;

  constructor(
    pglite: PGlite,
    private readonly limits: QueueLimits,
  ) {
    this.connection = new PGliteConnection(pglite);
  }

  async init(): Promise<void> {}

  stats(): PoolStats {
    return { inUse: this.held ? 1 : 0, idle: this.held ? 0 : 1, waiting: this.waiting.length };
  }

  /**
   * Takes the one connection, waiting for the previous borrower to release it. Under a flood
   * the wait is bounded: a request answered "busy" at once is better than one answered late.
   */
  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.held) {
      this.held = true;
      return this.connection;
    }
    if (this.waiting.length >= this.limits.maxWaiting) {
      throw new DatabaseBusyError(`${this.waiting.length} queries already waiting`);
    }
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        grant: resolve,
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(waiter), 1);
          reject(new DatabaseBusyError(`waited over ${this.limits.maxWaitMs} ms for the connection`));
        }, this.limits.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
    return this.connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'));
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'));
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'));
  }

  /**
   * Hands the connection to the next borrower, so it is never free while one waits; in the
   * next turn of the event loop rather than at once. PGlite runs each query on this thread: a
   * queue of borrowers each handed the connection as the previous one's promise settles would
   * run every queued query back to back in one microtask chain, and no socket (not even a
   * liveness probe) would be read until the whole queue had drained.
   */
  async releaseConnection(): Promise<void> {
    const next = this.waiting.shift();
    if (!next) {
      this.held = false;
      return;
    }
    clearTimeout(next.timer);
    setImmediate(next.grant);
  }

  async destroy(): Promise<void> {}
}
