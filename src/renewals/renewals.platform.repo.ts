import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import type { Backlog } from '../jobs/job.js';

export interface DueNumber {
  id: string;
  organization_id: string;
  next_billing_date: Date;
  purchased_at: Date | null;
  monthly_cost: string | null;
  currency: string;
  auto_renew: boolean;
  deletion_lock_enabled: boolean;
}

/**
 * SQL about renewals across organizations, for the platform's own work: the numbers due for
 * renewal, which the renewal job serves for every organization at once.
 */
export class RenewalsPlatformRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async due(now: Date, limit: number): Promise<DueNumber[]> {
    return this.db
      .selectFrom('phone_numbers')
      .select(['id', 'organization_id', 'purchased_at', 'monthly_cost', 'currency', 'auto_renew', 'deletion_lock_enabled'])
      .select(sql<Date>`next_billing_date`.as('next_billing_date'))
      .where('status', '=', 'active')
      .where('next_billing_date', 'is not', null)
      .where('next_billing_date', '<=', now)
      .orderBy('next_billing_date')
      .limit(limit)
      .execute();
  }

  /** How many numbers are due for renewal, and the earliest due moment: for the metrics. */
  async dueBacklog(now: Date): Promise<Backlog> {
    const row = await this.db
      .selectFrom('phone_numbers')
      .select([sql<number>`count(*)::int`.as('items'), sql<Date | null>`min(next_billing_date)`.as('oldest')])
      .where('status', '=', 'active')
      .where('next_billing_date', 'is not', null)
      .where('next_billing_date', '<=', now)
      .executeTakeFirstOrThrow();
    return { items: row.items, oldest: row.oldest };
  }
}
