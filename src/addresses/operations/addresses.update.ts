import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AddressIdParams, AddressSchema, toAddressResource, UpdateAddressBody } from '../addresses.schemas.js';

export const addressesUpdate = defineOperation({
  name: 'addresses.update',
  method: 'PATCH',
  path: '/v1/addresses/:id',
  access: { scopes: ['addresses:write'] },
  summary: 'Update an address',
  description: 'Only the fields sent change; the numbers using the address keep using it.',
  tags: ['Addresses'],
  schema: { params: AddressIdParams, body: UpdateAddressBody, response: { 200: AddressSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { addresses }) =>
    toAddressResource(await addresses.update(principalOf(request).organizationId, request.params.id, request.body)),
});
