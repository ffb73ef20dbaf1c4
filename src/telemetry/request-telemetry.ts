import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { Metrics } from './metrics.js';
import type { Logger } from 'pino';
import { routeLabelCache, statusClassOf, type RequestLabels } from './request-labels.js';

/**
 * One hook for what every answered request leaves behind: one observation in the request
 * histogram and one log line. Both take their labels from the route (computed once per route),
 * so a request costs a lookup, an observe and a log call. Registered on the root before any
 * route, so every surface's routes inherit it.
 */
export function registerRequestTelemetry(app: FastifyInstance, metrics: Metrics, logger: Pick<Logger, 'isLevelEnabled'>): void {
  const labelsOf = routeLabelCache();
  // Read once: at LOG_LEVEL=warn and above a request builds no log record at all.
  const logRequests = logger.isLevelEnabled('info');
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
    const labels = labelsOf(request.routeOptions.config);
    const status = reply.statusCode;
    const durationMs = reply.elapsedTime;
    metrics.observeRequest(labels, request.method, statusClassOf(status), durationMs / 1000);
    if (logRequests) logRequest(request, labels, status, durationMs);
    done();
  });
}

/** The request's one log line: the request id and the operation are bound to request.log already. */
function logRequest(request: FastifyRequest, labels: RequestLabels, status: number, durationMs: number): void {
  const principal = request.principal;
  // The path only when no route matched: a matched one is its route's template, which holds no number.
  request.log.info(
    {
      method: request.method,
      route: labels.route,
      ...(labels.route === 'unmatched' ? { path: request.url.split('?')[0] } : {}),
      surface: labels.surface,
      status,
      durationMs: Math.round(durationMs * 100) / 100,
      ...(principal ? { organizationId: principal.organizationId, keyPrefix: principal.keyPrefix } : {}),
    },
    'request completed',
  );
}
