import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AddressIdParams, AddressSchema, toAddressResource } from '../addresses.schemas.js';

export const addressesGet = defineOperation({
  name: 'addresses.get',
  method: 'GET',
  path: '/v1/addresses/:id',
  access: { scopes: ['addresses:read'] },
  summary: 'Retrieve an address',
  tags: ['Addresses'],
  schema: { params: AddressIdParams, response: { 200: AddressSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { addresses }) => toAddressResource(await addresses.get(principalOf(request).organizationId, request.params.id)),
});
