import type { Kysely } from 'kysely';
import type { CarrierAccountRow, Database } from '../db/schema.js';
import { isUuid } from '../db/uuid.js';

/** Every column the service decides; the database fills in the id and timestamps. */
export type NewCarrierAccount = Pick<
  CarrierAccountRow,
  'organization_id' | 'carrier' | 'name' | 'base_url' | 'credentials_sealed' | 'credentials_hint'
>;

/** SQL for carrier accounts, always within one organization. */
export class CarrierAccountsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(account: NewCarrierAccount): Promise<CarrierAccountRow> {
    return this.db.insertInto('carrier_accounts').values(account).returningAll().executeTakeFirstOrThrow();
  }

  list(organizationId: string, limit: number): Promise<CarrierAccountRow[]> {
    return this.db
      .selectFrom('carrier_accounts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  async findById(organizationId: string, id: string): Promise<CarrierAccountRow | undefined> {
    if (!isUuid(id)) return undefined;
    return this.db
      .selectFrom('carrier_accounts')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Whether any order went through the account: such an account is kept, for releases and history. */
  async hasOrders(organizationId: string, id: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('number_orders')
      .select('id')
      .where('organization_id', '=', organizationId)
      .where('carrier_account_id', '=', id)
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async delete(organizationId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('carrier_accounts')
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
