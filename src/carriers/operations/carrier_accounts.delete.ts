import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CarrierAccountIdParams } from '../carriers.schemas.js';

export const carrierAccountsDelete = defineOperation({
  name: 'carrier_accounts.delete',
  method: 'DELETE',
  path: '/v1/carrier-accounts/:id',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Delete a carrier account',
  description: 'Refused once numbers were ordered through it: they are released through it.',
  tags: ['Carriers'],
  schema: {
    params: CarrierAccountIdParams,
    response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 409) },
  },
  handler: async (request, { carrierAccounts }) => {
    await carrierAccounts.delete(principalOf(request).organizationId, request.params.id);
    return answer(204, null);
  },
});
