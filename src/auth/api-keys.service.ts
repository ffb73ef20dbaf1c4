import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyRow } from '../db/schema.js';
import { errors } from '../errors/catalogue.js';
import type { ApiKeysRepo } from './api-keys.repo.js';
import { SCOPES, type Scope } from './scopes.js';

/** Who is calling: resolved from an API key on every request. */
export interface Principal {
  organizationId: string;
  keyId: string;
  scopes: ReadonlySet<Scope>;
}

export type ApiKeyInfo = Omit<ApiKeyRow, 'key_hash'>;

const KEY_PREFIX = 'dt_';
const VISIBLE_PREFIX_LENGTH = KEY_PREFIX.length + 8;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** API keys: random, shown once, kept only as a SHA-256 hash beside a short visible prefix. */
export class ApiKeysService {
  constructor(private readonly repo: ApiKeysRepo) {}

  async create(organizationId: string, name: string, scopes: readonly Scope[]): Promise<{ key: string; info: ApiKeyInfo }> {
    const unknown = scopes.filter((s) => !SCOPES.includes(s));
    if (unknown.length || scopes.length === 0) {
      throw errors.validation(`scopes must be a non-empty list of: ${SCOPES.join(', ')}.`, { pointer: '/scopes' });
    }
    const key = KEY_PREFIX + randomBytes(30).toString('base64url');
    const { key_hash: _, ...info } = await this.repo.insert({
      organization_id: organizationId,
      name,
      prefix: key.slice(0, VISIBLE_PREFIX_LENGTH),
      key_hash: hashKey(key),
      scopes: [...new Set(scopes)],
    });
    return { key, info };
  }

  async authenticate(key: string): Promise<Principal | null> {
    if (!key.startsWith(KEY_PREFIX) || key.length > 200) return null;
    const row = await this.repo.findActiveByHash(hashKey(key));
    if (!row) return null;
    return { organizationId: row.organization_id, keyId: row.id, scopes: new Set(row.scopes as Scope[]) };
  }
}
