/**
 * A piece of background work: run every intervalMs (and once at start) by the runner.
 * run() returns what it did as named counts, which the runner logs when any is non-zero. A
 * run that stops at its own limit with work still waiting returns `more: 1`: the runner starts
 * the next run at once instead of at the next tick (still one run at a time).
 */
export interface Job {
  /** Names the job in logs: `<capability>.<work>`. */
  readonly name: string;
  readonly intervalMs: number;
  run(): Promise<Readonly<Record<string, number>>>;
  /** The work waiting for the job, in one cheap query: read at each metrics scrape. */
  backlog?(): Promise<Backlog>;
}

/** Items due for a job, and when the oldest of them came due (null when none waits). */
export interface Backlog {
  items: number;
  oldest: Date | null;
}

/** The housekeeping jobs run every minute: often enough that a crash's leftovers settle soon. */
export const EVERY_MINUTE_MS = 60_000;
