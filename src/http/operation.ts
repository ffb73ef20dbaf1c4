import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { adminSecurity, authenticateKey, authenticateOperator, keySecurity } from '../auth/auth.hooks.js';
import type { Scope } from '../auth/scopes.js';
import type { ApiKeysService } from '../auth/api-keys.service.js';
import type { Services } from '../services.js';
import type { CursorSigner } from '../cursors/cursor-signer.js';
import type { OperationName } from './operation-names.js';
import { splitCommaLists } from './query.js';

/**
 * A native operation, declared once: its name, route, access, documentation, schemas and
 * handler. registerOperations derives everything else from the declaration (operationId,
 * OpenAPI security, authentication before the body is read, the name in the log lines).
 */

/** Who may call an operation: an API key holding every one of the scopes, or the operator token. */
export type Access = { readonly scopes: readonly Scope[] } | 'operator';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The native operation a route serves; the native hook authenticates by its access. */
    operation?: { name: OperationName; access: Access };
  }
}

/** What a handler may call: the services (and the cursor signer of lists), nothing of HTTP. */
export type OperationDeps = Services & { cursors: CursorSigner };

export interface OperationSchemas {
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  response: Record<number, TSchema>;
}

type StaticOf<T> = T extends TSchema ? Static<T> : unknown;
type SuccessStatus = 200 | 201 | 202 | 204;
type SuccessBody<S extends OperationSchemas> = {
  [K in keyof S['response'] & SuccessStatus]: StaticOf<S['response'][K]>;
}[keyof S['response'] & SuccessStatus];

export type OperationRequest<S extends OperationSchemas> = FastifyRequest<{
  Params: StaticOf<S['params']>;
  Querystring: StaticOf<S['querystring']>;
  Body: StaticOf<S['body']>;
}>;

/** An answer other than 200 with the body alone: another status, or headers (Location, Idempotent-Replayed). */
export class Answer<T> {
  constructor(
    readonly status: SuccessStatus,
    readonly body: T,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

export function answer<T>(status: SuccessStatus, body: T, headers?: Record<string, string>): Answer<T> {
  return new Answer(status, body, headers);
}

export interface OperationDeclaration<S extends OperationSchemas> {
  name: OperationName;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path, with :parameters as Fastify writes them. */
  path: string;
  access: Access;
  summary: string;
  description?: string;
  tags: string[];
  schema: S;
  /** List query parameters that may also arrive comma-separated (?status=a,b). */
  commaSeparated?: readonly string[];
  handler: (request: OperationRequest<S>, deps: OperationDeps) => Promise<SuccessBody<S> | Answer<SuccessBody<S>>>;
}

/** A declaration with its schema types erased, as the registration handles every one alike. */
export type Operation = Omit<OperationDeclaration<OperationSchemas>, 'handler'> & {
  handler: (request: FastifyRequest, deps: OperationDeps) => Promise<unknown>;
};

export function defineOperation<const S extends OperationSchemas>(declaration: OperationDeclaration<S>): Operation {
  // The handler's request type follows from the schemas, which Fastify validates before it runs.
  return declaration as unknown as Operation;
}

type Security = Array<Record<string, string[]>>;

export function securityOf(access: Access): Security {
  return access === 'operator' ? adminSecurity : keySecurity(access.scopes);
}

function routeOf(operation: Operation, deps: OperationDeps): RouteOptions {
  const { name, method, path, access, summary, description, tags, schema, commaSeparated } = operation;
  return {
    method,
    url: path,
    config: { operation: { name, access } },
    schema: { operationId: name, summary, ...(description ? { description } : {}), tags, security: securityOf(access), ...schema },
    ...(commaSeparated ? { preValidation: splitCommaLists(commaSeparated) } : {}),
    handler: async (request: FastifyRequest, reply: FastifyReply) => {
      const result = await operation.handler(request, deps);
      if (!(result instanceof Answer)) return result;
      return reply.code(result.status).headers(result.headers).send(result.body);
    },
  };
}

/**
 * The one native hook, before the body is read or validated: binds the operation's name into
 * the request's log lines, then authenticates the caller by the operation's access.
 */
function operationHook(keys: ApiKeysService, adminToken: string | null) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const operation = request.routeOptions.config.operation;
    if (!operation) return;
    request.log = reply.log = request.log.child({ operation: operation.name });
    if (operation.access === 'operator') authenticateOperator(request, adminToken);
    else await authenticateKey(request, keys, operation.access.scopes);
  };
}

/**
 * Serves the native operations in a scope of their own, so their hook never runs for the
 * dialects' routes (which authenticate their own way).
 */
export async function registerOperations(
  app: FastifyInstance,
  operations: readonly Operation[],
  deps: OperationDeps,
  adminToken: string | null,
): Promise<void> {
  await app.register(async (scope) => {
    scope.addHook('onRequest', operationHook(deps.keys, adminToken));
    for (const operation of operations) scope.route(routeOf(operation, deps));
  });
}
