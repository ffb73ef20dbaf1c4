import { sql, type Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import type { TestApp } from './harness.js';

/** A transaction left open after its work, to race other requests against its locks. */
export interface HeldTransaction {
  /**
   * Resolves once another session waits for a lock this transaction holds (on the Postgres
   * server); on the embedded database, whose one connection the transaction holds, once the
   * others have had time to queue behind it. Rejects when nobody is blocked within the time.
   */
  othersBlocked(timeoutMs?: number): Promise<void>;
  /** Commits, and resolves once it has. */
  commit(): Promise<void>;
}

/**
 * Runs `work` in a transaction and keeps it open until commit() is called: what the work
 * locked stays locked, and what it wrote is uncommitted, for the overlapping request.
 */
export async function holdTransaction(app: TestApp, work: (trx: Kysely<Database>) => Promise<void>): Promise<HeldTransaction> {
  const db = app.dialtone.database.db;
  let started!: (pid: number) => void;
  let failed!: (error: unknown) => void;
  const ready = new Promise<number>((resolve, reject) => ((started = resolve), (failed = reject)));
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const done = db
    .transaction()
    .execute(async (trx) => {
      await work(trx);
      const { rows } = await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(trx);
      started(rows[0]!.pid);
      await gate;
    })
    .catch((error: unknown) => {
      failed(error);
      throw error;
    });
  const pid = await ready;
  return {
    async othersBlocked(timeoutMs = 10_000) {
      if (app.driver === 'pglite') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        return;
      }
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const { rows } = await sql<{ waiting: number }>`
          SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE ${pid}::int = ANY (pg_blocking_pids(pid))`.execute(db);
        if (rows[0]!.waiting > 0) return;
        if (Date.now() > deadline) throw new Error('no session waited for the held transaction');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async commit() {
      release();
      await done;
    },
  };
}
