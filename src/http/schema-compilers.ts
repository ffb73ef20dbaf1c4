import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { ValidateFunction } from 'ajv';
import type { FastifySchemaCompiler, FastifyServerOptions } from 'fastify';
import { compileValidator } from './validators.js';

type SerializerFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer'];

/**
 * Fastify compiles every route's validators and serializers when the server starts: with the
 * native API and five dialects, most of a start. These compilers put each compile off to the
 * first request that needs it, so a route pays it once, in milliseconds, and the server
 * answers sooner. compileAll() compiles whatever is still waiting: a test calls it to prove
 * that every schema compiles, an error that would otherwise wait for its route's first use.
 */
export interface SchemaCompilers {
  validatorCompiler: FastifySchemaCompiler<object>;
  buildSerializer: NonNullable<SerializerFactory>;
  /** Compiles every schema not compiled yet; throws the first compile error. Returns how many. */
  compileAll(): number;
}

export function lazySchemaCompilers(): SchemaCompilers {
  const waiting = new Set<() => unknown>();
  const lazily = <F>(compile: () => F): (() => F) => {
    let compiled: F | undefined;
    const get = () => {
      if (compiled === undefined) {
        compiled = compile();
        waiting.delete(get);
      }
      return compiled;
    };
    waiting.add(get);
    return get;
  };

  const validatorCompiler: FastifySchemaCompiler<object> = (route) => {
    const compiled = lazily(() => compileValidator(route));
    return lazyValidator(compiled) as ReturnType<FastifySchemaCompiler<object>>;
  };
  const buildSerializer: SchemaCompilers['buildSerializer'] = (externalSchemas, options) => {
    // Fastify's own serializer compiler (fast-json-stringify), deferred.
    const compile = SerializerSelector()(externalSchemas, options);
    return (route) => {
      const compiled = lazily(() => compile(route));
      return (payload: unknown) => compiled()(payload);
    };
  };
  const compileAll = () => {
    const count = waiting.size;
    for (const get of [...waiting]) get();
    return count;
  };
  return { validatorCompiler, buildSerializer, compileAll };
}

/**
 * Stands in for an Ajv validate function. Fastify reads `schemaEnv` before a call (present, it
 * passes the parent object so Ajv may coerce the value in place) and `errors` after a false
 * result, so both are read from the compiled function.
 */
function lazyValidator(compiled: () => ValidateFunction) {
  const validate = (data: unknown, context?: Parameters<ValidateFunction>[1]) => compiled()(data, context);
  return Object.defineProperties(validate, {
    schemaEnv: { get: () => compiled().schemaEnv },
    errors: { get: () => compiled().errors },
  });
}
