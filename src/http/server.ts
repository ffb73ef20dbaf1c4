import { runHandlersWithCause } from './cause.js';
import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RouteOptions,
} from 'fastify';
import type { Logger } from 'pino';
import { translateDatabaseError } from '../db/db-errors.js';
import { AppError, errors, httpStatusOf, retryAfterSecondsOf } from '../errors/catalogue.js';
import { toProblem } from '../errors/problem.js';
import { checkRequestHeaders, clientRequestId } from './headers.js';
import { guardCoercedInput, guardInput } from './input-guard.js';
import { fromValidationError } from './validation.js';
import { lazySchemaCompilers } from './schema-compilers.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles every route schema not used yet (they compile on first use); returns how many. */
    compileSchemas(): number;
    /** Every route served, as registered: the fuzz suite walks them all. */
    readonly routeTable: readonly RouteOptions[];
  }
}

export const BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * One log line per request, written when it is answered, with its route, surface, caller and
 * duration (src/telemetry/request-telemetry.ts): Fastify's own "incoming request" and
 * "request completed" lines are left out. Its other lines (a response that failed to write, a
 * stream error) stay.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}
  override requestCompleted(error: Error | null, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

/**
 * The framework's own refusals (body too large, unknown content type, unreadable body or URL)
 * as catalogue errors, in Dialtone's words: no framework text reaches a client.
 */
function fromFrameworkError(error: FastifyError, request: FastifyRequest): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return errors.payloadTooLarge(BODY_LIMIT_BYTES);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return errors.unsupportedMediaType();
    case 'FST_ERR_NOT_FOUND':
      return routeNotFound(request);
    case 'FST_ERR_BAD_URL':
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return errors.validation('The request path is not valid: a segment does not decode, or is longer than any id.', { parameter: 'path' });
    default:
      return errors.validation(
        'The request body could not be read: send valid JSON (without __proto__ or constructor keys) with a matching Content-Type.',
        { pointer: '/' },
      );
  }
}

/** Turns anything thrown in a route into a catalogue error; unknown errors are logged and hidden. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return fromValidationError(fastifyError);
  if (fastifyError.statusCode && fastifyError.statusCode < 500) return fromFrameworkError(fastifyError, request);
  const translated = translateDatabaseError(error);
  if (translated) {
    // Expected while the database restarts, sheds a flood or loses a race: at debug, or a flood
    // of requests would be a flood of log lines. The pool logs a lost connection once, at warn.
    request.log.debug({ reason: translated.detail }, 'database unavailable or busy');
    return translated;
  }
  request.log.error({ err: error }, 'unhandled error');
  return errors.internal();
}

/** The answer to a path no route serves. */
export function routeNotFound(request: FastifyRequest): AppError {
  return errors.notFound('route', `${request.method} ${request.url.split('?')[0]}`);
}

/**
 * An onRequest hook: a path no route serves is answered at once, before its body is read or
 * parsed (a body is only parsed for a route, after the caller is authenticated). A page of the
 * single-page app, if one is served, goes on to the not-found handler, which answers it.
 */
function refuseUnknownRoutes(pages: PageFallback | undefined) {
  return async (request: FastifyRequest): Promise<void> => {
    if (request.is404 && !pages?.serves(request)) throw routeNotFound(request);
  };
}

/** Retry-After (seconds) on the answers to errors that pass by themselves; every surface sends it. */
export function setRetryAfter(reply: FastifyReply, error: AppError): void {
  const seconds = retryAfterSecondsOf(error.code);
  if (seconds !== undefined) reply.header('retry-after', String(seconds));
}

function renderProblem(error: unknown, request: FastifyRequest, reply: FastifyReply) {
  const appError = toAppError(error, request);
  setRetryAfter(reply, appError);
  return reply
    .code(httpStatusOf(appError.code))
    .type('application/problem+json')
    .send(toProblem(appError, request.id));
}

const openApiInfo = {
  title: 'Dialtone API',
  version: '1.0.0',
  description:
    'One inventory of phone numbers across carriers and SIP trunks. Authenticate with an API key as ' +
    '"Authorization: Bearer <key>" or "X-API-Key: <key>"; operator endpoints take DIALTONE_ADMIN_TOKEN.',
};

export interface HttpServerOptions {
  /**
   * Called with every catalogue error a route of any surface answers with, before the answer
   * is sent: the audit log records the refusals among them (src/audit/audit.hooks.ts). It
   * must not throw: the answer is the error's, whatever happens here.
   */
  onAppError?: (request: FastifyRequest, error: AppError) => Promise<void>;
  /** The OpenAPI document's webhooks section: the events Dialtone sends. */
  webhooks?: Record<string, unknown>;
  /** The single-page app's answer to the paths of its own pages, which no route serves. */
  pages?: PageFallback;
}

/** Client-side routes of a single-page app: any such path is answered with the app's page. */
export interface PageFallback {
  serves(request: FastifyRequest): boolean;
  send(request: FastifyRequest, reply: FastifyReply): FastifyReply;
}

/** The HTTP server with what every surface shares: request ids, validation, errors, OpenAPI. */
export async function createHttpServer(logger: Logger, options: HttpServerOptions = {}): Promise<FastifyInstance> {
  const schemas = lazySchemaCompilers();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: new OneLinePerRequest(),
    // A client's X-Request-Id is kept only when it is safe to log and echo (checkRequestHeaders refuses the rest).
    requestIdHeader: false,
    genReqId: (request) => clientRequestId(request) ?? `req_${randomUUID().replace(/-/g, '')}`,
    // Path parameters up to 1,000 characters reach their route, whose schema refuses them in
    // the surface's own words; longer ones, and undecodable paths, are refused before routing.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1000 },
    frameworkErrors: (error, request, reply) => renderProblem(error, request, reply),
    bodyLimit: BODY_LIMIT_BYTES,
    schemaController: { compilersFactory: { buildSerializer: schemas.buildSerializer } },
  });
  app.setValidatorCompiler(schemas.validatorCompiler);
  app.decorate('compileSchemas', schemas.compileAll);
  const routeTable: RouteOptions[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (route) => {
    routeTable.push(route);
  });
  runHandlersWithCause(app);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onRequest', checkRequestHeaders);
  app.addHook('onRequest', refuseUnknownRoutes(options.pages));
  app.addHook('preValidation', guardInput);
  app.addHook('preHandler', guardCoercedInput);
  const { onAppError } = options;
  if (onAppError) {
    // At the root, before any route: every surface's routes (the dialects' encapsulated scopes
    // included) inherit it, whichever renderer then answers.
    app.addHook('onError', async (request, _reply, error) => {
      if (error instanceof AppError) await onAppError(request, error);
    });
  }
  app.setErrorHandler((error, request, reply) => renderProblem(error, request, reply));
  const { pages } = options;
  app.setNotFoundHandler((request, reply) =>
    pages?.serves(request) ? pages.send(request, reply) : renderProblem(routeNotFound(request), request, reply),
  );

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openApiInfo,
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', description: 'An API key as a Bearer token.' },
          apiKeyHeader: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key.' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'The operator token, DIALTONE_ADMIN_TOKEN.' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
