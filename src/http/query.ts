import type { preValidationAsyncHookHandler } from 'fastify';

/**
 * List parameters may be repeated (?status=a&status=b) or comma-separated (?status=a,b);
 * both arrive at validation as one array.
 */
export function splitCommaLists(names: readonly string[]): preValidationAsyncHookHandler {
  return async (request) => {
    const query = request.query as Record<string, unknown>;
    for (const name of names) {
      const value = query[name];
      if (value === undefined) continue;
      const values = Array.isArray(value) ? value : [value];
      query[name] = values.flatMap((v) => String(v).split(',')).map((v) => v.trim());
    }
  };
}
