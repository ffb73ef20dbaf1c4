import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';

/** Query and form values as providers' clients write them. */

/**
 * Folds deepObject query keys (filter[number_type][eq]=local) into nested objects so a
 * schema can validate them; a repeated key keeps its last value.
 */
function nestQuery(query: Record<string, unknown>): Record<string, unknown> {
  const nested: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(query)) {
    const value = Array.isArray(raw) ? raw.at(-1) : raw;
    const path = key.match(/^([^[\]]+)((?:\[[^[\]]*\])*)$/);
    const parts = path ? [path[1]!, ...[...path[2]!.matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1]!)] : [key];
    let node = nested;
    parts.slice(0, -1).forEach((part) => {
      if (typeof node[part] !== 'object' || node[part] === null) node[part] = {};
      node = node[part] as Record<string, unknown>;
    });
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
