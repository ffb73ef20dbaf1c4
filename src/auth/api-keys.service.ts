import { createHash, randomBytes } from 'node:crypto';
import { changesBetween, type AuditNote } from '../changes/journal.js';
import type { CreatedCursor } from '../db/created-order.js';
import type { ApiKeyRow } from '../db/schema.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import type { ApiKeysPlatformRepo } from './api-keys.platform.repo.js';
import type { ApiKeysRepo } from './api-keys.repo.js';
import { SCOPES, type Scope } from './scopes.js';

/** Who is calling: resolved from an API key on every request. */
export interface Principal {
  organizationId: string;
  keyId: string;
  /** The key's visible prefix, which names it in the audit log. */
  keyPrefix: string;
  scopes: ReadonlySet<Scope>;
}

export type ApiKeyInfo = Omit<ApiKeyRow, 'key_hash'>;

const KEY_PREFIX = 'dt_';
const VISIBLE_PREFIX_LENGTH = KEY_PREFIX.length + 8;

/** last_used_at is kept to this precision: a key in use costs one write a minute, not one a request. */
const LAST_USED_PRECISION_SECONDS = 60;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** A key as it may be shown: everything but its hash. */
function toInfo({ key_hash: _, ...info }: ApiKeyRow): ApiKeyInfo {
  return info;
}

export interface ApiKeyRepos {
  keys: ApiKeysRepo;
}

/**
 * The audit record of a key created or revoked, filed under the key's organization. The record
 * names the key by its id, name, visible prefix and scopes: never the key, nor its hash.
 */
function keyAudit(row: ApiKeyRow, action: 'created' | 'revoked'): AuditNote {
  const changes =
    action === 'created'
      ? changesBetween(null, { name: row.name, prefix: row.prefix, scopes: row.scopes })
      : changesBetween({ revoked_at: null }, { revoked_at: row.revoked_at?.toISOString() ?? null });
  return { organizationId: row.organization_id, action: `api_key.${action}`, resourceType: 'api_key', resourceId: row.id, changes };
}

/**
 * API keys: random, shown once, kept only as a SHA-256 hash beside a short visible prefix.
 * Creating and revoking a key are recorded in the audit log in the same unit of work.
 */
export class ApiKeysService {
  constructor(
    private readonly repo: ApiKeysRepo,
    private readonly platform: ApiKeysPlatformRepo,
    private readonly transact: Transact<ApiKeyRepos & JournaledRepos>,
  ) {}

  async create(organizationId: string, name: string, scopes: readonly Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
    const unknown = scopes.filter((s) => !SCOPES.includes(s));
    if (unknown.length || scopes.length === 0) {
      throw errors.validation(`scopes must be a non-empty list of: ${SCOPES.join(', ')}.`, { pointer: '/scopes' });
    }
    const key = KEY_PREFIX + randomBytes(30).toString('base64url');
    const row = await this.transact(async ({ keys, journal }) => {
      const inserted = await keys.insert({
        organization_id: organizationId,
        name,
        prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
        key_hash: hashKey(key),
        scopes: [...new Set(scopes)],
      });
      journal.audit(keyAudit(inserted, 'created'));
      return inserted;
    });
    return { key, info: toInfo(row) };
  }

  /** An organization's keys, revoked ones included, newest first; never the keys themselves. */
  async list(organizationId: string, limit: number, after?: CreatedCursor): Promise<ApiKeyInfo[]> {
    return (await this.repo.list(organizationId, limit, after)).map(toInfo);
  }

  /**
   * Revokes a key: from now on it authenticates nothing. Revoking it again changes nothing,
   * and records nothing: the audit log keeps the one revocation that took effect.
   */
  async revoke(organizationId: string, id: string): Promise<ApiKeyInfo> {
    if (!isUuid(id)) throw errors.notFound('api key', id);
    const row = await this.transact(async ({ keys, journal }) => {
      const revoked = await keys.revoke(organizationId, id);
      if (!revoked) throw errors.notFound('api key', id);
      if (revoked.revokedNow) journal.audit(keyAudit(revoked.row, 'revoked'));
      return revoked.row;
    });
    return toInfo(row);
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const row = await this.platform.findActiveByHash(hashKey(key), LAST_USED_PRECISION_SECONDS);
    if (!row) return null;
    if (row.use_outdated) await this.platform.touch(row.id, LAST_USED_PRECISION_SECONDS);
    return { organizationId: row.organization_id, keyId: row.id, keyPrefix: row.prefix, scopes: new Set(row.scopes) };
  }
}
