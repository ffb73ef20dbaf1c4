import { describe, expect, it } from 'vitest';
import { addMonths, periodEnd } from './billing-period.js';

describe('billing periods', () => {
  it('adds calendar months in UTC, keeping the time of day', () => {
    expect(addMonths(new Date('2026-01-15T10:30:00Z'), 1).toISOString()).toBe('2026-02-15T10:30:00.000Z');
    expect(addMonths(new Date('2026-12-15T00:00:00Z'), 1).toISOString()).toBe('2027-01-15T00:00:00.000Z');
  });

  it('clamps to the end of shorter months and comes back to the anchor day', () => {
    const bought = new Date('2026-01-31T12:00:00Z');
    const february = periodEnd(bought, bought);
    expect(february.toISOString()).toBe('2026-02-28T12:00:00.000Z');
    expect(periodEnd(february, bought).toISOString()).toBe('2026-03-31T12:00:00.000Z');
  });
});
