import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { readMigrations } from '../db/migrate.js';
import { checkReadiness } from '../db/readiness.js';
import type { Database } from '../db/schema.js';

/** Long enough for a healthy database under load, short enough for an orchestrator's probe. */
const READINESS_TIMEOUT_MS = 2000;
const RETRY_AFTER_SECONDS = '5';

/** A probe answers even when the server sheds load (under-pressure reads this per route). */
const neverShed = { pressureHandler: () => undefined };

/**
 * Probes for orchestrators, outside the API: never behind authentication, hidden from the
 * OpenAPI document. /livez says the process answers (no I/O; /healthz is its older name);
 * /readyz says requests can be served: the database answers and holds every migration.
 */
export async function probesRoutes(app: FastifyInstance, deps: { db: Kysely<Database> }) {
  const expected = readMigrations().map((migration) => migration.version);
  const live = async () => ({ status: 'ok' });
  app.get('/livez', { schema: { hide: true }, config: neverShed }, live);
  app.get('/healthz', { schema: { hide: true }, config: neverShed }, live);
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const readiness = await checkReadiness(deps.db, expected, READINESS_TIMEOUT_MS);
    if (readiness.ready) return { status: 'ready' };
    request.log.warn({ reason: readiness.reason }, 'not ready');
    return reply.code(503).header('retry-after', RETRY_AFTER_SECONDS).send({ status: 'unavailable', reason: readiness.reason });
  });
}
