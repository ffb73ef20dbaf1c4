import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { CursorPage, problems } from '../../http/schema-kit.js';
import { AddressesListQuery, AddressSchema, ADDRESSES_PAGE_SIZE, toAddressResource } from '../addresses.schemas.js';

export const addressesList = defineOperation({
  name: 'addresses.list',
  method: 'GET',
  path: '/v1/addresses',
  access: { scopes: ['addresses:read'] },
  summary: 'List addresses',
  description: 'Newest first; the filters match exactly.',
  tags: ['Addresses'],
  schema: { querystring: AddressesListQuery, response: { 200: CursorPage(AddressSchema, 'Addresses, newest first.'), ...problems(400, 401, 403) } },
  handler: async (request, { addresses, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    const { limit: _limit, cursor: _cursor, ...filters } = request.query;
    const wanted = { ...filters, ...(filters.iso_country ? { iso_country: filters.iso_country.toUpperCase() } : {}) };
    return pageNewestFirst(cursors, request.query, ADDRESSES_PAGE_SIZE, (limit, after) => addresses.list(organizationId, wanted, { limit, after }), toAddressResource);
  },
});
