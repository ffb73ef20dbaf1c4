import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';

/** The platform's cursor-signing key (created by migration 0006): a platform query, no tenant. */
export class CursorKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async cursorKey(): Promise<Buffer> {
    const row = await this.db.selectFrom('platform_keys').select('secret').where('name', '=', 'cursor').executeTakeFirstOrThrow();
    return Buffer.from(row.secret);
  }
}
