import { Ajv, type Options, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

/**
 * Two validators. Query strings, paths and headers arrive as text, so their values are
 * coerced to the schema's types (and a lone value to a one-item list). JSON bodies already
 * carry types, so they are checked as sent: "true" is not a boolean and null stays null.
 * Neither removes unknown properties: an unknown field or parameter is an error.
 */
const shared: Options = { removeAdditional: false, useDefaults: true, allErrors: false, keywords: ['example'], strict: true };

function build(options: Options): Ajv {
  const ajv = new Ajv(options);
  // ajv-formats is CommonJS: under NodeNext its plugin is the default export's default.
  const addFormats = (formats as unknown as { default: typeof formats }).default ?? formats;
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  return ajv;
}

const textual = build({ ...shared, coerceTypes: 'array' });
const json = build({ ...shared, coerceTypes: false });

/** Compiles a route's schema for one part of the request, with the validator for that part. */
export function compileValidator({ schema, httpPart }: Parameters<FastifySchemaCompiler<object>>[0]): ValidateFunction {
  return (httpPart === 'body' ? json : textual).compile(schema);
}
