import { randomUUID } from 'node:crypto';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { databaseUnavailableError } from '../db/db-errors.js';
import { AppError, errors, httpStatusOf, retryAfterSecondsOf } from '../errors/catalogue.js';
import { toProblem } from '../errors/problem.js';
import { fromValidationError } from './validation.js';
import { lazySchemaCompilers } from './schema-compilers.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Compiles every route schema not used yet (they compile on first use); returns how many. */
    compileSchemas(): number;
  }
}

/** Turns anything thrown in a route into a catalogue error; unknown errors are logged and hidden. */
export function toAppError(error: unknown, request: FastifyRequest): AppError {
  if (error instanceof AppError) return error;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) return fromValidationError(fastifyError);
  if (fastifyError.statusCode && fastifyError.statusCode < 500) {
    if (fastifyError.statusCode === 404) return errors.notFound('route', request.url);
    return errors.validation(fastifyError.message);
  }
  const unavailable = databaseUnavailableError(error);
  if (unavailable) {
    // Expected while the database restarts; the detail says why, without any query.
    request.log.warn({ reason: unavailable.detail }, 'database unavailable');
    return unavailable;
  }
  request.log.error({ err: error }, 'unhandled error');
  return errors.internal();
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

/** The HTTP server with what every surface shares: request ids, validation, errors, OpenAPI. */
export async function createHttpServer(logger: Logger): Promise<FastifyInstance> {
  const schemas = lazySchemaCompilers();
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    genReqId: () => `req_${randomUUID().replace(/-/g, '')}`,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 1024 * 1024,
    schemaController: { compilersFactory: { buildSerializer: schemas.buildSerializer } },
  });
  app.setValidatorCompiler(schemas.validatorCompiler);
  app.decorate('compileSchemas', schemas.compileAll);
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.setErrorHandler((error, request, reply) => renderProblem(error, request, reply));
  app.setNotFoundHandler((request, reply) => renderProblem(errors.notFound('route', `${request.method} ${request.url}`), request, reply));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: openApiInfo,
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
