import { describe, expect, it } from 'vitest';
import type { AvailableNumberQuery } from '../carrier.js';
import { locate } from './geography.js';
import { inventory, sandboxOffer } from './inventory.js';

const query = (shape: Partial<AvailableNumberQuery>): AvailableNumberQuery => ({
  country: 'US',
  numberType: 'local',
  capabilities: [],
  limit: 10,
  ...shape,
});

const take = (q: AvailableNumberQuery, n: number) => [...inventory(q, 2000)].slice(0, n);

describe('sandbox inventory', () => {
  it('is deterministic and does not repeat itself', () => {
    const a = take(query({ areaCode: '212' }), 50).map((o) => o.number);
    const b = take(query({ areaCode: '212' }), 50).map((o) => o.number);
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });

  it('places numbers with the numbering-plan geography', () => {
    expect(locate('US', '4155550100')).toEqual({ city: expect.any(String), region: 'CA' });
    expect(locate('GB', '2071838750')).toEqual({ city: 'London', region: null });
    expect(locate('DE', '3012345678')).toEqual({ city: 'Berlin', region: null });
    for (const offer of take(query({ country: 'BR', region: 'RJ' }), 20)) expect(offer.region).toBe('RJ');
  });

  it('finds patterns anywhere they fit, even long vanity ones', () => {
    // 8XX-FLOWERS: one number per North American toll-free code.
    const offers = take(query({ numberType: 'toll_free', contains: '3569377' }), 20);
    expect(offers.map((o) => o.number).sort()).toEqual(['800', '833', '844', '855', '866', '877', '888'].map((code) => `+1${code}3569377`));
  });

  it('gives nothing for impossible combinations rather than wrong numbers', () => {
    expect(take(query({ areaCode: '415', startsWith: '212' }), 5)).toEqual([]);
    expect(take(query({ region: 'TX', city: 'Nowhere At All' }), 5)).toEqual([]);
  });

  it('knows what it sells', () => {
    expect(sandboxOffer('+14155550100')?.city).toBeTruthy();
    const [mobile] = take(query({ country: 'GB', numberType: 'mobile' }), 1);
    expect(sandboxOffer(mobile!.number)).toEqual(mobile);
    expect(sandboxOffer('+19005550100')).toBeNull(); // premium rate: not stocked
    expect(sandboxOffer('+81312345678')).toBeNull(); // a country it does not stock
    expect(sandboxOffer('not a number')).toBeNull();
  });
});
