import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/catalogue.js';
import { assertCombinable, keypadDigits } from './available-numbers.service.js';

describe('search rules', () => {
  it('maps vanity letters to keypad digits', () => {
    expect(keypadDigits('CALL', 'contains')).toBe('2255');
    expect(keypadDigits('flowers', 'contains')).toBe('3569377');
    expect(keypadDigits('4U2', 'contains')).toBe('482');
    expect(keypadDigits('415***1*', 'contains')).toBe('415***1*');
    expect(keypadDigits('7', 'ends_with')).toBe('7');
    expect(keypadDigits('123456789012345', 'ends_with')).toBe('123456789012345');
    expect(() => keypadDigits('***', 'contains')).toThrow(AppError);
    expect(() => keypadDigits('1234567890123456', 'contains')).toThrow(AppError);
    expect(() => keypadDigits('55-5', 'contains')).toThrow(AppError);
  });

  it('enforces the combination rules', () => {
    expect(() => assertCombinable({ starts_with: '415', ends_with: '0000' })).toThrow(/one of starts_with/);
    // A place and digits narrow each other: a search the sandbox answers, empty where they never meet.
    expect(() => assertCombinable({ region: 'TX', area_code: '512' })).not.toThrow();
    expect(() => assertCombinable({ city: 'Austin', area_code: '512', contains: 'CALL' })).not.toThrow();
    expect(() => assertCombinable({ city: 'Austin' })).not.toThrow();
    expect(() => assertCombinable({ distance: 10 })).toThrow(/near_number or near_lat_long/);
    expect(() => assertCombinable({ near_number: '+14155550100', near_lat_long: '37,-122' })).toThrow(/not both/);
    expect(() => assertCombinable({ number_type: 'toll_free', postal_code: '94103' })).toThrow(/Toll-free/);
    expect(() => assertCombinable({ city: 'Austin', region: 'TX', ends_with: '123' })).not.toThrow();
    expect(() => assertCombinable({ region: 'TX', city: 'Austin', capabilities: ['sms'] })).not.toThrow();
    expect(() => assertCombinable({ area_code: '512', contains: 'CALL' })).not.toThrow();
    expect(() => assertCombinable({ postal_code: '94103', near_lat_long: '37.77,-122.41', distance: 5 })).not.toThrow();
  });

  it("names each surface's own parameters", () => {
    const names = { near_number: 'NearNumber', near_lat_long: 'NearLatLong' };
    const both = { near_number: '+14155550100', near_lat_long: '37,-122', names };
    expect(() => assertCombinable(both)).toThrow(/^Use one of NearNumber and NearLatLong, not both/);
    try {
      assertCombinable(both);
    } catch (error) {
      expect((error as AppError).details.parameter).toBe('NearLatLong');
    }
  });
});
