/** Up to this share of a delay is added at random, so endpoints that failed together are not retried together. */
const JITTER = 0.1;

/**
 * Seconds until a failed delivery's next attempt, or null when it has had its last.
 * `schedule` holds the wait before each attempt (its first, 0, is the first attempt's);
 * `attemptsMade` counts the attempts so far, the failed one included. A Retry-After asking
 * for longer than the schedule is honoured, up to the schedule's longest step.
 */
export function nextAttemptDelay(
  schedule: readonly number[],
  attemptsMade: number,
  retryAfter: string | undefined,
  now: Date,
  random: () => number = Math.random,
): number | null {
  if (attemptsMade >= schedule.length) return null;
  const scheduled = schedule[attemptsMade]! * (1 + JITTER * random());
  const asked = retryAfterSeconds(retryAfter, now);
  if (asked === null || asked <= scheduled) return scheduled;
  return Math.max(scheduled, Math.min(asked, Math.max(...schedule)));
}

/** A Retry-After header in seconds: delay-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterSeconds(value: string | undefined, now: Date): number | null {
  const text = value?.trim();
  if (!text) return null;
  if (/^\d{1,10}$/.test(text)) return Number(text);
  // An HTTP date names its day and month; anything else (-5, 1.5) is not one, whatever Date.parse makes of it.
  const at = /[a-z]{3}/i.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, (at - now.getTime()) / 1000);
}
