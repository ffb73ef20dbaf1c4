import { describe, expect, it } from 'vitest';
import { sandboxOffer } from '../carriers/sandbox/inventory.js';
import { LookupsService } from './lookups.service.js';

const lookups = new LookupsService();

describe('LookupsService', () => {
  it('places a North American number by its NPA-NXX and names its city and state', () => {
    expect(lookups.lookup('+12125551234')).toMatchObject({
      valid: true,
      country: 'US',
      line_type: 'fixed_line_or_mobile',
      number_type: 'local',
      location: { description: 'New York, NY', city: 'New York', region: 'NY' },
      time_zones: ['America/New_York'],
      original_carrier: null,
    });
  });

  it('gives the original carrier of a mobile range, and no place for it', () => {
    expect(lookups.lookup('33612345678')).toMatchObject({ country: 'FR', line_type: 'mobile', original_carrier: 'SFR', location: null });
  });

  it('a toll-free number has no place; an unassigned range is possible but not valid, with nothing more said', () => {
    expect(lookups.lookup('+18005550100')).toMatchObject({ line_type: 'toll_free', number_type: 'toll_free', location: null });
    expect(lookups.lookup('+15551234567')).toMatchObject({
      possible: true,
      valid: false,
      line_type: null,
      number_type: null,
      location: null,
      time_zones: [],
      original_carrier: null,
    });
  });

  it('refuses what no numbering plan can read, naming where it came from', () => {
    expect(() => lookups.lookup('+999123')).toThrowError(expect.objectContaining({ code: 'invalid_phone_number', details: { parameter: 'number' } }));
    expect(() => lookups.lookup('12ab', { parameter: 'e164_number' })).toThrowError(
      expect.objectContaining({ code: 'invalid_phone_number', details: { parameter: 'e164_number' } }),
    );
  });
});

describe('LookupsService: places outside North America and Brazil', () => {
  it('gives GB, DE, FR and AU numbers the region and city number search gives them', () => {
    expect(lookups.lookup('+442071838750').location).toEqual({ description: 'London', city: 'London', region: 'ENG' });
    expect(lookups.lookup('+4930123456').location).toEqual({ description: 'Berlin', city: 'Berlin', region: 'BE' });
    // The description is the data's English; the city is named as search names it, in German.
    expect(lookups.lookup('+49891234567').location).toEqual({ description: 'Munich', city: 'München', region: 'BY' });
    expect(lookups.lookup('+33144556677').location?.region).toBe('IDF');
    expect(lookups.lookup('+61731234567').location).toEqual({ description: 'Brisbane', city: 'Brisbane', region: 'QLD' });
    for (const number of ['+442071838750', '+49891234567', '+33144556677', '+61731234567', '+12125551234']) {
      const offer = sandboxOffer(number);
      expect(offer, number).not.toBeNull();
      expect(lookups.lookup(number).location, number).toMatchObject({ city: offer!.city, region: offer!.region });
    }
  });

  it('an entry naming a whole subdivision places no city', () => {
    expect(lookups.lookup('+442810123456').location).toMatchObject({ city: null, region: 'NIR' });
  });
});
