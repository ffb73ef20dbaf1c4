import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/catalogue.js';
import { assertCombinable, keypadDigits } from './available-numbers.service.js';

describe('search rules', () => {
  it('maps vanity letters to keypad digits', () => {
    expect(keypadDigits('CALL', 'contains')).toBe('2255');
    expect(keypadDigits('flowers', 'contains')).toBe('3569377');
    expect(keypadDigits('4U2', 'contains')).toBe('482');
    expect(() => keypadDigits('AB', 'contains')).toThrow(AppError);
    expect(() => keypadDigits('12345678', 'contains')).toThrow(AppError);
  });

  it('enforces the combination rules', () => {
    expect(() => assertCombinable({ starts_with: '415', ends_with: '0000' })).toThrow(/one of starts_with/);
    expect(() => assertCombinable({ region: 'TX', area_code: '512' })).toThrow(/area_code/);
    expect(() => assertCombinable({ city: 'Austin' })).toThrow(/region/);
    expect(() => assertCombinable({ city: 'Austin', region: 'TX', ends_with: '123' })).toThrow(/ends_with/);
    expect(() => assertCombinable({ region: 'TX', city: 'Austin', capabilities: ['sms'] })).not.toThrow();
    expect(() => assertCombinable({ area_code: '512', contains: 'CALL' })).not.toThrow();
  });
});
