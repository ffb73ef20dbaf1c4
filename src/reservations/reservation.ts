/**
 * The vocabulary of a number reservation, shared by the database's table types, the service
 * and the schemas. It imports nothing.
 */

/** How long a reservation holds its numbers, from its creation or its last extension. */
export const HOLD_MINUTES = 30;

/** The most numbers one reservation holds: as many as one order buys. */
export const MAX_NUMBERS_PER_RESERVATION = 20;

/** As stored: held (until expires_at), ordered by the organization while held, or never held. */
export const RESERVED_NUMBER_STATUSES = ['held', 'ordered', 'failed'] as const;
export type ReservedNumberStatus = (typeof RESERVED_NUMBER_STATUSES)[number];

/** As shown: a held number whose hold has run out is expired. */
export const RESERVED_NUMBER_STATES = ['held', 'expired', 'ordered', 'failed'] as const;
export type ReservedNumberState = (typeof RESERVED_NUMBER_STATES)[number];

export function stateOf(row: { status: ReservedNumberStatus; expires_at: Date | null }, now: Date): ReservedNumberState {
  if (row.status !== 'held') return row.status;
  return row.expires_at && row.expires_at.getTime() > now.getTime() ? 'held' : 'expired';
}
