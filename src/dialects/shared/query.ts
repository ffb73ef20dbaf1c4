import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { errors } from '../../errors/catalogue.js';
import { FORBIDDEN_KEYS } from '../../http/input-guard.js';

/** Query and form values as providers' clients write them. */

/** filter[voice.connection_name][contains] is three deep: room to spare, nothing more. */
const MAX_QUERY_DEPTH = 4;

/** The segments of a deepObject key: filter[a][b] → filter, a, b; a plain key is one segment. */
function segmentsOf(key: string): string[] {
  const path = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  return path ? [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [key];
}

/**
 * Folds deepObject query keys (filter[number_type][eq]=local) into nested null-prototype
 * objects so a schema can validate them; a repeated key keeps its last value. Keys that name
 * prototype machinery, or nest deeper than any documented parameter, are refused.
 */
function nestQuery(query: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = Object.create(null);
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    const parts = segmentsOf(key);
    if (parts.length > MAX_QUERY_DEPTH || parts.some((part) => FORBIDDEN_KEYS.has(part))) {
      throw errors.validation(`Unknown query parameter "${key}".`, { parameter: key });
    }
    let node = nested;
    for (const part of parts.slice(0, -1)) {
      const child = node[part];
      node = typeof child === 'object' && child !== null ? (child as Record<string, unknown>) : (node[part] = Object.create(null));
    }
    node[parts.at(-1)!] = value;
  }
  return nested;
}

/** A boolean as form bodies carry it ("true"/"false") or as JSON does. */
export const FormBoolean = (description: string) =>
  Type.Union([Type.Boolean(), Type.Enum(['true', 'false'], { type: 'string' })], { description });

export function asBoolean(value: boolean | string | undefined): boolean | undefined {
  return value === undefined ? undefined : value === true || value === 'true';
}

/** A preValidation hook: deepObject query keys nested before the schema sees them. */
export async function nestDeepObjects(request: FastifyRequest): Promise<void> {
  request.query = nestQuery(request.query as Record<string, unknown>);
}
