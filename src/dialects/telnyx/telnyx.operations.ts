/**
 * Every operation of the Telnyx surface, by its name within the dialect: each route of
 * telnyx.routes.ts names one. The stable name, in the log lines and as the operationId, is
 * `telnyx.<name>` (telnyx.phone_numbers.list). A new route adds its name here first.
 */
export const TELNYX_OPERATIONS = [
  'phone_numbers.list',
  'phone_numbers.slim_list',
  'phone_numbers.get',
  'phone_numbers.update',
  'phone_numbers.delete',
  'voice_settings.list',
  'voice_settings.get',
  'voice_settings.update',
  'messaging_settings.list',
  'messaging_settings.get',
  'messaging_settings.update',
  'csv_downloads.create',
  'csv_downloads.list',
  'csv_downloads.get',
  'csv_downloads.file',
  'available_phone_numbers.list',
  'number_orders.create',
  'number_orders.list',
  'number_orders.get',
  'number_orders.update',
  'number_order_phone_numbers.list',
  'number_order_phone_numbers.get',
  'number_order_phone_numbers.update',
  'number_reservations.create',
  'number_reservations.list',
  'number_reservations.get',
  'number_reservations.extend',
  'phone_number_jobs.list',
  'phone_number_jobs.get',
  'phone_number_jobs.update_emergency_settings',
  'phone_number_jobs.delete_phone_numbers',
  'phone_number_jobs.update_phone_numbers',
] as const;
