import type { Kysely } from 'kysely';
import type { Database, OrganizationRow } from '../db/schema.js';

export class OrgsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(name: string): Promise<OrganizationRow> {
    return this.db.insertInto('organizations').values({ name }).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async count(): Promise<number> {
    const row = await this.db
      .selectFrom('organizations')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
