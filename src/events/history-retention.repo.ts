import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/**
 * Deletes old history ACROSS ORGANIZATIONS: the platform's retention of events and audit
 * records, by age alone. Each call deletes at most `limit` rows, the oldest first, in one
 * short statement; rows another process is deleting are skipped, not waited for, so several
 * processes on one database share the work. An event's webhook deliveries (and their attempts)
 * go with it by cascade.
 */
export class HistoryRetentionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Deletes up to `limit` events created before the cutoff; returns how many. */
  async deleteEventsBefore(cutoff: Date, limit: number): Promise<number> {
    const { rows } = await sql<{ deleted: string | number }>`
      WITH gone AS (
        DELETE FROM events WHERE id IN (
          SELECT id FROM events WHERE created_at < ${cutoff} ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING 1)
      SELECT count(*) AS deleted FROM gone`.execute(this.db);
    return Number(rows[0]?.deleted ?? 0);
  }

  /** Deletes up to `limit` audit records created before the cutoff; returns how many. */
  async deleteAuditRecordsBefore(cutoff: Date, limit: number): Promise<number> {
    const { rows } = await sql<{ deleted: string | number }>`
      WITH gone AS (
        DELETE FROM audit_log WHERE id IN (
          SELECT id FROM audit_log WHERE created_at < ${cutoff} ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING 1)
      SELECT count(*) AS deleted FROM gone`.execute(this.db);
    return Number(rows[0]?.deleted ?? 0);
  }
}
