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
  deleteEventsBefore(cutoff: Date, limit: number): Promise<number> {
    return this.deleteOldest('events', cutoff, limit);
  }

  /** Deletes up to `limit` audit records created before the cutoff; returns how many. */
  deleteAuditRecordsBefore(cutoff: Date, limit: number): Promise<number> {
    return this.deleteOldest('audit_log', cutoff, limit);
  }

  private async deleteOldest(table: 'events' | 'audit_log', cutoff: Date, limit: number): Promise<number> {
    const { rows } = await sql<{ deleted: string | number }>`
      WITH gone AS (
        DELETE FROM ${sql.table(table)} WHERE id IN (
          SELECT id FROM ${sql.table(table)} WHERE created_at < ${cutoff} ORDER BY created_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
        RETURNING 1)
      SELECT count(*) AS deleted FROM gone`.execute(this.db);
    return Number(rows[0]?.deleted ?? 0);
  }
}
