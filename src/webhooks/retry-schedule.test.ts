import { describe, expect, it } from 'vitest';
import { nextAttemptDelay, retryAfterSeconds } from './retry-schedule.js';

const SCHEDULE = [0, 5, 300, 36_000];
const now = new Date('2026-03-01T12:00:00Z');
const noJitter = () => 0;
const fullJitter = () => 0.999_999;

describe('retry schedule', () => {
  it('waits each step after a failure, and gives up after the last attempt', () => {
    expect(nextAttemptDelay(SCHEDULE, 1, undefined, now, noJitter)).toBe(5);
    expect(nextAttemptDelay(SCHEDULE, 2, undefined, now, noJitter)).toBe(300);
    expect(nextAttemptDelay(SCHEDULE, 3, undefined, now, noJitter)).toBe(36_000);
    expect(nextAttemptDelay(SCHEDULE, 4, undefined, now, noJitter)).toBeNull();
  });

  it('adds up to a tenth of the step at random', () => {
    const delay = nextAttemptDelay(SCHEDULE, 2, undefined, now, fullJitter)!;
    expect(delay).toBeGreaterThan(329);
    expect(delay).toBeLessThan(330);
  });

  it('honours a longer Retry-After, in seconds or as a date, up to the longest step', () => {
    expect(nextAttemptDelay(SCHEDULE, 1, '120', now, noJitter)).toBe(120);
    expect(nextAttemptDelay(SCHEDULE, 1, 'Sun, 01 Mar 2026 12:10:00 GMT', now, noJitter)).toBe(600);
    expect(nextAttemptDelay(SCHEDULE, 1, '999999', now, noJitter)).toBe(36_000);
    // Shorter than the schedule asks, or unreadable: the schedule stands.
    expect(nextAttemptDelay(SCHEDULE, 2, '1', now, noJitter)).toBe(300);
    expect(nextAttemptDelay(SCHEDULE, 2, 'soon', now, noJitter)).toBe(300);
  });

  it('reads Retry-After values', () => {
    expect(retryAfterSeconds(' 30 ', now)).toBe(30);
    expect(retryAfterSeconds('Sun, 01 Mar 2026 11:00:00 GMT', now)).toBe(0);
    expect(retryAfterSeconds('-5', now)).toBeNull();
    expect(retryAfterSeconds(undefined, now)).toBeNull();
  });
});
