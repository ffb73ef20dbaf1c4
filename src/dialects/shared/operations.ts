import type { Scope } from '../../auth/scopes.js';
import type { Dialect } from '../dialect.js';

/** Naming a dialect's routes: each declares one operation from its dialect's closed list. */

/** The stable name of a dialect's operation: `telnyx.phone_numbers.list`, in its log lines and as its operationId. */
export function dialectOperationName(dialect: Pick<Dialect, 'name'>, operation: string): string {
  return `${dialect.name}.${operation}`;
}

/**
 * The config of a dialect route: the operation it serves, which must be in the dialect's list
 * (a typo fails to compile), and the scopes it needs.
 */
export function routeConfigs<const Name extends string>(_operations: readonly Name[]) {
  return (operation: Name, ...scopes: Scope[]) => ({ dialectOperation: operation, scopes });
}
