import type { Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { Database, OrganizationRow } from '../db/schema.js';

export class OrgsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(name: string): Promise<OrganizationRow> {
    return this.db.insertInto('organizations').values({ name }).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  list(limit: number, after?: CreatedCursor): Promise<OrganizationRow[]> {
    let query = this.db.selectFrom('organizations').selectAll().orderBy(NEWEST_FIRST).limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
