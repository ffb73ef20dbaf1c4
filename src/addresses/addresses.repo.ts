import { sql, type ExpressionBuilder, type Kysely, type Updateable } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import { likeEscape } from '../db/like.js';
import type { AddressesTable, Database } from '../db/schema.js';
import type { Address, AddressFilters, AddressSort } from './address.js';

/** Where a page of addresses starts: after a cursor (native) or after some rows (Twilio's Page). */
export type AddressPaging = { limit: number; after?: CreatedCursor; offset?: number };

/** A pattern matching text that contains `part`. */
const containing = (part: string) => `%${likeEscape(part)}%`;

/** The conditions of a list: the organization's addresses that the filters match. */
function matching(eb: ExpressionBuilder<Database, 'addresses'>, organizationId: string, f: AddressFilters) {
  const c = [eb('organization_id', '=', organizationId)];
  if (f.customer_name !== undefined) c.push(eb('customer_name', '=', f.customer_name));
  if (f.friendly_name !== undefined) c.push(eb('friendly_name', '=', f.friendly_name));
  if (f.iso_country !== undefined) c.push(eb('iso_country', '=', f.iso_country));
  if (f.emergency_enabled !== undefined) c.push(eb('emergency_enabled', '=', f.emergency_enabled));
  if (f.customer_reference !== undefined) c.push(eb('customer_reference', '=', f.customer_reference));
  if (f.customer_reference_contains !== undefined) c.push(eb('customer_reference', 'ilike', containing(f.customer_reference_contains)));
  if (f.street_contains !== undefined) c.push(eb('street', 'ilike', containing(f.street_contains)));
  if (f.friendly_name_contains !== undefined) c.push(eb('friendly_name', 'ilike', containing(f.friendly_name_contains)));
  if (f.address_book !== undefined) c.push(eb('address_book', '=', f.address_book));
  if (f.used_as_emergency !== undefined) {
    // A number's emergency address is kept as text; an address is used while a held number names it.
    const used = eb.exists(
      eb
        .selectFrom('phone_numbers')
        .select(sql`1`.as('one'))
        .where('phone_numbers.organization_id', '=', organizationId)
        .where('phone_numbers.status', '<>', 'released')
        .where('phone_numbers.emergency_address_id', '=', sql<string>`addresses.id::text`),
    );
    c.push(f.used_as_emergency ? used : eb.not(used));
  }
  return c;
}

/** SQL for addresses, and their one writer. Every method is scoped to an organization. */
export class AddressesRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(address: Omit<Address, 'id' | 'created_at' | 'updated_at'>): Promise<Address> {
    return this.db.insertInto('addresses').values(address).returningAll().executeTakeFirstOrThrow();
  }

  get(organizationId: string, id: string): Promise<Address | undefined> {
    return this.db.selectFrom('addresses').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }

  /** The address, locked until the unit of work ends: no number takes it up meanwhile (the numbers' reference waits). */
  lock(organizationId: string, id: string): Promise<Address | undefined> {
    return this.db
      .selectFrom('addresses')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
  }

  /** A page of the organization's addresses: newest first, or in the sort's order (then newest first among equals). */
  list(organizationId: string, filters: AddressFilters, paging: AddressPaging, sort?: AddressSort): Promise<Address[]> {
    let query = this.db.selectFrom('addresses').selectAll().where((eb) => eb.and(matching(eb, organizationId, filters)));
    if (paging.after) query = query.where(createdBefore(paging.after));
    if (sort && sort.key !== 'created_at') {
      query = query.orderBy(sql`lower(${sql.ref(sort.key)})`, (ob) => (sort.descending ? ob.desc() : ob.asc()).nullsLast());
    }
    query = sort?.key === 'created_at' && !sort.descending ? query.orderBy(sql`date_trunc('milliseconds', created_at) asc, id asc`) : query.orderBy(NEWEST_FIRST);
    query = query.limit(paging.limit);
    if (paging.offset) query = query.offset(paging.offset);
    return query.execute();
  }

  async count(organizationId: string, filters: AddressFilters): Promise<number> {
    const row = await this.db
      .selectFrom('addresses')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where((eb) => eb.and(matching(eb, organizationId, filters)))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  update(
    organizationId: string,
    id: string,
    changes: Omit<Updateable<AddressesTable>, 'id' | 'organization_id' | 'created_at' | 'updated_at'>,
  ): Promise<Address | undefined> {
    return this.db
      .updateTable('addresses')
      .set({ ...changes, updated_at: sql<Date>`now()` as unknown as Date })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async delete(organizationId: string, id: string): Promise<void> {
    await this.db.deleteFrom('addresses').where('organization_id', '=', organizationId).where('id', '=', id).execute();
  }

  /** How many numbers the organization still holds that use the address, as their address or emergency address. */
  async countHeldUsers(organizationId: string, id: string): Promise<number> {
    const row = await this.db
      .selectFrom('phone_numbers')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('organization_id', '=', organizationId)
      .where('status', '<>', 'released')
      .where((eb) => eb.or([eb('address_id', '=', id), eb('emergency_address_id', '=', id)]))
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }
}
