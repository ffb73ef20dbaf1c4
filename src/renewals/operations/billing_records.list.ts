import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { NumberIdParams } from '../../numbers/numbers.schemas.js';
import { BillingListSchema, toBillingRecordResource } from '../renewals.schemas.js';

export const billingRecordsList = defineOperation({
  name: 'billing_records.list',
  method: 'GET',
  path: '/v1/phone-numbers/:id/billing-records',
  access: { scopes: ['phone_numbers:read'] },
  summary: "List a number's billed periods",
  description: 'One record for the purchase (first month plus upfront cost) and one per renewal.',
  tags: ['Phone numbers'],
  schema: {
    params: NumberIdParams,
    querystring: Type.Object({}, { additionalProperties: false }),
    response: { 200: BillingListSchema, ...problems(400, 401, 403, 404) },
  },
  handler: async (request, { renewals }) => {
    const records = await renewals.billingRecords(principalOf(request).organizationId, request.params.id);
    return { object: 'list' as const, data: records.map(toBillingRecordResource) };
  },
});
