import { AsyncLocalStorage } from 'node:async_hooks';
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
 * A write that must commit with the change some work makes, whichever service makes it: a
 * bulk job's item marked done in the same transaction as its number's change, so a crash can
 * neither lose the mark nor apply the change twice. It may throw to roll the change back.
 */
export type CompanionWrite = (db: Kysely<Database>) => Promise<void>;

interface Companion {
  write: CompanionWrite;
  /** Committed with a change already: it joins no other. */
  joined: boolean;
}

const companions = new AsyncLocalStorage<Companion>();

/**
 * Runs work with a companion write: the first unit of work under it that journals a change
 * runs the write in its transaction, before the journal. Answers what the work threw, if it
 * did, and whether the write committed with a change (false: the work changed nothing, or
 * failed before its change committed); a change may have committed before the work failed.
 */
export async function withCompanion(write: CompanionWrite, work: () => Promise<unknown>): Promise<{ error?: unknown; joined: boolean }> {
  const companion: Companion = { write, joined: false };
  try {
    await companions.run(companion, work);
    return { joined: companion.joined };
  } catch (error) {
    return { error, joined: companion.joined };
  }
}

/** Whether a change made now must go through a unit of work: a companion waits to commit with it. */
export function companionWaiting(): boolean {
  const companion = companions.getStore();
  return companion !== undefined && !companion.joined;
}

/**
 * The unit of work over a database, with `bind` making the repositories for a transaction
 * (handed the transaction's journal, for the repositories that note changes in it).
 */
export function unitOfWork<R>(db: Kysely<Database>, bind: (db: Kysely<Database>, journal: Journal) => R): Transact<R & JournaledRepos> {
  return async (work) => {
    const companion = companions.getStore();
    let joining = false;
    const result = await db.transaction().execute(async (trx) => {
      const journal = new Journal(new JournalRepo(trx), currentCause());
      const result = await work({ ...bind(trx, journal), journal });
      if (companion && !companion.joined && journal.size) {
        joining = true;
        await companion.write(trx);
      }
      await journal.write();
      return result;
    });
    if (joining) companion!.joined = true;
    return result;
  };
}
