import type { FastifyRequest } from 'fastify';
import { errors } from '../errors/catalogue.js';

/**
 * What every request's input must be before any schema, service or database sees it, on every
 * surface. A check here covers the routes that exist and the ones still to come:
 * - strings carry no NUL and no lone UTF-16 surrogate (Postgres refuses both, mid-statement);
 * - numbers are finite (JSON's 1e309 parses to Infinity);
 * - nesting and the count of values are bounded, so walking a body costs little;
 * - no key names an object's prototype machinery.
 */

/** Deeper than any document a surface takes. */
export const MAX_DEPTH = 16;
/** More values than any request a surface takes: bounds the work of the walk and of validation. */
export const MAX_VALUES = 10_000;
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

// A NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const UNSAFE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export interface InputProblem {
  /** Where it is: path segments from the root of the query, body or path parameters. */
  path: string[];
  reason: string;
}

export function unsafeTextReason(value: string): string | null {
  const match = UNSAFE_TEXT.exec(value);
  if (!match) return null;
  return match[0] === '\u0000' ? 'contains a NUL character' : 'contains an unpaired UTF-16 surrogate';
}

/** The first thing wrong with a parsed input, or null: an iterative walk, bounded in depth and size. */
export function findInputProblem(root: unknown): InputProblem | null {
  const stack: Array<{ value: unknown; path: string[] }> = [{ value: root, path: [] }];
  let seen = 0;
  while (stack.length) {
    const { value, path } = stack.pop()!;
    if (++seen > MAX_VALUES) return { path: [], reason: `holds more than ${MAX_VALUES} values` };
    if (typeof value === 'string') {
      const reason = unsafeTextReason(value);
      if (reason) return { path, reason };
    } else if (typeof value === 'number') {
      if (!Number.isFinite(value)) return { path, reason: 'is not a finite number' };
    } else if (value !== null && typeof value === 'object') {
      if (path.length >= MAX_DEPTH) return { path, reason: `is nested deeper than ${MAX_DEPTH} levels` };
      for (const key of Object.keys(value)) {
        if (FORBIDDEN_KEYS.has(key)) return { path: [...path, key], reason: 'is a name this API does not accept' };
        const keyReason = unsafeTextReason(key);
        if (keyReason) return { path, reason: `has a key that ${keyReason}` };
        stack.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
      }
    }
  }
  return null;
}

/** The body's RFC 6901 pointer to a path. */
function pointerOf(path: string[]): string {
  return `/${path.map((part) => part.replace(/~/g, '~0').replace(/\//g, '~1')).join('/')}`;
}

/** A query parameter's name as clients write it: filter[number][eq]. */
function parameterOf(path: string[]): string {
  const [head = 'query', ...rest] = path;
  return `${head}${rest.map((part) => (/^\d+$/.test(part) ? '' : `[${part}]`)).join('')}`;
}

/**
 * A preValidation hook for every route of every surface: the query, path parameters and body
 * are checked before validation; a problem is a 400 naming the parameter or body pointer.
 */
export async function guardInput(request: FastifyRequest): Promise<void> {
  guardQueryAndParams(request);
  const body = findInputProblem(request.body);
  if (body) {
    const pointer = pointerOf(body.path);
    throw errors.validation(`The body ${body.path.length ? `field "${pointer}"` : ''} ${body.reason}.`.replace('  ', ' '), {
      pointer,
    });
  }
}

/**
 * A preHandler hook: the query and path parameters again, as validation coerced them. The
 * validator turns the text "1e309" into Infinity, which passes its own integer and maximum
 * checks; no handler may see it.
 */
export async function guardCoercedInput(request: FastifyRequest): Promise<void> {
  guardQueryAndParams(request);
}

function guardQueryAndParams(request: FastifyRequest): void {
  const query = findInputProblem(request.query);
  if (query) {
    const parameter = parameterOf(query.path);
    throw errors.validation(`Query parameter "${parameter}" ${query.reason}.`, { parameter });
  }
  const params = findInputProblem(request.params);
  if (params) {
    const parameter = params.path[0] ?? 'path';
    throw errors.validation(`Path parameter "${parameter}" ${params.reason}.`, { parameter });
  }
}
