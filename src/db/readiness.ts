import { sql, type Kysely } from 'kysely';
import { unreachableReason } from './db-errors.js';
import type { Database } from './schema.js';

export type Readiness = { ready: true } | { ready: false; reason: string };

/** SQLSTATE undefined_table: schema_migrations was never created here. */
const UNDEFINED_TABLE = '42P01';

/**
 * Whether the database answers within timeoutMs and holds every migration this build knows.
 * Never throws: a failure is the reason it is not ready.
 */
export async function checkReadiness(db: Kysely<Database>, expected: readonly number[], timeoutMs: number): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<Readiness>((resolve) => {
    timer = setTimeout(() => resolve({ ready: false, reason: `the database did not answer within ${timeoutMs} ms` }), timeoutMs);
  });
  try {
    return await Promise.race([appliedMigrations(db, expected), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function appliedMigrations(db: Kysely<Database>, expected: readonly number[]): Promise<Readiness> {
  try {
    const { rows } = await sql<{ version: number }>`select version from schema_migrations`.execute(db);
    const applied = new Set(rows.map((row) => row.version));
    const missing = expected.filter((version) => !applied.has(version));
    return missing.length ? { ready: false, reason: `migrations not applied: ${missing.join(', ')}` } : { ready: true };
  } catch (error) {
    if ((error as { code?: unknown }).code === UNDEFINED_TABLE) return { ready: false, reason: 'migrations not applied' };
    const unreachable = unreachableReason(error);
    return { ready: false, reason: unreachable ? `the database is unreachable (${unreachable})` : 'the database check failed' };
  }
}
