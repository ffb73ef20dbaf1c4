import { principalOf } from '../../auth/auth.hooks.js';
import { answer, defineOperation } from '../../http/operation.js';
import { problems } from '../../http/schema-kit.js';
import { HOLD_MINUTES } from '../reservation.js';
import { CreateReservationSchema, ReservationSchema, toReservationResource } from '../reservations.schemas.js';

export const numberReservationsCreate = defineOperation({
  name: 'number_reservations.create',
  method: 'POST',
  path: '/v1/number-reservations',
  access: { scopes: ['phone_numbers:purchase'] },
  summary: 'Reserve numbers',
  description:
    `Holds each number for ${HOLD_MINUTES} minutes: meanwhile no other organization can reserve or order it, and you ` +
    'order it as usual (/v1/number-orders). Each number is held or refused on its own (see its status and error).',
  tags: ['Number reservations'],
  schema: { body: CreateReservationSchema, response: { 201: ReservationSchema, ...problems(400, 401, 403) } },
  handler: async (request, { reservations }) => {
    const { phone_numbers: numbers, customer_reference } = request.body;
    const reservation = await reservations.create(principalOf(request).organizationId, { numbers, customer_reference });
    return answer(201, toReservationResource(reservation), { location: `/v1/number-reservations/${reservation.id}` });
  },
});
