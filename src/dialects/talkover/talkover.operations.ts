/**
 * Every operation of the Talkover surface, by its name within the dialect: each route of
 * talkover.routes.ts names one. The stable name, in the log lines and as the operationId, is
 * `talkover.<name>` (talkover.phone_numbers.list). A new route adds its name here first.
 */
export const TALKOVER_OPERATIONS = ['phone_numbers.list', 'phone_numbers.get', 'agents.update_calling'] as const;
