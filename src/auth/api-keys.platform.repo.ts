import { sql, type Kysely } from 'kysely';
import type { ApiKeyRow, Database } from '../db/schema.js';
import { useOutdated } from './api-keys.repo.js';

/**
 * SQL about API keys across organizations: finding the key a request presents (its hash is
 * the credential, whichever organization it belongs to) and recording its use. Every
 * organization's own key management is in ApiKeysRepo.
 */
export class ApiKeysPlatformRepo {
  constructor(private readonly db: Kysely<Database>) {}

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
