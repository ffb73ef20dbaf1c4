import type { Kysely } from 'kysely';
import type { ApiKeyRow, Database } from '../db/schema.js';

export class ApiKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(key: { organization_id: string; name: string; prefix: string; key_hash: string; scopes: string[] }): Promise<ApiKeyRow> {
    return this.db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
  }

  /** The live key with this hash, whatever organization it belongs to: the hash is the credential. */
  findActiveByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }
}
