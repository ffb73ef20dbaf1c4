import { sql, type Kysely } from 'kysely';
import type { BillingRecordRow, Database } from '../db/schema.js';

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

export interface Renewal {
  organizationId: string;
  phoneNumberId: string;
  periodStart: Date;
  periodEnd: Date;
  amount: string;
  currency: string;
}

/** Signals a lost race inside the renewal transaction, so it rolls back. */
class NumberMovedOn extends Error {}

/** SQL for renewals. due() reads across organizations: the job serves the whole platform. */
export class RenewalsRepo {
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

  /**
   * Bills one period and moves the number's next billing date past it, in one transaction.
   * The billing record's unique (number, period start) and the compare-and-set on
   * next_billing_date make a period renew once however many processes try; false when
   * another one did it first.
   */
  async renew(r: Renewal): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        const billed = await trx
          .insertInto('billing_records')
          .values({
            organization_id: r.organizationId,
            phone_number_id: r.phoneNumberId,
            kind: 'renewal',
            period_start: r.periodStart,
            period_end: r.periodEnd,
            amount: r.amount,
            currency: r.currency,
          })
          .onConflict((oc) => oc.columns(['phone_number_id', 'period_start']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!billed) return false;
        const moved = await trx
          .updateTable('phone_numbers')
          .set({ next_billing_date: r.periodEnd, updated_at: sql<Date>`now()` as unknown as Date })
          .where('organization_id', '=', r.organizationId)
          .where('id', '=', r.phoneNumberId)
          .where('status', '=', 'active')
          .where('next_billing_date', '=', r.periodStart)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) !== 1) throw new NumberMovedOn();
        return true;
      });
    } catch (error) {
      if (error instanceof NumberMovedOn) return false;
      throw error;
    }
  }

  async billingRecords(organizationId: string, phoneNumberId: string): Promise<BillingRecordRow[]> {
    return this.db
      .selectFrom('billing_records')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('phone_number_id', '=', phoneNumberId)
      .orderBy('period_start')
      .execute();
  }
}
