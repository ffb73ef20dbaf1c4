import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { NumberIdParams, PhoneNumberSchema, toResource } from '../numbers.schemas.js';

export const numbersGet = defineOperation({
  name: 'numbers.get',
  method: 'GET',
  path: '/v1/phone-numbers/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a phone number',
  tags: ['Phone numbers'],
  schema: { params: NumberIdParams, response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numbers }) => toResource(await numbers.get(principalOf(request).organizationId, request.params.id)),
});
