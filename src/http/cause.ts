import type { FastifyInstance, FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { withCause, type Actor, type Cause } from '../changes/cause.js';
import { idempotencyKeyOf } from './headers.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The surface a route belongs to: a provider's name for a dialect's routes; native otherwise. */
    surface?: string;
  }
}

/** Who is calling, as authentication left it on the request. */
function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  if (principal) return { type: 'api_key', id: principal.keyId, prefix: principal.keyPrefix };
  if (request.routeOptions.config.operation?.access === 'operator') return { type: 'operator' };
  return { type: 'anonymous' };
}

/** The cause of the changes a request makes: its surface, caller, ids and client. */
export function causeOf(request: FastifyRequest): Cause {
  const userAgent = request.headers['user-agent'];
  return {
    surface: request.routeOptions.config.surface ?? 'native',
    actor: actorOf(request),
    requestId: request.id,
    idempotencyKey: idempotencyKeyOf(request),
    clientIp: request.ip,
    userAgent: typeof userAgent === 'string' ? userAgent.slice(0, 512) : undefined,
  };
}

/**
 * Runs every route's handler with its request's cause (src/changes/cause.ts), so whatever the
 * handler changes, through whichever service, is recorded as this request's doing. An onRoute
 * hook on the root: it wraps the handlers of every surface, the dialects' included.
 */
export function runHandlersWithCause(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const handler = route.handler as (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) => unknown;
    route.handler = function (this: FastifyInstance, request: FastifyRequest, reply: FastifyReply) {
      return withCause(causeOf(request), () => handler.call(this, request, reply));
    } as RouteHandlerMethod;
  });
}
