import type { Kysely } from 'kysely';
import type { CsvDownloadRow, Database } from '../db/schema.js';

/** SQL for CSV downloads: each organization's own, newest first. */
export class CsvDownloadsRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(organizationId: string, csvFormat: CsvDownloadRow['csv_format'], filter: Record<string, unknown>): Promise<CsvDownloadRow> {
    return this.db
      .insertInto('csv_downloads')
      .values({ organization_id: organizationId, csv_format: csvFormat, filter: JSON.stringify(filter) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async findById(organizationId: string, id: string): Promise<CsvDownloadRow | undefined> {
    return this.db.selectFrom('csv_downloads').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }

  /** A page by offset, newest first: the surface that asks pages by number. */
  async listByOffset(organizationId: string, offset: number, limit: number): Promise<CsvDownloadRow[]> {
    return this.db
      .selectFrom('csv_downloads')
      .selectAll()
      .where('organization_id', '=', organizationId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async count(organizationId: string): Promise<number> {
    const row = await this.db
      .selectFrom('csv_downloads')
      .select((eb) => eb.fn.countAll<number>().as('total'))
      .where('organization_id', '=', organizationId)
      .executeTakeFirstOrThrow();
    return Number(row.total);
  }
}
