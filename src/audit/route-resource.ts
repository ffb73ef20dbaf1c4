/**
 * The resource a route names, read from its path template: its last parameter that follows a
 * collection's segment (/v1/phone-numbers/:id, /v2/number_orders/:number_order_id,
 * /Accounts/:AccountSid/IncomingPhoneNumbers/:Sid), the kind named by that collection. The
 * id is kept as the request gave it: a provider surface's own id form (PN…, a Telnyx number).
 */
const KIND_OF_COLLECTION = new Map<string, string>([
  ['phone-numbers', 'phone_number'],
  ['phone_numbers', 'phone_number'],
  ['IncomingPhoneNumbers', 'phone_number'],
  ['number-orders', 'number_order'],
  ['number_orders', 'number_order'],
  ['csv_downloads', 'csv_download'],
  ['carrier-accounts', 'carrier_account'],
  ['organizations', 'organization'],
  ['api-keys', 'api_key'],
  ['Accounts', 'account'],
  ['agents', 'agent'],
  ['addresses', 'address'],
  ['Addresses', 'address'],
  ['number-groups', 'number_group'],
  ['number_groups', 'number_group'],
  ['number-group-memberships', 'number_group_membership'],
  ['number_group_memberships', 'number_group_membership'],
]);

/** Longer than any id of any surface; what is longer is cut, not refused (the route refused it already). */
const MAX_ID_LENGTH = 200;

export function resourceOfRoute(template: string, params: unknown): { type: string; id: string } | null {
  const values = (params ?? {}) as Record<string, unknown>;
  const segments = template.split('/');
  let resource: { type: string; id: string } | null = null;
  for (let i = 1; i < segments.length; i++) {
    const name = /^:(\w+)/.exec(segments[i]!)?.[1];
    const kind = KIND_OF_COLLECTION.get(segments[i - 1]!);
    const value = name === undefined ? undefined : values[name];
    if (kind && typeof value === 'string' && value !== '') resource = { type: kind, id: value.slice(0, MAX_ID_LENGTH) };
  }
  return resource;
}
