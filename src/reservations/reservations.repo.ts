import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, NumberReservationRow, ReservedNumberRow } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';
import type { ReservedNumberStatus } from './reservation.js';

export interface ReservationWithNumbers extends NumberReservationRow {
  numbers: ReservedNumberRow[];
}

/** What a list of reservations may be narrowed to. */
export interface ReservationFilters {
  customerReference?: string;
  /** Reservations that list this number (E.164). */
  number?: string;
  createdAfter?: Date;
  createdBefore?: Date;
  /** Reservations of which at least one number was held (succeeded), or none was (failed). */
  outcome?: 'succeeded' | 'failed';
}

const now = () => sql<Date>`now()` as unknown as Date;

/** SQL for number reservations and the numbers each lists; holds are NumberHoldsRepo's. */
export class ReservationsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async create(organizationId: string, customerReference: string | null): Promise<NumberReservationRow> {
    return this.db
      .insertInto('number_reservations')
      .values({ organization_id: organizationId, customer_reference: customerReference })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async addNumber(organizationId: string, reservationId: string, position: number, number: string): Promise<ReservedNumberRow> {
    return this.db
      .insertInto('reserved_numbers')
      .values({ organization_id: organizationId, reservation_id: reservationId, position, number, status: 'failed' })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async settleNumber(
    organizationId: string,
    id: string,
    settled: { status: ReservedNumberStatus; expiresAt: Date | null; error: string | null },
  ): Promise<void> {
    await this.db
      .updateTable('reserved_numbers')
      .set({ status: settled.status, expires_at: settled.expiresAt, error: settled.error, updated_at: now() })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .execute();
  }

  async touch(organizationId: string, id: string): Promise<void> {
    await this.db.updateTable('number_reservations').set({ updated_at: now() }).where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  async findById(organizationId: string, id: string, options: { lock?: boolean } = {}): Promise<ReservationWithNumbers | undefined> {
    if (!isUuid(id)) return undefined;
    let query = this.db.selectFrom('number_reservations').selectAll().where('organization_id', '=', organizationId).where('id', '=', id);
    if (options.lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    return row ? (await this.withNumbers(organizationId, [row]))[0] : undefined;
  }

  /** Newest first, after a cursor or skipping offset reservations (for surfaces that page by number). */
  async list(
    organizationId: string,
    filters: ReservationFilters,
    limit: number,
    position: { after?: CreatedCursor; offset?: number } = {},
  ): Promise<ReservationWithNumbers[]> {
    let query = this.matching(organizationId, filters).selectAll('r').orderBy(NEWEST_FIRST).limit(limit);
    if (position.after) query = query.where(createdBefore(position.after));
    if (position.offset) query = query.offset(position.offset);
    return this.withNumbers(organizationId, await query.execute());
  }

  /** How many of the organization's reservations the filters match. */
  async count(organizationId: string, filters: ReservationFilters): Promise<number> {
    const row = await this.matching(organizationId, filters).select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow();
    return Number(row.count);
  }

  /** The organization's reservations the filters match: the one WHERE of the list and its count. */
  private matching(organizationId: string, filters: ReservationFilters) {
    let query = this.db.selectFrom('number_reservations as r').where('r.organization_id', '=', organizationId);
    if (filters.customerReference !== undefined) query = query.where('r.customer_reference', '=', filters.customerReference);
    if (filters.createdAfter) query = query.where('r.created_at', '>', filters.createdAfter);
    if (filters.createdBefore) query = query.where('r.created_at', '<', filters.createdBefore);
    if (filters.number !== undefined) {
      const number = filters.number;
      query = query.where(({ exists, selectFrom }) =>
        exists(selectFrom('reserved_numbers as n').select('n.id').whereRef('n.reservation_id', '=', 'r.id').where('n.organization_id', '=', organizationId).where('n.number', '=', number)),
      );
    }
    if (filters.outcome) {
      const anyHeld = sql<boolean>`EXISTS (SELECT 1 FROM reserved_numbers n
        WHERE n.organization_id = ${organizationId} AND n.reservation_id = r.id AND n.status <> 'failed')`;
      query = query.where(filters.outcome === 'succeeded' ? anyHeld : sql<boolean>`NOT ${anyHeld}`);
    }
    return query;
  }

  private async withNumbers(organizationId: string, rows: NumberReservationRow[]): Promise<ReservationWithNumbers[]> {
    if (!rows.length) return [];
    const numbers = await this.db
      .selectFrom('reserved_numbers')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('reservation_id', 'in', rows.map((row) => row.id))
      .orderBy('position')
      .execute();
    return rows.map((row) => ({ ...row, numbers: numbers.filter((n) => n.reservation_id === row.id) }));
  }
}
