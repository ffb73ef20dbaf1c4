import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/**
 * A unit of work: runs `work` in one transaction with repositories bound to it, so a service
 * composes writes of several capabilities (a number, its order item, its billing record) that
 * commit or roll back together. Repositories never open transactions of their own for this.
 */
export type Transact<R> = <T>(work: (repos: R) => Promise<T>) => Promise<T>;

/** The unit of work over a database, with `bind` making the repositories for a transaction. */
export function unitOfWork<R>(db: Kysely<Database>, bind: (db: Kysely<Database>) => R): Transact<R> {
  return (work) => db.transaction().execute((trx) => work(bind(trx)));
}
