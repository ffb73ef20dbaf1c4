import { CompiledQuery, type DatabaseConnection, type Driver, type QueryCompiler, type QueryResult, type TransactionSettings } from 'kysely';

/** A schema name as the tests make them: nothing that would need quoting in SQL. */
const PLAIN_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * Works in one schema (then public, where the extensions are) without any session state: the
 * search path is set with SET LOCAL semantics at the start of every transaction, and a statement
 * outside a transaction runs in a transaction of its own that sets it first. A connection
 * pooler in transaction mode (PgBouncer) hands each transaction whichever server connection is
 * free, so a search path set for the session (`options=-c search_path=…` at connect, or a
 * plain SET) would be lost, or leak to another client; PgBouncer refuses the `options`
 * startup parameter outright. The cost, a round trip before and after a lone statement, is
 * paid only when a schema is given (the tests); production runs in the database's own path.
 */
export class SchemaScopedDriver implements Driver {
  private readonly setPath: CompiledQuery;
  private readonly begin: CompiledQuery;

  constructor(
    private readonly inner: Driver,
    schema: string,
  ) {
    if (!PLAIN_NAME.test(schema)) throw new Error(`a schema name must be lower-case letters, digits and _, got "${schema}"`);
    this.setPath = CompiledQuery.raw(`select set_config('search_path', '${schema}, public', true)`);
    // No parameters: node-postgres sends it as one simple query, both statements in one round trip.
    this.begin = CompiledQuery.raw(`begin; ${this.setPath.sql}`);
  }

  init(): Promise<void> {
    return this.inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ScopedConnection(await this.inner.acquireConnection(), this.begin);
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    const scoped = connection as ScopedConnection;
    await this.inner.beginTransaction(scoped.inner, settings);
    await scoped.inner.executeQuery(this.setPath);
    scoped.inTransaction = true;
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.commitTransaction(scoped.inner);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    const scoped = connection as ScopedConnection;
    scoped.inTransaction = false;
    await this.inner.rollbackTransaction(scoped.inner);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.savepoint!((connection as ScopedConnection).inner, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.rollbackToSavepoint!((connection as ScopedConnection).inner, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.inner.releaseSavepoint!((connection as ScopedConnection).inner, name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection((connection as ScopedConnection).inner);
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}

const COMMIT = CompiledQuery.raw('commit');
const ROLLBACK = CompiledQuery.raw('rollback');

class ScopedConnection implements DatabaseConnection {
  inTransaction = false;

  constructor(
    readonly inner: DatabaseConnection,
    private readonly begin: CompiledQuery,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.inTransaction) return this.inner.executeQuery<R>(query);
    await this.inner.executeQuery(this.begin);
    let result: QueryResult<R>;
    try {
      result = await this.inner.executeQuery<R>(query);
    } catch (error) {
      // The statement's own error is the one to report; a failed rollback (the connection is gone) adds nothing.
      await this.inner.executeQuery(ROLLBACK).catch(() => {});
      throw error;
    }
    await this.inner.executeQuery(COMMIT);
    return result;
  }

  streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not configured for the Postgres server');
  }
}
