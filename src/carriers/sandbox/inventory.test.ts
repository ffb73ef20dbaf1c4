import { describe, expect, it } from 'vitest';
import type { AvailableNumberQuery } from '../carrier.js';
import { locate } from '../../numbering/geography.js';
import { inventory, sandboxOffer } from './inventory.js';
import { milesBetween } from './postal.js';

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
    expect(locate('GB', '2071838750')).toEqual({ city: 'London', region: 'ENG' });
    expect(locate('DE', '3012345678')).toEqual({ city: 'Berlin', region: 'BE' });
    expect(locate('AU', '731234567')).toEqual({ city: 'Brisbane', region: 'QLD' });
    for (const offer of take(query({ country: 'BR', region: 'RJ' }), 20)) expect(offer.region).toBe('RJ');
  });

  it('finds patterns anywhere they fit, even long vanity ones', () => {
    // 8XX-FLOWERS: one number per North American toll-free code.
    const offers = take(query({ numberType: 'toll_free', contains: '3569377' }), 20);
    expect(offers.map((o) => o.number).sort()).toEqual(['800', '833', '844', '855', '866', '877', '888'].map((code) => `+1${code}3569377`));
  });

  it('places US numbers in a ZIP code, the same one every time', () => {
    const offers = take(query({ postalCode: '94103' }), 10);
    expect(offers).toHaveLength(10);
    for (const offer of offers) {
      expect(offer).toMatchObject({ postal_code: '94103', region: 'CA', city: 'San Francisco', latitude: 37.7725, longitude: -122.4147 });
      expect(sandboxOffer(offer.number)?.postal_code).toBe('94103');
    }
    const [anywhere] = take(query({ areaCode: '212' }), 1);
    expect(anywhere!.postal_code).toMatch(/^1\d{4}$/);
    expect(take(query({ country: 'GB' }), 1)[0]).toMatchObject({ postal_code: null, latitude: null, longitude: null });
  });

  it('finds numbers within a distance of a point', () => {
    const centre = { latitude: 30.2672, longitude: -97.7431, miles: 15 }; // Austin, TX
    const offers = take(query({ near: centre }), 20);
    expect(offers).toHaveLength(20);
    for (const offer of offers) expect(milesBetween(centre, { latitude: offer.latitude!, longitude: offer.longitude! })).toBeLessThanOrEqual(15);
  });

  it('reads * in a pattern as any one digit', () => {
    const offers = take(query({ contains: '415***1*' }), 10);
    expect(offers).toHaveLength(10);
    for (const offer of offers) expect(offer.number.slice(2)).toMatch(/415\d{3}1\d/);
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
