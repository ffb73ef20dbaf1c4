import type { Static } from 'typebox';
import { parsePhoneNumber } from '../../numbers/e164.js';
import { stateOf } from '../../reservations/reservation.js';
import type { ReservationFilters, ReservationWithNumbers } from '../../reservations/reservations.repo.js';
import type { ReservationListQuerySchema } from './telnyx.reservations.schemas.js';

/** Telnyx's status of one number: held now or once (success), or never held (failure). */
const STATUS = { held: 'success', expired: 'success', ordered: 'success', failed: 'failure' } as const;

export function toTelnyxReservation(reservation: ReservationWithNumbers, now = new Date()) {
  const numbers = reservation.numbers.map((n) => ({
    id: n.id,
    record_type: 'reserved_phone_number',
    phone_number: n.number,
    status: STATUS[stateOf(n, now)],
    ...(n.expires_at ? { expired_at: n.expires_at.toISOString() } : {}),
    ...(n.error ? { errors: n.error } : {}),
    created_at: n.created_at.toISOString(),
    updated_at: n.updated_at.toISOString(),
  }));
  return {
    id: reservation.id,
    record_type: 'number_reservation',
    status: numbers.some((n) => n.status === 'success') ? 'success' : 'failure',
    phone_numbers: numbers,
    ...(reservation.customer_reference ? { customer_reference: reservation.customer_reference } : {}),
    created_at: reservation.created_at.toISOString(),
    updated_at: reservation.updated_at.toISOString(),
  };
}

/** filter[...] of the list. A reservation is never pending: each number is decided when it is made. */
export function toReservationFilters(filter: Static<typeof ReservationListQuerySchema>['filter']): ReservationFilters | 'none' {
  if (filter?.status === 'pending') return 'none';
  const number = filter?.['phone_numbers.phone_number'];
  return {
    customerReference: filter?.customer_reference,
    number: number === undefined ? undefined : parsePhoneNumber(number, undefined, { parameter: 'filter[phone_numbers.phone_number]' }).number,
    createdAfter: filter?.created_at?.gt ? new Date(filter.created_at.gt) : undefined,
    createdBefore: filter?.created_at?.lt ? new Date(filter.created_at.lt) : undefined,
    outcome: filter?.status === 'success' ? 'succeeded' : filter?.status === 'failure' ? 'failed' : undefined,
  };
}
