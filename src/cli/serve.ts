import type { FastifyInstance } from 'fastify';
import { SCOPES } from '../auth/scopes.js';
import { buildHttp, openDialtone, type Dialtone } from '../app.js';
import { withCause, type Cause } from '../changes/cause.js';
import { loadConfig } from '../config/config.js';
import { backgroundJobs } from '../jobs/registry.js';
import { intervalTicker, startJobs, type JobRunner } from '../jobs/runner.js';
import type { Job } from '../jobs/job.js';
import type { BacklogSource } from '../telemetry/metrics.js';
import { listenForMetrics, type MetricsListener } from '../telemetry/metrics.routes.js';

/** Dialtone itself, starting the server: the demo organization and key are recorded as its doing. */
const DEMO_CAUSE: Cause = { surface: 'cli', actor: { type: 'system', name: 'demo' } };

/** On an empty database, a demo organization and key, so the first request works at once. */
async function createDemoKey(dialtone: Dialtone, baseUrl: string): Promise<void> {
  if (!dialtone.config.demo || (await dialtone.services.orgs.count()) > 0) return;
  const { org, key } = await withCause(DEMO_CAUSE, async () => {
    const org = await dialtone.services.orgs.create('Demo');
    return { org, ...(await dialtone.services.keys.create(org.id, 'demo', SCOPES)) };
  });
  process.stdout.write(
    [
      '',
      'This database was empty, so Dialtone created a demo organization and an API key for it:',
      `  organization: ${org.id}`,
      `  api key:      ${key}`,
      'It is shown once. Try it:',
      `  curl -H 'Authorization: Bearer ${key}' ${baseUrl}/v1/phone-numbers`,
      `API reference: ${baseUrl}/docs   (set DIALTONE_DEMO=false to skip this)`,
      '',
    ].join('\n') + '\n',
  );
}

export async function serve(options: { port?: string; host?: string }): Promise<void> {
  const config = loadConfig(process.env, {
    ...(options.port ? { port: Number(options.port) } : {}),
    ...(options.host ? { host: options.host } : {}),
  });
  const dialtone = await openDialtone(config);
  const app = await buildHttp(dialtone);
  const address = await app.listen({ port: config.port, host: config.host });
  const baseUrl = address.replace('[::1]', 'localhost');
  await createDemoKey(dialtone, baseUrl);
  const metricsListener = config.metricsListen ? await listenForMetrics(dialtone.metrics, config.metricsListen, dialtone.logger) : null;
  const jobs = startBackgroundJobs(dialtone);
  dialtone.logger.info({ address, database: dialtone.database.driver }, 'Dialtone is serving');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    dialtone.logger.info({ signal }, 'shutting down');
    await shutDown(dialtone, app, jobs, metricsListener);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** The background jobs, each run timed in the metrics and each backlog read at every scrape. */
function startBackgroundJobs(dialtone: Dialtone): JobRunner {
  const jobs = backgroundJobs(dialtone.services);
  dialtone.metrics.watchBacklogs(jobs.filter((job): job is Job & BacklogSource => job.backlog !== undefined));
  return startJobs(jobs, dialtone.logger, intervalTicker, dialtone.metrics);
}

const DATABASE_CLOSE_MS = 5_000;

/** Whether work settled (either way) within ms. */
async function settlesWithin(work: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = work.then(() => true as const, () => true as const);
  try {
    return await Promise.race([settled, late]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Stops accepting connections, lets requests in flight and the background job runs under
 * way finish, then closes the database. Bounded by the grace period: past it, the connections
 * still open are cut, so a stuck request cannot hold the process up forever.
 */
async function shutDown(dialtone: Dialtone, app: FastifyInstance, jobs: JobRunner, metrics: MetricsListener | null): Promise<void> {
  const graceMs = dialtone.config.shutdownGraceMs;
  if (!(await settlesWithin(Promise.all([app.close(), jobs.stop(), metrics?.close()]), graceMs))) {
    dialtone.logger.warn({ graceMs }, 'requests still in flight after the grace period; closing anyway');
    app.server.closeAllConnections();
  }
  // A request cut off above may still hold a pooled connection, which closing would wait for.
  if (!(await settlesWithin(dialtone.close(), DATABASE_CLOSE_MS))) {
    dialtone.logger.warn('the database did not close in time; exiting anyway');
  }
}
