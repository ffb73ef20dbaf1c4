/**
 * Every operation of the native API, by its stable name: the OpenAPI operationId, the
 * `operation` field of the request's log lines, and the name of the one file that declares it
 * (src/<capability>/operations/<name>.ts). A new operation adds its name here first.
 */
export const OPERATION_NAMES = [
  'orgs.create',
  'orgs.get',
  'orgs.list',
  'api_keys.create',
  'api_keys.list',
  'api_keys.revoke',
  'numbers.list',
  'numbers.export',
  'numbers.lookup',
  'numbers.get',
  'numbers.import',
  'numbers.update',
  'numbers.release',
  'routing.lookup',
  'available_numbers.search',
  'carrier_accounts.create',
  'carrier_accounts.list',
  'carrier_accounts.get',
  'carrier_accounts.delete',
  'number_orders.create',
  'number_orders.list',
  'number_orders.get',
  'billing_records.list',
  'events.list',
  'events.get',
  'audit_log.list',
  'audit_log.export',
  'audit_log.list_all',
  'audit_log.export_all',
  'webhook_endpoints.create',
  'webhook_endpoints.list',
  'webhook_endpoints.get',
  'webhook_endpoints.update',
  'webhook_endpoints.delete',
  'webhook_endpoints.rotate_secret',
  'webhook_endpoints.send_test',
  'webhook_endpoints.recover',
  'webhook_deliveries.list',
  'webhook_deliveries.list_for_event',
  'events.redeliver',
] as const;

export type OperationName = (typeof OPERATION_NAMES)[number];
