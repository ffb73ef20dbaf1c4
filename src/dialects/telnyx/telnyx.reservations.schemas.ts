import { Type } from 'typebox';
import { MAX_NUMBERS_PER_RESERVATION } from '../../reservations/reservation.js';

/** Telnyx's /v2/number_reservations requests, as its official document has them. */

export const ReservationBodySchema = Type.Object(
  {
    phone_numbers: Type.Array(
      Type.Object({ phone_number: Type.String({ minLength: 3, maxLength: 32, description: 'A number to hold, E.164.' }) }, { additionalProperties: false }),
      { minItems: 1, maxItems: MAX_NUMBERS_PER_RESERVATION, description: 'The numbers to hold.' },
    ),
    customer_reference: Type.Optional(Type.String({ maxLength: 200, description: 'Your reference.' })),
  },
  { additionalProperties: false },
);

export const ReservationParams = Type.Object(
  { number_reservation_id: Type.String({ format: 'uuid', description: 'The reservation.' }) },
  { additionalProperties: false },
);

export const ReservationListQuerySchema = Type.Object(
  {
    page: Type.Optional(
      Type.Object(
        {
          number: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 1, description: 'Page, from 1.' })),
          size: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 20, description: 'Reservations per page.' })),
        },
        { additionalProperties: false },
      ),
    ),
    filter: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Enum(['pending', 'success', 'failure'], { type: 'string', description: 'The reservation’s status.' })),
          created_at: Type.Optional(
            Type.Object(
              {
                gt: Type.Optional(Type.String({ format: 'date-time', description: 'Made after this time.' })),
                lt: Type.Optional(Type.String({ format: 'date-time', description: 'Made before this time.' })),
              },
              { additionalProperties: false },
            ),
          ),
          'phone_numbers.phone_number': Type.Optional(Type.String({ minLength: 3, maxLength: 32, description: 'Listing this number.' })),
          customer_reference: Type.Optional(Type.String({ maxLength: 200, description: 'With this reference.' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
