import type { CreatedCursor } from '../db/created-order.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { errors } from '../errors/catalogue.js';
import { parsePhoneNumber } from '../numbers/e164.js';
import type { NumbersPlatformRepo } from '../numbers/numbers.platform.repo.js';
import type { NumberHoldsRepo } from './number-holds.repo.js';
import { HOLD_MINUTES, MAX_NUMBERS_PER_RESERVATION } from './reservation.js';
import type { ReservationFilters, ReservationsRepo, ReservationWithNumbers } from './reservations.repo.js';

/** What a reservation's unit of work writes: the reservation, its numbers, their holds. */
export interface ReservationRepos extends JournaledRepos {
  reservations: ReservationsRepo;
  holds: NumberHoldsRepo;
  /** Whether an organization holds the number as a phone number of its own already. */
  platform: NumbersPlatformRepo;
}

export interface ReservationInput {
  numbers: string[];
  customer_reference?: string | null;
}

/** Why a number could not be held, as the reservation shows it. */
const ALREADY_OWNED = 'The number is held by an organization on this platform already.';
const ON_HOLD = 'The number is already on hold for another organization.';
const LAPSED = 'The hold lapsed and the number is on hold for another organization now.';

/**
 * Number reservations: an organization holds numbers for HOLD_MINUTES, during which no other
 * organization can reserve or order them (OrdersService asks the holds when it claims a
 * number); then the hold lapses unless extended. Each number is held or refused on its own;
 * the reservation is written whole, in one unit of work, with an audit record.
 */
export class ReservationsService {
  constructor(
    private readonly repo: ReservationsRepo,
    private readonly transact: Transact<ReservationRepos>,
  ) {}

  async create(organizationId: string, input: ReservationInput): Promise<ReservationWithNumbers> {
    const numbers = this.normalize(input.numbers);
    const id = await this.transact(async ({ reservations, holds, platform, journal }) => {
      const reservation = await reservations.create(organizationId, input.customer_reference ?? null);
      // In a fixed order, so two reservations of the same numbers never wait on each other in a circle.
      const positions = [...numbers.keys()].sort((a, b) => (numbers[a]! < numbers[b]! ? -1 : 1));
      for (const position of positions) {
        const number = numbers[position]!;
        const row = await reservations.addNumber(organizationId, reservation.id, position, number);
        await holds.lock(number);
        const owned = (await platform.findHolder(number)) !== undefined;
        const expiresAt = owned ? undefined : await holds.take(organizationId, number, row.id, HOLD_MINUTES);
        await reservations.settleNumber(
          organizationId,
          row.id,
          expiresAt ? { status: 'held', expiresAt, error: null } : { status: 'failed', expiresAt: null, error: owned ? ALREADY_OWNED : ON_HOLD },
        );
      }
      journal.audit({ organizationId, action: 'number_reservation.created', resourceType: 'number_reservation', resourceId: reservation.id, changes: null });
      return reservation.id;
    });
    return this.get(organizationId, id);
  }

  /**
   * Holds the reservation's numbers for HOLD_MINUTES from now: those still held, and those
   * whose hold lapsed while no other organization took it. A number another organization
   * holds now is refused; ordered and refused numbers stay as they are.
   */
  async extend(organizationId: string, id: string): Promise<ReservationWithNumbers> {
    await this.transact(async ({ reservations, holds, platform, journal }) => {
      const reservation = await reservations.findById(organizationId, id, { lock: true });
      if (!reservation) throw errors.notFound('number reservation', id);
      const held = reservation.numbers.filter((n) => n.status === 'held').sort((a, b) => (a.number < b.number ? -1 : 1));
      for (const row of held) {
        await holds.lock(row.number);
        const expiresAt = (await platform.findHolder(row.number)) ? undefined : await holds.take(organizationId, row.number, row.id, HOLD_MINUTES);
        await reservations.settleNumber(organizationId, row.id, expiresAt ? { status: 'held', expiresAt, error: null } : { status: 'failed', expiresAt: null, error: LAPSED });
      }
      await reservations.touch(organizationId, id);
      journal.audit({ organizationId, action: 'number_reservation.extended', resourceType: 'number_reservation', resourceId: id, changes: null });
    });
    return this.get(organizationId, id);
  }

  async get(organizationId: string, id: string): Promise<ReservationWithNumbers> {
    const reservation = await this.repo.findById(organizationId, id);
    if (!reservation) throw errors.notFound('number reservation', id);
    return reservation;
  }

  list(organizationId: string, filters: ReservationFilters, limit: number, after?: CreatedCursor): Promise<ReservationWithNumbers[]> {
    return this.repo.list(organizationId, filters, limit, { after });
  }

  /** One page by page number, newest first, with the count of all that match: for the surfaces whose clients page by number. */
  async page(organizationId: string, filters: ReservationFilters, pageNumber: number, size: number): Promise<{ data: ReservationWithNumbers[]; total: number }> {
    const [data, total] = await Promise.all([
      this.repo.list(organizationId, filters, size, { offset: (pageNumber - 1) * size }),
      this.repo.count(organizationId, filters),
    ]);
    return { data, total };
  }

  /** The numbers in E.164, each once; a number that is none is a 400 naming it. */
  private normalize(numbers: readonly string[]): string[] {
    if (numbers.length === 0 || numbers.length > MAX_NUMBERS_PER_RESERVATION) {
      throw errors.validation(`A reservation holds 1 to ${MAX_NUMBERS_PER_RESERVATION} numbers.`, { pointer: '/phone_numbers' });
    }
    const normalized = numbers.map((number, index) => parsePhoneNumber(number, undefined, { pointer: `/phone_numbers/${index}` }).number);
    return [...new Set(normalized)];
  }
}
