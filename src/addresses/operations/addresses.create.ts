import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { AddressSchema, CreateAddressBody, toAddressResource } from '../addresses.schemas.js';

export const addressesCreate = defineOperation({
  name: 'addresses.create',
  method: 'POST',
  path: '/v1/addresses',
  access: { scopes: ['addresses:write'] },
  summary: 'Create an address',
  description: "An address of the organization, for a number's regulatory address or its emergency address.",
  tags: ['Addresses'],
  schema: { body: CreateAddressBody, response: { 201: AddressSchema, ...problems(400, 401, 403) } },
  handler: async (request, { addresses }) =>
    answer(201, toAddressResource(await addresses.create(principalOf(request).organizationId, request.body))),
});
