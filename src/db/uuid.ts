/**
 * Whether a value is a uuid, the form of every id in the database. Looked at before a value
 * reaches a uuid column: Postgres would refuse anything else with an error, where the caller
 * means "no such record".
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
