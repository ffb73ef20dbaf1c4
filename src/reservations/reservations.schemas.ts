import { Type } from 'typebox';
import { CursorPage, CursorPageQuery, E164, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { HOLD_MINUTES, MAX_NUMBERS_PER_RESERVATION, RESERVED_NUMBER_STATES, stateOf } from './reservation.js';
import type { ReservationWithNumbers } from './reservations.repo.js';

/** The native /v1 shapes of number reservations. */

export const CreateReservationSchema = Type.Object(
  {
    phone_numbers: Type.Array(Type.String({ minLength: 3, maxLength: 32, description: 'A number to hold, from a search.', example: '+14155552671' }), {
      minItems: 1,
      maxItems: MAX_NUMBERS_PER_RESERVATION,
      description: 'The numbers to hold, each as returned by /v1/available-phone-numbers.',
      example: ['+14155552671'],
    }),
    customer_reference: Type.Optional(Nullable(Type.String({ maxLength: 200, description: 'Your reference, kept on the reservation.', example: 'ticket-42' }))),
  },
  { additionalProperties: false },
);

const ReservedNumberSchema = Type.Object({
  number: E164,
  status: StringEnum(RESERVED_NUMBER_STATES, {
    description: `held: no other organization can reserve or order it until expires_at (${HOLD_MINUTES} minutes, renewed by extend); expired: the hold ran out; ordered: you bought it while holding it; failed: not held (see error).`,
    example: 'held',
  }),
  expires_at: Nullable(Timestamp('When the hold ends (or ended); null when it was never held.')),
  error: Nullable(Type.String({ description: 'Why the number was not held.', example: 'The number is already on hold for another organization.' })),
});

/** The path of one reservation: /v1/number-reservations/:id. */
export const ReservationIdParams = Type.Object({ id: Uuid('The id of the reservation.') }, { additionalProperties: false });

export const ReservationSchema = Type.Object({
  id: Uuid('The id of the reservation.'),
  object: Type.Literal('number_reservation', { description: 'Always number_reservation.' }),
  customer_reference: Nullable(Type.String({ description: 'Your reference.', example: 'ticket-42' })),
  phone_numbers: Type.Array(ReservedNumberSchema, { description: 'One entry per number, in the order given.' }),
  created_at: Timestamp('When the reservation was made.'),
  updated_at: Timestamp('When it was last extended.'),
});

export const RESERVATIONS_PAGE_SIZE = 20;
export const ReservationListQuerySchema = Type.Object(
  {
    ...CursorPageQuery(RESERVATIONS_PAGE_SIZE, 100).properties,
    customer_reference: Type.Optional(Type.String({ maxLength: 200, description: 'Only reservations with this reference.', example: 'ticket-42' })),
    phone_number: Type.Optional(Type.String({ minLength: 3, maxLength: 32, description: 'Only reservations listing this number (any common form).', example: '+14155552671' })),
  },
  { additionalProperties: false },
);

export const ReservationListSchema = CursorPage(ReservationSchema, 'Reservations, newest first.');

export function toReservationResource(reservation: ReservationWithNumbers, now = new Date()) {
  return {
    id: reservation.id,
    object: 'number_reservation' as const,
    customer_reference: reservation.customer_reference,
    phone_numbers: reservation.numbers.map((n) => ({
      number: n.number,
      status: stateOf(n, now),
      expires_at: n.expires_at ? n.expires_at.toISOString() : null,
      error: n.error,
    })),
    created_at: reservation.created_at.toISOString(),
    updated_at: reservation.updated_at.toISOString(),
  };
}
