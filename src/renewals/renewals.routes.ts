import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { keySecurity, principalOf, requireKey } from '../auth/auth.hooks.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import type { BillingRecordRow } from '../db/schema.js';
import { Money, problems, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import type { RenewalsService } from './renewals.service.js';

export interface RenewalsRoutesDeps {
  renewals: RenewalsService;
  keys: ApiKeysService;
}

const IdParams = Type.Object({ id: Uuid('The id of the phone number.') }, { additionalProperties: false });

const BillingRecordSchema = Type.Object({
  id: Uuid('The id of the billing record.'),
  object: Type.Literal('billing_record', { description: 'Always billing_record.' }),
  phone_number_id: Uuid('The phone number billed.'),
  kind: StringEnum(['purchase', 'renewal'] as const, { description: 'The first period (with the upfront cost) or a renewal.', example: 'renewal' }),
  period_start: Timestamp('Start of the paid period.'),
  period_end: Timestamp('End of the paid period: the next billing date.'),
  amount: Money('What the period cost.'),
  currency: Type.String({ description: 'ISO 4217 currency.', example: 'USD' }),
  created_at: Timestamp('When the period was billed.'),
});

const BillingListSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(BillingRecordSchema, { description: 'Paid periods, oldest first.' }),
});

function toResource(record: BillingRecordRow) {
  return {
    id: record.id,
    object: 'billing_record' as const,
    phone_number_id: record.phone_number_id,
    kind: record.kind as 'purchase' | 'renewal',
    period_start: record.period_start.toISOString(),
    period_end: record.period_end.toISOString(),
    amount: record.amount,
    currency: record.currency,
    created_at: record.created_at.toISOString(),
  };
}

/** /v1/phone-numbers/{id}/billing-records: what a bought number has been billed, period by period. */
export async function renewalsRoutes(app: FastifyInstance, deps: RenewalsRoutesDeps): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.get(
    '/v1/phone-numbers/:id/billing-records',
    {
      onRequest: requireKey(deps.keys, ['phone_numbers:read']),
      schema: {
        summary: "List a number's billed periods",
        description: 'One record for the purchase (first month plus upfront cost) and one per renewal.',
        tags: ['Phone numbers'],
        security: keySecurity(['phone_numbers:read']),
        params: IdParams,
        querystring: Type.Object({}, { additionalProperties: false }),
        response: { 200: BillingListSchema, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const records = await deps.renewals.billingRecords(principalOf(request).organizationId, request.params.id);
      return { object: 'list' as const, data: records.map(toResource) };
    },
  );
}
