import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { NumberIdParams, PhoneNumberSchema, toChanges, toResource, UpdateBodySchema } from '../numbers.schemas.js';

export const numbersUpdate = defineOperation({
  name: 'numbers.update',
  method: 'PATCH',
  path: '/v1/phone-numbers/:id',
  access: { scopes: ['phone_numbers:write'] },
  summary: 'Update a phone number',
  description: 'Only the fields sent change. status moves the number along its lifecycle where allowed.',
  tags: ['Phone numbers'],
  schema: { params: NumberIdParams, body: UpdateBodySchema, response: { 200: PhoneNumberSchema, ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { numbers }) =>
    toResource(await numbers.update(principalOf(request).organizationId, request.params.id, toChanges(request.body))),
});
