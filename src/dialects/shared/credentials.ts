import type { FastifyRequest } from 'fastify';
import { errors } from '../../errors/catalogue.js';
import type { DialectServices } from '../dialect.js';
import { organizationOfAccount } from './ids.js';

/** The credentials providers' clients send: Bearer tokens and HTTP Basic pairs. */

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header || !/^bearer /i.test(header)) return undefined;
  return header.slice(7).trim() || undefined;
}

export function basicCredentials(request: FastifyRequest): { username: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (!header || !/^basic /i.test(header)) return undefined;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * The principal of an API key presented with the account it belongs to (a Twilio account sid,
 * a SignalWire project id, Butter's organization id): a key of another account authenticates
 * nothing. Otherwise the unauthenticated error in the dialect's own words.
 */
export async function principalOfAccountKey(services: DialectServices, account: string | undefined, key: string | undefined, detail: string) {
  const organizationId = account ? organizationOfAccount(account) : null;
  const principal = key && organizationId ? await services.keys.authenticate(key) : null;
  if (!principal || principal.organizationId !== organizationId) throw errors.unauthenticated(detail);
  return principal;
}

/** The principal of an API key, or the unauthenticated error in the dialect's own words. */
export async function principalOfKey(services: DialectServices, key: string | undefined, detail: string) {
  const principal = key ? await services.keys.authenticate(key) : null;
  if (!principal) throw errors.unauthenticated(detail);
  return principal;
}
