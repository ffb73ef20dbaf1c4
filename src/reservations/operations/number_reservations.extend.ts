import { principalOf } from '../../auth/auth.hooks.js';
import { defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { HOLD_MINUTES } from '../reservation.js';
import { ReservationIdParams, ReservationSchema, toReservationResource } from '../reservations.schemas.js';

export const numberReservationsExtend = defineOperation({
  name: 'number_reservations.extend',
  method: 'POST',
  path: '/v1/number-reservations/:id/extend',
  access: { scopes: ['phone_numbers:purchase'] },
  summary: 'Extend a number reservation',
  description:
    `Holds the reservation's numbers for ${HOLD_MINUTES} minutes from now: those still held, and those whose hold ran out ` +
    'while no other organization took them. A number another organization holds now is failed.',
  tags: ['Number reservations'],
  schema: { params: ReservationIdParams, response: { 200: ReservationSchema, ...problems(400, 401, 403, 404) } },
  handler: async (request, { reservations }) => toReservationResource(await reservations.extend(principalOf(request).organizationId, request.params.id)),
});
