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
import type { Logger } from 'pino';
import { unreachableReason } from './db-errors.js';

/** Kysely's Postgres dialect over a driver made elsewhere (scoped to a schema, routing reads). */
export class ServerDialect implements Dialect {
  constructor(private readonly driver: Driver) {}

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

/** A read replica's state as the operator's metrics show it. */
export interface ReplicaStatus {
  /** host:port/database, never credentials. */
  replica: string;
  reachable: boolean;
  /**
   * Seconds the replica's data is behind the primary's: now() - pg_last_xact_replay_timestamp(),
   * or 0 when it has replayed all it has received (an idle primary sends nothing to replay, and
   * the timestamp of the last replayed change would otherwise grow as if the replica lagged).
   * Null when it could not be read (unreachable, or not a replica at all).
   */
  lagSeconds: number | null;
}

export interface ReadReplica {
  label: string;
  driver: Driver;
}

/** After a connection failure a replica is left alone this long before a read tries it again. */
const RETRY_AFTER_MS = 5_000;
/** SQLSTATE 40001: what a hot standby raises when it cancels a read that conflicts with recovery. */
const SERIALIZATION_FAILURE = '40001';

const LAG = CompiledQuery.raw(`
  select case when not pg_is_in_recovery() then null
              when pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() then 0
              else extract(epoch from now() - pg_last_xact_replay_timestamp())::float8 end as lag_seconds`);

interface Target extends ReadReplica {
  downUntil: number;
}

/**
 * The driver of the read-only database handle: each read goes to the next replica in turn; one
 * that cannot be reached is set aside for a few seconds and the read goes to the next, and at
 * last to the primary, so a failed replica costs no request. A read a replica cancelled for
 * recovery is run on the primary too. It runs single statements only: a transaction (and any
 * read that must see a write) belongs to the primary's handle.
 */
export class ReadRouterDriver implements Driver {
  private readonly targets: Target[];
  private next = 0;

  constructor(
    replicas: readonly ReadReplica[],
    private readonly primary: Driver,
    private readonly logger: Pick<Logger, 'warn'>,
    private readonly now: () => number = Date.now,
  ) {
    this.targets = replicas.map((replica) => ({ ...replica, downUntil: 0 }));
  }

  private initialized?: Promise<void>;

  /** Once, whether Kysely asks first or status() does. */
  init(): Promise<void> {
    this.initialized ??= Promise.all([this.primary, ...this.targets.map((target) => target.driver)].map((driver) => driver.init())).then(() => {});
    return this.initialized;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return {
      executeQuery: <R>(query: CompiledQuery) => this.read<R>(query),
      streamQuery: () => {
        throw new Error('the read-only database handle does not stream');
      },
    };
  }

  beginTransaction(): Promise<void> {
    return Promise.reject(new Error('the read-only database handle takes no transactions: use the primary'));
  }
  commitTransaction(): Promise<void> {
    return this.beginTransaction();
  }
  rollbackTransaction(): Promise<void> {
    return this.beginTransaction();
  }
  async releaseConnection(): Promise<void> {}

  /** Closes the replicas' pools; the primary's belongs to the primary's handle. */
  async destroy(): Promise<void> {
    await Promise.all(this.targets.map((target) => target.driver.destroy()));
  }

  /** Each replica's reachability and lag, read from the replica itself. */
  async status(): Promise<ReplicaStatus[]> {
    await this.init();
    return Promise.all(
      this.targets.map(async (target): Promise<ReplicaStatus> => {
        try {
          const { rows } = await execute<{ lag_seconds: number | null }>(target.driver, LAG);
          return { replica: target.label, reachable: true, lagSeconds: rows[0]?.lag_seconds ?? null };
        } catch (error) {
          if (!unreachableReason(error)) throw error;
          return { replica: target.label, reachable: false, lagSeconds: null };
        }
      }),
    );
  }

  private async read<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    for (const target of this.candidates()) {
      try {
        return await execute<R>(target.driver, query);
      } catch (error) {
        if (!this.canFallBack(target, error)) throw error;
      }
    }
    return execute<R>(this.primary, query);
  }

  /** The replicas a read may try now, starting with the next in turn. */
  private candidates(): Target[] {
    const now = this.now();
    const start = this.next++ % Math.max(this.targets.length, 1);
    const turn = [...this.targets.slice(start), ...this.targets.slice(0, start)];
    return turn.filter((target) => target.downUntil <= now);
  }

  private canFallBack(target: Target, error: unknown): boolean {
    const reason = unreachableReason(error);
    if (reason) {
      // Told at most once per pause: a replica set aside is not tried, so cannot fail again meanwhile.
      this.logger.warn({ replica: target.label, reason }, 'read replica unreachable: reads go to the other replicas or the primary for a while');
      target.downUntil = this.now() + RETRY_AFTER_MS;
      return true;
    }
    return (error as { code?: unknown }).code === SERIALIZATION_FAILURE;
  }
}

async function execute<R>(driver: Driver, query: CompiledQuery): Promise<QueryResult<R>> {
  const connection = await driver.acquireConnection();
  try {
    return await connection.executeQuery<R>(query);
  } finally {
    await driver.releaseConnection(connection);
  }
}

/** host:port/database of a connection string, for logs and metrics: never its credentials. */
export function replicaLabel(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || '5432'}${parsed.pathname}`;
}
