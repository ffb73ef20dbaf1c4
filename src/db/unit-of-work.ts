import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely, RawBuilder } from 'kysely';
import { currentCause } from '../changes/cause.js';
import { Journal, type ChangeNote } from '../changes/journal.js';
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
 * bulk job's item marked done with its number's change, so a crash can neither lose the mark
 * nor apply the change twice. It comes in the two forms a change is written in: run in the
 * change's unit of work (write), or evaluated by the change's own statement when the change is
 * one statement (inStatement). Either form refuses to let the change commit, rolling it back:
 * write by throwing CompanionRefused, inStatement by raising SQLSTATE DT001.
 */
export interface CompanionWrite {
  write(db: Kysely<Database>): Promise<void>;
  /** A function call a statement can put in its FROM list (LATERAL), evaluated once with the changed row. */
  inStatement: RawBuilder<unknown>;
}

/** A companion write refused to commit with the change (see CompanionWrite): the change rolled back. */
export class CompanionRefused extends Error {
  constructor() {
    super('the companion write refused the change');
    this.name = 'CompanionRefused';
  }
}

/** The companion a change written as one statement embeds; the statement's writer calls joined once it committed the change. */
export interface StatementCompanion {
  inStatement: RawBuilder<unknown>;
  joined(): void;
}

interface Companion {
  write: CompanionWrite;
  /** Committed with a change already: it joins no other. */
  joined: boolean;
}

const companions = new AsyncLocalStorage<Companion>();

/**
 * Runs work with a companion write: the first change under it, a unit of work that journals a
 * change or a change written as one statement, commits the write with it. Answers what the
 * work threw, if it did, and whether the write committed with a change (false: the work
 * changed nothing, or failed before its change committed); a change may have committed
 * before the work failed.
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

/** The companion waiting to commit with the next change, for a change written as one statement to embed. */
export function waitingCompanion(): StatementCompanion | undefined {
  const companion = companions.getStore();
  if (!companion || companion.joined) return undefined;
  return {
    inStatement: companion.write.inStatement,
    joined: () => {
      companion.joined = true;
    },
  };
}

/**
 * What a change entails in another capability, in the same unit of work: given the changes the
 * work noted, it makes its own (a released number leaves its groups), whichever path made them.
 */
export type Consequence<R> = (repos: R, changes: readonly ChangeNote[]) => Promise<void>;

/**
 * The unit of work over a database, with `bind` making the repositories for a transaction
 * (handed the transaction's journal, for the repositories that note changes in it), and the
 * consequences run over what each unit's work changed before its journal is written.
 */
export function unitOfWork<R>(
  db: Kysely<Database>,
  bind: (db: Kysely<Database>, journal: Journal) => R,
  consequences: readonly Consequence<R & JournaledRepos>[] = [],
): Transact<R & JournaledRepos> {
  return async (work) => {
    const companion = companions.getStore();
    let joining = false;
    const result = await db.transaction().execute(async (trx) => {
      const journal = new Journal(new JournalRepo(trx), currentCause());
      const repos = { ...bind(trx, journal), journal };
      const result = await work(repos);
      for (const consequence of consequences) await consequence(repos, journal.changes);
      if (companion && !companion.joined && journal.size) {
        joining = true;
        await companion.write.write(trx);
      }
      await journal.write();
      return result;
    });
    if (joining) companion!.joined = true;
    return result;
  };
}
