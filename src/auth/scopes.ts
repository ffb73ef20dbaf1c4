/** What an API key may do. Routes declare the scopes they need; the OpenAPI document shows them. */
export const SCOPES = [
  'phone_numbers:read',
  'phone_numbers:write',
  'phone_numbers:purchase',
  'phone_numbers:release',
  'events:read',
  'audit:read',
  'webhooks:read',
  'webhooks:write',
  'addresses:read',
  'addresses:write',
] as const;
export type Scope = (typeof SCOPES)[number];
