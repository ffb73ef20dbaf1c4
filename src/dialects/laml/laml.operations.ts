/**
 * Every operation of the LaML surfaces (Twilio's and SignalWire's, which share laml.routes.ts),
 * by its name within the dialect. The stable name, in the log lines and as the operationId, is
 * the dialect's name before it: `twilio.incoming_phone_numbers.update`,
 * `signalwire-laml.incoming_phone_numbers.update`. A path with and without ".json" is one
 * operation. A new route adds its name here first.
 */
export const LAML_OPERATIONS = [
  'incoming_phone_numbers.list',
  'incoming_phone_numbers.create',
  'incoming_phone_numbers_local.list',
  'incoming_phone_numbers_local.create',
  'incoming_phone_numbers_mobile.list',
  'incoming_phone_numbers_mobile.create',
  'incoming_phone_numbers_toll_free.list',
  'incoming_phone_numbers_toll_free.create',
  'incoming_phone_numbers.get',
  'incoming_phone_numbers.update',
  'incoming_phone_numbers.delete',
  'imported_phone_numbers.create',
  'available_phone_numbers.list',
  'available_phone_number_countries.list',
  'available_phone_number_countries.get',
  'addresses.list',
  'addresses.create',
  'addresses.get',
  'addresses.update',
  'addresses.delete',
  'dependent_phone_numbers.list',
] as const;
