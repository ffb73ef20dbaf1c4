import type { Scope } from './scopes.js';
import { sql, type Kysely } from 'kysely';
import { createdBefore, NEWEST_FIRST, type CreatedCursor } from '../db/created-order.js';
import type { ApiKeyRow, Database } from '../db/schema.js';

/** The key's last recorded use is older than the interval, by the database's clock (or there is none). */
function useOutdated(intervalSeconds: number) {
  return sql<boolean>`last_used_at IS NULL OR last_used_at < now() - make_interval(secs => ${intervalSeconds})`;
}

export class ApiKeysRepo {
  constructor(private readonly db: Kysely<Database>) {}

  insert(key: { organization_id: string; name: string; prefix: string; key_hash: string; scopes: Scope[] }): Promise<ApiKeyRow> {
    return this.db.insertInto('api_keys').values(key).returningAll().executeTakeFirstOrThrow();
  }

  /**
   * The live key with this hash, whatever organization it belongs to: the hash is the
   * credential. use_outdated tells whether last_used_at is older than the interval (by the
   * database's clock, the one touch() compares with).
   */
  findActiveByHash(keyHash: string, intervalSeconds: number): Promise<(ApiKeyRow & { use_outdated: boolean }) | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .select(useOutdated(intervalSeconds).as('use_outdated'))
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /** An organization's keys, revoked ones included, newest first. */
  list(organizationId: string, limit: number, after?: CreatedCursor): Promise<ApiKeyRow[]> {
    let query = this.db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).orderBy(NEWEST_FIRST).limit(limit);
    if (after) query = query.where(createdBefore(after));
    return query.execute();
  }

  /** Revokes a key once: a key revoked already keeps its first revocation time. */
  async revoke(organizationId: string, id: string): Promise<ApiKeyRow | undefined> {
    await this.db
      .updateTable('api_keys')
      .set({ revoked_at: sql<Date>`now()` as unknown as Date })
      .where('organization_id', '=', organizationId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
    return this.db.selectFrom('api_keys').selectAll().where('organization_id', '=', organizationId).where('id', '=', id).executeTakeFirst();
  }

  /** Records a use, at most once per interval, so that a busy key is not a write per request. */
  async touch(id: string, intervalSeconds: number): Promise<void> {
    await this.db
      .updateTable('api_keys')
      .set({ last_used_at: sql<Date>`now()` as unknown as Date })
      .where('id', '=', id)
      .where(useOutdated(intervalSeconds))
      .execute();
  }
}
