/**
 * Every operation of the Butter AI surface, by its name within the dialect: each route of
 * butter.routes.ts names one. The stable name, in the log lines and as the operationId, is
 * `butter.<name>` (butter.phone_numbers.list). A new route adds its name here first.
 */
export const BUTTER_OPERATIONS = [
  'phone_numbers.list',
  'phone_numbers.get',
  'phone_numbers.import',
  'phone_numbers.delete',
  'agents.assign_phone_number',
] as const;
