import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

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
}
