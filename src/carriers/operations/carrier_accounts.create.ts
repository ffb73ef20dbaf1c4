import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { CarrierAccountSchema, CreateCarrierAccountSchema, toAccountResource, toCreateInput } from '../carriers.schemas.js';

export const carrierAccountsCreate = defineOperation({
  name: 'carrier_accounts.create',
  method: 'POST',
  path: '/v1/carrier-accounts',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Add a carrier account',
  description: 'Credentials are encrypted at rest with DIALTONE_SECRET_KEY and never returned.',
  tags: ['Carriers'],
  schema: { body: CreateCarrierAccountSchema, response: { 201: CarrierAccountSchema, ...problems(400, 401, 403, 503) } },
  handler: async (request, { carrierAccounts }) => {
    const info = await carrierAccounts.create(principalOf(request).organizationId, toCreateInput(request.body));
    return answer(201, toAccountResource(info), { location: `/v1/carrier-accounts/${info.id}` });
  },
});
