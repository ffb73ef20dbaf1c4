import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CarrierAccountIdParams, CarrierAccountSchema, toAccountResource } from '../carriers.schemas.js';

export const carrierAccountsGet = defineOperation({
  name: 'carrier_accounts.get',
  method: 'GET',
  path: '/v1/carrier-accounts/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a carrier account',
  tags: ['Carriers'],
  schema: { params: CarrierAccountIdParams, response: { 200: CarrierAccountSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { carrierAccounts }) =>
    toAccountResource(await carrierAccounts.get(principalOf(request).organizationId, request.params.id)),
});
