import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { errors } from '../errors/catalogue.js';
import type { ApiKeysService, Principal } from './api-keys.service.js';
import type { Scope } from './scopes.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The key a native request carries: "Authorization: Bearer <key>" or "X-API-Key: <key>". */
export function keyFromHeaders(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice(7).trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' ? apiKey.trim() : undefined;
}

export function assertScopes(principal: Principal, scopes: readonly Scope[]): void {
  if (!scopes.every((scope) => principal.scopes.has(scope))) throw errors.insufficientScope(scopes);
}

/** Resolves the caller's key and checks the operation's scopes; the request then runs as that key's principal. */
export async function authenticateKey(request: FastifyRequest, keys: ApiKeysService, scopes: readonly Scope[]): Promise<void> {
  const key = keyFromHeaders(request);
  const principal = key ? await keys.authenticate(key) : null;
  if (!principal) throw errors.unauthenticated();
  // Known before the scope check, so a refusal for a missing scope is recorded as this key's.
  request.principal = principal;
  assertScopes(principal, scopes);
}

/** The principal a request authenticated by authenticateKey runs as. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw errors.unauthenticated();
  return request.principal;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Operator endpoints: the DIALTONE_ADMIN_TOKEN as a Bearer token; off when none is set. */
export function authenticateOperator(request: FastifyRequest, adminToken: string | null): void {
  if (!adminToken) throw errors.adminDisabled();
  const header = request.headers.authorization;
  const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : '';
  if (!sameSecret(token, adminToken)) {
    throw errors.unauthenticated('Operator endpoints need "Authorization: Bearer <DIALTONE_ADMIN_TOKEN>".');
  }
}

type Security = Array<Record<string, string[]>>;
export const keySecurity = (scopes: readonly Scope[]): Security => [{ bearerAuth: [...scopes] }, { apiKeyHeader: [...scopes] }];
export const adminSecurity: Security = [{ adminToken: [] }];
