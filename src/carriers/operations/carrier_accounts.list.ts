import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CarrierAccountListSchema, toAccountResource } from '../carriers.schemas.js';

export const carrierAccountsList = defineOperation({
  name: 'carrier_accounts.list',
  method: 'GET',
  path: '/v1/carrier-accounts',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List carrier accounts',
  tags: ['Carriers'],
  schema: {
    querystring: Type.Object({}, { additionalProperties: false }),
    response: { 200: CarrierAccountListSchema, ...problems(400, 401, 403) },
  },
  handler: async (request, { carrierAccounts }) => {
    const list = await carrierAccounts.list(principalOf(request).organizationId);
    return { object: 'list' as const, data: list.map(toAccountResource) };
  },
});
