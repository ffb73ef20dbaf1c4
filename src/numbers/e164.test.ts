import { describe, expect, it } from 'vitest';
import { AppError } from '../errors/catalogue.js';
import { parsePhoneNumber } from './e164.js';

describe('parsePhoneNumber', () => {
  it.each([
    ['+1 (415) 555-2671', undefined, '+14155552671', 'US', 'local'],
    ['0044 20 7183 8750', undefined, '+442071838750', 'GB', 'local'],
    ['07400 123456', 'GB', '+447400123456', 'GB', 'mobile'],
    ['+1 800 555 0199', undefined, '+18005550199', 'US', 'toll_free'],
    ['030 123456', 'DE', '+4930123456', 'DE', 'local'],
    ['+55 11 91234-5678', undefined, '+5511912345678', 'BR', 'mobile'],
  ])('reads %s (country %s) as %s', (input, country, number, expectedCountry, type) => {
    expect(parsePhoneNumber(input, country)).toMatchObject({ number, country: expectedCountry, number_type: type });
  });

  it.each(['', 'abc', '+1 555 123', '415 555 2671', '+44 20', '+1415555267199999'])('rejects %j with a reason', (input) => {
    try {
      parsePhoneNumber(input);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('invalid_phone_number');
      expect((error as AppError).details.pointer).toBe('/number');
    }
  });
});
