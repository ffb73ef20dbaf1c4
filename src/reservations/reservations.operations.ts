import type { Operation } from '../http/operation.js';
import { numberReservationsCreate } from './operations/number_reservations.create.js';
import { numberReservationsExtend } from './operations/number_reservations.extend.js';
import { numberReservationsGet } from './operations/number_reservations.get.js';
import { numberReservationsList } from './operations/number_reservations.list.js';

/** Holding numbers for a while before ordering them. */
export const RESERVATIONS_OPERATIONS: readonly Operation[] = [numberReservationsCreate, numberReservationsList, numberReservationsGet, numberReservationsExtend];
