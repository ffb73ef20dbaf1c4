/**
 * Every operation of SignalWire's space API, by its name within the dialect: each route of
 * relay.routes.ts names one. The stable name, in the log lines and as the operationId, is
 * `signalwire-relay.<name>` (signalwire-relay.phone_numbers.list). A new route adds its name here first.
 */
export const RELAY_OPERATIONS = [
  'phone_numbers.list',
  'phone_numbers.search',
  'phone_numbers.create',
  'phone_numbers.get',
  'phone_numbers.update',
  'phone_numbers.delete',
  'imported_phone_numbers.create',
  'e911_address.create',
  'e911_address.delete',
  'phone_number_lookup.get',
  'number_groups.list',
  'number_groups.create',
  'number_groups.get',
  'number_groups.update',
  'number_groups.delete',
  'number_group_memberships.list',
  'number_group_memberships.create',
  'number_group_memberships.get',
  'number_group_memberships.delete',
  'addresses.list',
  'addresses.create',
  'addresses.get',
  'addresses.update',
  'addresses.delete',
] as const;
