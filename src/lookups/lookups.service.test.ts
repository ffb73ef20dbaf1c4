import { describe, expect, it } from 'vitest';
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
