import { sql, type Kysely } from 'kysely';
import type { Backlog } from '../jobs/job.js';
import type { Database, NumberOrderRow } from '../db/schema.js';

/**
 * SQL about number orders across organizations, for the platform's own work: the reconciler
 * finding orders a crash left pending. Every tenant query is in OrdersRepo.
 */
export class OrdersPlatformRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Across organizations, for the reconciler: orders still pending since before a moment. */
  async stalePending(createdBefore: Date, limit: number): Promise<NumberOrderRow[]> {
    return this.db
      .selectFrom('number_orders')
      .selectAll()
      .where('status', '=', 'pending')
      .where('created_at', '<', createdBefore)
      .orderBy('created_at')
      .limit(limit)
      .execute();
  }

  /** How many orders are pending since before a moment, and the oldest's creation: for the metrics. */
  async staleBacklog(createdBefore: Date): Promise<Backlog> {
    const row = await this.db
      .selectFrom('number_orders')
      .select([sql<number>`count(*)::int`.as('items'), sql<Date | null>`min(created_at)`.as('oldest')])
      .where('status', '=', 'pending')
      .where('created_at', '<', createdBefore)
      .executeTakeFirstOrThrow();
    return { items: row.items, oldest: row.oldest };
  }
}
