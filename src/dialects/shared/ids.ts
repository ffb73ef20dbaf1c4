import { isUuid } from '../../db/uuid.js';
import { organizationIdOfSid } from '../../orgs/orgs.service.js';

/** The id forms of the providers (prefixed hex such as PN… and phon_… over the uuid) and account names. */

/** The 32 hex digits of a uuid, the body of prefixed ids such as PN… and phon_…. */
export function uuidToHex(id: string): string {
  return id.replace(/-/g, '').toLowerCase();
}

function hexToUuid(hex: string): string | null {
  if (!/^[0-9a-f]{32}$/i.test(hex)) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** The id of a number given as prefix + 32 hex digits (or as the plain uuid); null if neither. */
export function idFromPrefixed(value: string, prefix: string): string | null {
  if (isUuid(value)) return value.toLowerCase();
  if (!value.toLowerCase().startsWith(prefix.toLowerCase())) return null;
  return hexToUuid(value.slice(prefix.length));
}

/** The organization an account names: its AC… sid, or its id (a SignalWire project id). */
export function organizationOfAccount(account: string): string | null {
  return organizationIdOfSid(account) ?? (isUuid(account) ? account.toLowerCase() : null);
}
