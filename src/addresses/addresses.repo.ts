import { sql, type Kysely, type Updateable } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { AddressesTable, Database } from '../db/schema.js';
import type { Address, AddressFilters } from './address.js';

/** Where a page of addresses starts: after a cursor (native) or after some rows (Twilio's Page). */
export type AddressPaging = { limit: number; after?: CreatedCursor; offset?: number };

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

  list(organizationId: string, filters: AddressFilters, paging: AddressPaging): Promise<Address[]> {
    let query = this.db.selectFrom('addresses').selectAll().where('organization_id', '=', organizationId);
    if (filters.customer_name !== undefined) query = query.where('customer_name', '=', filters.customer_name);
    if (filters.friendly_name !== undefined) query = query.where('friendly_name', '=', filters.friendly_name);
    if (filters.iso_country !== undefined) query = query.where('iso_country', '=', filters.iso_country);
    if (filters.emergency_enabled !== undefined) query = query.where('emergency_enabled', '=', filters.emergency_enabled);
    if (paging.after) query = query.where(createdBefore(paging.after));
    query = query.orderBy(NEWEST_FIRST).limit(paging.limit);
    if (paging.offset) query = query.offset(paging.offset);
    return query.execute();
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
