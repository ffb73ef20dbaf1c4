import { Type } from 'typebox';
import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AddressIdParams } from '../addresses.schemas.js';

export const addressesDelete = defineOperation({
  name: 'addresses.delete',
  method: 'DELETE',
  path: '/v1/addresses/:id',
  access: { scopes: ['addresses:write'] },
  summary: 'Delete an address',
  description: 'Refused with 409 address_in_use while a number the organization holds uses it as its address or emergency address.',
  tags: ['Addresses'],
  schema: { params: AddressIdParams, response: { 204: Type.Null({ description: 'Deleted.' }), ...problems(400, 401, 403, 404, 409) } },
  handler: async (request, { addresses }) => {
    await addresses.delete(principalOf(request).organizationId, request.params.id);
    return answer(204, null);
  },
});
