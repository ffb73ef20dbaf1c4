import { Type } from 'typebox';
import { BILLING_KINDS } from '../billing/billing.js';
import type { BillingRecordRow } from '../db/schema.js';
import { Money, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';

/** The native /v1 shapes of a bought number's billed periods. */

export const BillingRecordSchema = Type.Object({
  id: Uuid('The id of the billing record.'),
  object: Type.Literal('billing_record', { description: 'Always billing_record.' }),
  phone_number_id: Uuid('The phone number billed.'),
  kind: StringEnum(BILLING_KINDS, { description: 'The first period (with the upfront cost) or a renewal.', example: 'renewal' }),
  period_start: Timestamp('Start of the paid period.'),
  period_end: Timestamp('End of the paid period: the next billing date.'),
  amount: Money('What the period cost.'),
  currency: Type.String({ description: 'ISO 4217 currency.', example: 'USD' }),
  created_at: Timestamp('When the period was billed.'),
});

export const BillingListSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(BillingRecordSchema, { description: 'Paid periods, oldest first.' }),
});

export function toBillingRecordResource(record: BillingRecordRow) {
  return {
    id: record.id,
    object: 'billing_record' as const,
    phone_number_id: record.phone_number_id,
    kind: record.kind,
    period_start: record.period_start.toISOString(),
    period_end: record.period_end.toISOString(),
    amount: record.amount,
    currency: record.currency,
    created_at: record.created_at.toISOString(),
  };
}
