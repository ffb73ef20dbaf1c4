import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { LookupQuery, PhoneNumberSchema, toResource } from '../numbers.schemas.js';

export const numbersLookup = defineOperation({
  name: 'numbers.lookup',
  method: 'GET',
  path: '/v1/phone-numbers/lookup',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Find one of your numbers by the number itself',
  tags: ['Phone numbers'],
  schema: { querystring: LookupQuery, response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { numbers }) => toResource(await numbers.lookup(principalOf(request).organizationId, request.query.number)),
});
