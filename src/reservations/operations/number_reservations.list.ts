import { principalOf } from '../../auth/auth.hooks.js';
import { pageNewestFirst } from '../../http/created-cursor.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { parsePhoneNumber } from '../../numbers/e164.js';
import { RESERVATIONS_PAGE_SIZE, ReservationListQuerySchema, ReservationListSchema, toReservationResource } from '../reservations.schemas.js';

export const numberReservationsList = defineOperation({
  name: 'number_reservations.list',
  method: 'GET',
  path: '/v1/number-reservations',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'List number reservations',
  tags: ['Number reservations'],
  schema: { querystring: ReservationListQuerySchema, response: { 200: ReservationListSchema, ...problems(400, 401, 403) } },
  handler: async (request, { reservations, cursors }) => {
    const organizationId = principalOf(request).organizationId;
    const { customer_reference: customerReference, phone_number: number } = request.query;
    const filters = {
      customerReference,
      number: number === undefined ? undefined : parsePhoneNumber(number, undefined, { parameter: 'phone_number' }).number,
    };
    return pageNewestFirst(cursors, request.query, RESERVATIONS_PAGE_SIZE, (limit, after) => reservations.list(organizationId, filters, limit, after), (row) =>
      toReservationResource(row),
    );
  },
});
