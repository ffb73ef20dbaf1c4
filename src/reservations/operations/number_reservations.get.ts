import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { ReservationIdParams, ReservationSchema, toReservationResource } from '../reservations.schemas.js';

export const numberReservationsGet = defineOperation({
  name: 'number_reservations.get',
  method: 'GET',
  path: '/v1/number-reservations/:id',
  access: { scopes: ['phone_numbers:read'] },
  summary: 'Retrieve a number reservation',
  tags: ['Number reservations'],
  schema: { params: ReservationIdParams, response: { 200: ReservationSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { reservations }) => toReservationResource(await reservations.get(principalOf(request).organizationId, request.params.id)),
});
