import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { currentCause } from '../changes/cause.js';
import type { Job } from './job.js';
import { startJobs, type Ticker } from './runner.js';

/** A ticker driven by hand: tick() fires every interval registered and not cancelled. */
function handTicker() {
  const ticks = new Set<() => void>();
  const ticker: Ticker = {
    every(_ms, tick) {
      ticks.add(tick);
      return () => ticks.delete(tick);
    },
  };
  return { ticker, tick: () => ticks.forEach((tick) => tick()), scheduled: () => ticks.size };
}

/** A logger as Dialtone's, keeping its lines as parsed objects. */
function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines };
}

/** A promise settled from outside, to hold a run under way for as long as a test needs. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

/** Lets pending promise callbacks (and the logger's write) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function job(name: string, run: Job['run']): Job {
  return { name, intervalMs: 60_000, run };
}

describe('startJobs', () => {
  it("runs each job as its own cause: what a run changes is recorded as the job's doing", async () => {
    const { ticker } = handTicker();
    const { logger } = capturingLogger();
    let seen: unknown;
    const runner = startJobs([job('test.cause', async () => ((seen = currentCause()), {}))], logger, ticker);
    await settle();
    expect(seen).toEqual({ surface: 'job', actor: { type: 'system', name: 'test.cause' } });
    expect(currentCause().surface).toBe('internal');
    await runner.stop();
  });

  it('runs each job at once, then at every tick', async () => {
    const { ticker, tick } = handTicker();
    const { logger } = capturingLogger();
    let runs = 0;
    const runner = startJobs([job('test.count', async () => ({ runs: ++runs }))], logger, ticker);
    await settle();
    expect(runs).toBe(1);
    tick();
    await settle();
    tick();
    await settle();
    expect(runs).toBe(3);
    await runner.stop();
  });

  it('starts the next run at once while a run says more work is waiting, and stops when told', async () => {
    const { ticker } = handTicker();
    const { logger } = capturingLogger();
    let runs = 0;
    const runner = startJobs([job('test.backlog', async () => ({ more: ++runs < 3 ? 1 : 0 }))], logger, ticker);
    for (let i = 0; i < 10; i++) await settle();
    expect(runs).toBe(3); // no tick was given: the second and third runs followed at once
    await runner.stop();

    let endless = 0;
    const busy = startJobs([job('test.endless', async () => ({ more: ++endless }))], logger, ticker);
    await settle();
    await busy.stop();
    const after = endless;
    for (let i = 0; i < 5; i++) await settle();
    expect(endless).toBe(after);
  });

  it('does not start a run while the previous one is still under way', async () => {
    const { ticker, tick } = handTicker();
    const { logger } = capturingLogger();
    const held = gate();
    let started = 0;
    let concurrent = 0;
    let mostConcurrent = 0;
    const slow = job('test.slow', async () => {
      started++;
      mostConcurrent = Math.max(mostConcurrent, ++concurrent);
      await held.opened;
      concurrent--;
      return {};
    });
    const runner = startJobs([slow], logger, ticker);
    tick();
    tick();
    await settle();
    expect(started).toBe(1);
    held.open();
    await settle();
    tick();
    await settle();
    expect(started).toBe(2);
    expect(mostConcurrent).toBe(1);
    await runner.stop();
  });

  it('logs a failure with the job name, and the next tick still runs', async () => {
    const { ticker, tick } = handTicker();
    const { logger, lines } = capturingLogger();
    let runs = 0;
    const flaky = job('test.flaky', async () => {
      if (++runs === 1) throw new Error('carrier unreachable');
      return { settled: 2 };
    });
    const runner = startJobs([flaky], logger, ticker);
    await settle();
    const failure = lines.find((line) => line.level === 50);
    expect(failure).toMatchObject({ job: 'test.flaky', err: { message: 'carrier unreachable' } });
    tick();
    await settle();
    expect(runs).toBe(2);
    expect(lines.at(-1)).toMatchObject({ level: 30, job: 'test.flaky', settled: 2 });
    await runner.stop();
  });

  it('tells the observer of every run, failed or not, with its duration', async () => {
    const { ticker, tick } = handTicker();
    const { logger } = capturingLogger();
    const runs: Array<[string, boolean, number]> = [];
    let count = 0;
    const flaky = job('test.observed', async () => {
      if (++count === 1) throw new Error('database down');
      return {};
    });
    const runner = startJobs([flaky], logger, ticker, { jobRun: (name, ok, seconds) => void runs.push([name, ok, seconds]) });
    await settle();
    tick();
    await settle();
    expect(runs.map(([name, ok]) => [name, ok])).toEqual([['test.observed', false], ['test.observed', true]]);
    for (const [, , seconds] of runs) expect(seconds).toBeGreaterThanOrEqual(0);
    await runner.stop();
  });

  it('logs a run’s counts only when one of them is non-zero', async () => {
    const { ticker, tick } = handTicker();
    const { logger, lines } = capturingLogger();
    let settled = 0;
    const runner = startJobs([job('test.quiet', async () => ({ settled, renewed: 0 }))], logger, ticker);
    await settle();
    expect(lines).toEqual([]);
    settled = 1;
    tick();
    await settle();
    expect(lines).toEqual([expect.objectContaining({ job: 'test.quiet', settled: 1, renewed: 0 })]);
    await runner.stop();
  });

  it('keeps one job’s failure from touching another', async () => {
    const { ticker } = handTicker();
    const { logger, lines } = capturingLogger();
    const runner = startJobs(
      [job('test.broken', async () => Promise.reject(new Error('down'))), job('test.fine', async () => ({ done: 1 }))],
      logger,
      ticker,
    );
    await settle();
    expect(lines.map((line) => [line.job, line.level])).toEqual(expect.arrayContaining([['test.broken', 50], ['test.fine', 30]]));
    await runner.stop();
  });

  it('stop waits for the run under way and cancels the ticks', async () => {
    const { ticker, tick, scheduled } = handTicker();
    const { logger } = capturingLogger();
    const held = gate();
    let finished = false;
    let runs = 0;
    const slow = job('test.slow', async () => {
      runs++;
      await held.opened;
      finished = true;
      return {};
    });
    const runner = startJobs([slow], logger, ticker);
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await settle();
    expect(scheduled()).toBe(0);
    expect(stopped).toBe(false);
    held.open();
    await stopping;
    expect(finished).toBe(true);
    tick();
    await settle();
    expect(runs).toBe(1);
  });
});
