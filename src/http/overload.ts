import { getHeapStatistics } from 'node:v8';
import underPressure from '@fastify/under-pressure';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.js';
import { errors } from '../errors/catalogue.js';

const MB = 1024 * 1024;

/** Unset, the heap bound sits just under V8's own limit, where garbage collection starts to thrash. */
function heapLimitBytes(maxHeapMb: number | null): number {
  if (maxHeapMb === null) return Math.floor(getHeapStatistics().heap_size_limit * 0.9);
  return maxHeapMb * MB;
}

/**
 * Sheds requests with 503 overloaded before any work when the event loop lags or memory runs
 * short, so a flood is refused at once rather than queued for seconds. The refusal is thrown
 * as a catalogue error from the onRequest hook, so the error handler of the route's own
 * surface renders it: problem+json natively, the provider's shape under a dialect. A route
 * opts out with config.pressureHandler returning undefined (the liveness probes do).
 */
export async function registerOverloadShedding(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(underPressure, {
    maxEventLoopDelay: config.maxEventLoopDelayMs,
    maxHeapUsedBytes: heapLimitBytes(config.maxHeapMb),
    maxRssBytes: config.maxRssMb * MB,
    pressureHandler: async (request, _reply, type) => {
      request.log.debug({ pressure: type }, 'request shed');
      throw errors.overloaded();
    },
  });
}
