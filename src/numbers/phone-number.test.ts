import { describe, expect, it } from 'vitest';
import { allowedTransitions, ASSIGNABLE_STATUSES, assertTransition, daysUntilRenewal, isDueForRenewal, STATUSES } from './phone-number.js';

describe('the number lifecycle', () => {
  it('ends at released, from which nothing leads', () => {
    expect(allowedTransitions('released')).toEqual([]);
    expect(() => assertTransition('released', 'active')).toThrow(/released is final/);
  });

  it('lets every status but a pending purchase reach released', () => {
    for (const status of STATUSES.filter((s) => s !== 'released')) {
      const reaches = allowedTransitions(status).includes('released') || allowedTransitions(status).includes('purchase_failed');
      expect(reaches, status).toBe(true);
    }
    expect(allowedTransitions('purchase_pending')).not.toContain('released');
  });

  it('passes a release through release_pending, which ends released or back where the number was', () => {
    for (const status of STATUSES.filter((s) => allowedTransitions(s).includes('released'))) {
      if (status === 'release_pending') continue;
      expect(allowedTransitions(status), status).toContain('release_pending');
      expect(allowedTransitions('release_pending'), status).toContain(status);
    }
    expect(allowedTransitions('release_pending')).toContain('released');
    expect(ASSIGNABLE_STATUSES).not.toContain('release_pending');
    expect(ASSIGNABLE_STATUSES).not.toContain('released');
  });

  it('refuses a jump and names the allowed ones', () => {
    expect(() => assertTransition('port_failed', 'active')).toThrow('allowed from port_failed: port_pending, released');
    expect(() => assertTransition('active', 'active')).not.toThrow();
  });
});

describe('renewal arithmetic', () => {
  const now = new Date('2026-11-22T12:00:00Z');
  it('counts whole days up, and is due on the date', () => {
    expect(daysUntilRenewal({ next_billing_date: new Date('2026-11-23T11:00:00Z') }, now)).toBe(1);
    expect(daysUntilRenewal({ next_billing_date: new Date('2026-12-07T12:00:00Z') }, now)).toBe(15);
    expect(daysUntilRenewal({ next_billing_date: new Date('2026-11-01T00:00:00Z') }, now)).toBe(0);
    expect(daysUntilRenewal({ next_billing_date: null }, now)).toBeNull();
    expect(isDueForRenewal({ next_billing_date: new Date('2026-11-22T12:00:00Z') }, now)).toBe(true);
    expect(isDueForRenewal({ next_billing_date: new Date('2026-11-22T12:00:01Z') }, now)).toBe(false);
  });
});
