import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { assertScopes } from '../../auth/auth.hooks.js';
import { AppError, type ErrorDetails } from '../../errors/catalogue.js';
import { parseForm } from '../../http/form.js';
import { routeNotFound, setRetryAfter, toAppError } from '../../http/server.js';
import type { Dialect, DialectServices } from '../dialect.js';
import { dialectOperationName } from './operations.js';

/** Mounting a dialect: its own body parsing, authentication and error rendering. */

/** The same error with the parameter or pointer renamed for a dialect (e.g. filter[status]). */
export function withDetails(error: AppError, details: ErrorDetails): AppError {
  return new AppError(error.code, error.title, error.detail, { ...error.details, ...details });
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
}

/**
 * The query parameter a validation failure is about, named the way clients write it:
 * filter[number_type][eq] rather than the native layer's top-level "filter".
 */
function queryParameterOf(error: unknown): string | undefined {
  const failure = error as { validation?: ValidationIssue[]; validationContext?: string };
  const issue = failure.validation?.[0];
  if (!issue || failure.validationContext !== 'querystring') return undefined;
  const parts = issue.instancePath.split('/').filter(Boolean);
  if (issue.keyword === 'additionalProperties') parts.push(String(issue.params.additionalProperty));
  if (issue.keyword === 'required') parts.push(String(issue.params.missingProperty));
  const [head, ...rest] = parts;
  return head === undefined ? undefined : `${head}${rest.map((part) => `[${part}]`).join('')}`;
}

/**
 * toAppError, keeping the full name of a nested query parameter. A path segment that cannot be
 * what its route serves (/v2/phone_numbers/slim before that route exists, an id of another
 * form) names nothing: the provider's 404 for an unknown path, not a 400 about a malformed id.
 */
function dialectError(error: unknown, request: FastifyRequest): AppError {
  if ((error as { validationContext?: string }).validationContext === 'params') return routeNotFound(request);
  const appError = toAppError(error, request);
  const parameter = queryParameterOf(error);
  return parameter ? withDetails(appError, { parameter }) : appError;
}

/** The dialect's rendering of an error, with the Retry-After every surface sends for it. */
function send(reply: FastifyReply, error: AppError, rendered: { status: number; body: unknown }) {
  setRetryAfter(reply, error);
  if (rendered.body === undefined) return reply.code(rendered.status).send();
  return reply.code(rendered.status).type('application/json; charset=utf-8').send(JSON.stringify(rendered.body));
}

/**
 * Marks a dialect route as the dialect's and names it by its operation: the name goes into the
 * OpenAPI operationId (the dialects' routes are hidden from the document today) and, per request,
 * into the log lines. A route without a name from the dialect's list is a programming error,
 * refused at startup rather than served anonymously.
 */
function nameRoute(dialect: Dialect, route: RouteOptions): void {
  const operation = route.config?.dialectOperation;
  if (!operation || !dialect.operations.includes(operation)) {
    throw new Error(`${dialect.name}: ${String(route.method)} ${route.url} names no operation of the dialect's list (config.dialectOperation).`);
  }
  route.config = { ...route.config, surface: dialect.name };
  route.schema = { ...route.schema, operationId: dialectOperationName(dialect, operation) };
}

/**
 * Mounts a dialect under one prefix as an encapsulated plugin: its own form parser, its own
 * authentication and scope check per route (before validation, so an anonymous caller learns
 * nothing about parameters), its own error and not-found rendering, and each route's
 * operation name in the log lines of its requests.
 */
export async function mountDialect(app: FastifyInstance, dialect: Dialect, services: DialectServices, prefix: string) {
  await app.register(
    async (scope) => {
      scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
        try {
          done(null, parseForm(String(body)));
        } catch (error) {
          done(error as Error, undefined);
        }
      });
      scope.setErrorHandler((error, request, reply) => {
        const appError = dialectError(error, request);
        return send(reply, appError, dialect.renderError(appError, request));
      });
      scope.setNotFoundHandler((request, reply) => {
        const notFound = routeNotFound(request);
        return send(reply, notFound, dialect.renderError(notFound, request));
      });
      scope.addHook('onRoute', (route) => nameRoute(dialect, route));
      scope.addHook('onRequest', async (request, reply) => {
        const { scopes, dialectOperation } = request.routeOptions.config;
        if (dialectOperation) {
          request.log = reply.log = request.log.child({ operation: dialectOperationName(dialect, dialectOperation) });
        }
        if (!scopes) return;
        const principal = await dialect.authenticate(request, services);
        // Known before the scope check, so a refusal for a missing scope is recorded as this key's.
        request.principal = principal;
        assertScopes(principal, scopes);
      });
      await dialect.register(scope, services);
    },
    { prefix },
  );
}
