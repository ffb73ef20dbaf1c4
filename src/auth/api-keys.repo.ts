import type { Scope } from './scopes.js';
import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { ApiKeyRow, Database } from '../db/schema.js';

/** The key's last recorded use is older than the interval, by the database's clock (or there is none). */
export function useOutdated(intervalSeconds: number) {
  return sql<boolean>`last_used_at IS NULL OR last_used_at < now() - make_interval(secs => ${intervalSeconds})`;
}

/** SQL for an organization's API keys. */
export class ApiKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(key: { organization_id: string; name: string; prefix: string; key_hash: string; scopes: Scope[] }): Promise<ApiKeyRow> {
    return this.db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
  }

  /** An organization's keys, revoked ones included, newest first. */
  list(organizationId: string, limit: number, after?: CreatedCursor): Promise<ApiKeyRow[]> {
    let query = this.db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).orderBy(NEWEST_FIRST).limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  /**
   * Revokes a key once: a key revoked already keeps its first revocation time. Answers the key
   * and whether this call revoked it (false: it was revoked before), or nothing for no such key.
   */
  async revoke(organizationId: string, id: string): Promise<{ row: ApiKeyRow; revokedNow: boolean } | undefined> {
    const revoked = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`now()` as unknown as Date })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (revoked) return { row: revoked, revokedNow: true };
    const row = await this.db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
    return row && { row, revokedNow: false };
  }
}
