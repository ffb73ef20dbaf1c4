import type { Kysely } from 'kysely';
import { currentCause } from '../changes/cause.js';
import { Journal } from '../changes/journal.js';
import { JournalRepo } from '../changes/journal.repo.js';
import type { Database } from './schema.js';

/** What every unit of work hands its work: the journal its changes are noted in. */
export interface JournaledRepos {
  journal: Journal;
}

/**
 * A unit of work: runs `work` in one transaction with repositories bound to it, so a service
 * composes writes of several capabilities (a number, its order item, its billing record) that
 * commit or roll back together. Repositories never open transactions of their own for this.
 * What the work noted in the journal (an event and an audit record per change) is written
 * last, in the same transaction, just before it commits.
 */
export type Transact<R> = <T>(work: (repos: R) => Promise<T>) => Promise<T>;

/**
 * The unit of work over a database, with `bind` making the repositories for a transaction
 * (handed the transaction's journal, for the repositories that note changes in it).
 */
export function unitOfWork<R>(db: Kysely<Database>, bind: (db: Kysely<Database>, journal: Journal) => R): Transact<R & JournaledRepos> {
  return (work) =>
    db.transaction().execute(async (trx) => {
      const journal = new Journal(new JournalRepo(trx), currentCause());
      const result = await work({ ...bind(trx, journal), journal });
      await journal.write();
      return result;
    });
}
