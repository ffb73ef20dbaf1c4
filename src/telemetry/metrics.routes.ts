import Fastify, { type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { authenticateOperator } from '../auth/auth.hooks.js';
import type { Metrics } from './metrics.js';

/** A scrape answers even when the server sheds load: that is when it is most wanted. */
const neverShed = { pressureHandler: () => undefined };

/**
 * GET /metrics on the API's own address, for the operator only (DIALTONE_ADMIN_TOKEN as a
 * Bearer token; a tenant's key is refused like any other wrong token). Outside the API: hidden
 * from the OpenAPI document.
 */
export async function metricsRoutes(app: FastifyInstance, deps: { metrics: Metrics; adminToken: string | null }) {
  app.get(
    '/metrics',
    {
      schema: { hide: true },
      config: neverShed,
      onRequest: async (request) => authenticateOperator(request, deps.adminToken),
    },
    async (_request, reply) => {
      const { contentType, body } = await deps.metrics.exposition();
      return reply.type(contentType).send(body);
    },
  );
}

export interface MetricsListener {
  /** Where it listens, as host:port. */
  readonly address: string;
  close(): Promise<void>;
}

/**
 * GET /metrics alone, without authentication, on an address of its own (METRICS_LISTEN): for a
 * Prometheus on a loopback or private network the API's clients cannot reach.
 */
export async function listenForMetrics(metrics: Metrics, at: { host: string; port: number }, logger: Logger): Promise<MetricsListener> {
  const server = Fastify({ logger: false });
  server.get('/metrics', async (_request, reply) => {
    const { contentType, body } = await metrics.exposition();
    return reply.type(contentType).send(body);
  });
  await server.listen({ host: at.host, port: at.port });
  const bound = server.server.address();
  const address = typeof bound === 'object' && bound ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}` : String(bound);
  logger.info({ address }, 'metrics served');
  return { address, close: () => server.close() };
}
