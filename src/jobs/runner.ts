import type { Logger } from 'pino';
import { withCause } from '../changes/cause.js';
import type { Job } from './job.js';

/** What schedules the ticks: real intervals in the server, a hand-driven clock in tests. */
export interface Ticker {
  /** Calls tick every ms until the returned cancel is called. */
  every(ms: number, tick: () => void): () => void;
}

export const intervalTicker: Ticker = {
  every(ms, tick) {
    const timer = setInterval(tick, ms);
    timer.unref(); // the jobs never keep the process alive on their own
    return () => clearInterval(timer);
  },
};

/** Told of every run: how long it took and whether it failed (src/telemetry/metrics.ts). */
export interface JobObserver {
  jobRun(job: string, ok: boolean, seconds: number): void;
}

export interface JobRunner {
  /** Stops the ticks and waits for the runs under way, so the database is never closed beneath one. */
  stop(): Promise<void>;
}

/** Starts each job: once now, then at every tick of its interval. */
export function startJobs(jobs: readonly Job[], logger: Logger, ticker: Ticker = intervalTicker, observer?: JobObserver): JobRunner {
  const started = jobs.map((job) => startJob(job, logger, ticker, observer));
  return {
    stop: async () => {
      await Promise.all(started.map((one) => one.stop()));
    },
  };
}

function startJob(job: Job, logger: Logger, ticker: Ticker, observer?: JobObserver): JobRunner {
  let current: Promise<void> | null = null;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return; // a slow run is not overlapped by the next tick
    current = runOnce(job, logger, observer).then((more) => {
      current = null;
      // Work was left when the run's budget ran out: the next run starts now (once I/O had its
      // turn), not at the next tick.
      if (more) setImmediate(tick);
    });
  };
  tick();
  const cancel = ticker.every(job.intervalMs, tick);
  return {
    stop: async () => {
      stopped = true;
      cancel();
      await current;
    },
  };
}

/**
 * One run, whose changes are recorded as the job's doing; a failure is logged, never thrown,
 * so the next tick tries again. True when the run says more work is waiting.
 */
async function runOnce(job: Job, logger: Logger, observer?: JobObserver): Promise<boolean> {
  const started = performance.now();
  const observe = (ok: boolean) => observer?.jobRun(job.name, ok, (performance.now() - started) / 1000);
  try {
    const counts = await withCause({ surface: 'job', actor: { type: 'system', name: job.name } }, () => job.run());
    observe(true);
    if (Object.values(counts).some((count) => count !== 0)) logger.info({ job: job.name, ...counts }, 'job done');
    return (counts.more ?? 0) > 0;
  } catch (error) {
    observe(false);
    logger.error({ err: error, job: job.name }, 'job failed; retried at the next interval');
    return false;
  }
}
