import type { Kysely } from 'kysely';
import type { BillingRecordRow, Database } from '../db/schema.js';
import type { BillingKind } from './billing.js';

export interface BilledPeriod {
  organizationId: string;
  phoneNumberId: string;
  kind: BillingKind;
  periodStart: Date;
  periodEnd: Date;
  amount: string;
  currency: string;
}

/** SQL for billing records: the one writer of billing_records. */
export class BillingRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Records a billed period; false when the number already has one starting then (its unique
   * (number, period start) makes each period billed once, however many processes try).
   */
  async recordPeriod(p: BilledPeriod): Promise<boolean> {
    const row = await this.db
      .insertInto('billing_records')
      .values({
        organization_id: p.organizationId,
        phone_number_id: p.phoneNumberId,
        kind: p.kind,
        period_start: p.periodStart,
        period_end: p.periodEnd,
        amount: p.amount,
        currency: p.currency,
      })
      .onConflict((oc) => oc.columns(['phone_number_id', 'period_start']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return row !== undefined;
  }

  async list(organizationId: string, phoneNumberId: string): Promise<BillingRecordRow[]> {
    return this.db
      .selectFrom('billing_records')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('phone_number_id', '=', phoneNumberId)
      .orderBy('period_start')
      .execute();
  }
}
