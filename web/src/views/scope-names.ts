import type { Scope } from '../api/client';

/**
 * What each scope lets a key do, for the operator choosing a new key's scopes. A Record over the
 * API's own scope type: a scope the API adds fails to compile here until it is described.
 */
export const SCOPE_DESCRIPTIONS: Record<Scope, string> = {
  'phone_numbers:read': 'List and read numbers, lookups and bulk jobs; export numbers',
  'phone_numbers:write': 'Import numbers, change them, run bulk changes',
  'phone_numbers:purchase': 'Buy and reserve numbers',
  'phone_numbers:release': 'Release numbers',
  'events:read': 'Read the events of changes',
  'audit:read': 'Read and export the audit log',
  'webhooks:read': 'See webhook endpoints and their deliveries',
  'webhooks:write': 'Create, change, test and delete webhook endpoints',
  'addresses:read': 'Read addresses',
  'addresses:write': 'Create, change and delete addresses',
};

export const SCOPES = Object.keys(SCOPE_DESCRIPTIONS) as Scope[];
