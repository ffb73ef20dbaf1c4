import { describe, expect, it } from 'vitest';
import { numberSearch } from './number-search.js';

describe('numberSearch', () => {
  it.each([
    ['020 4386 6669', ['GB'], '02043866669', ['+442043866669']],
    ['030 6907880', ['DE'], '0306907880', ['+49306907880']],
    ['030/6907880', ['DE'], '0306907880', ['+49306907880']],
    ['(415) 555-2671', ['US'], '4155552671', ['+14155552671']],
    ['+44 20 4386 6669', [], '442043866669', ['+442043866669']],
    ['0044 20 4386 6669', ['DE'], '00442043866669', ['+442043866669']],
  ])('reads %s (countries %j) as its digits and the number it is', (text, countries, digits, numbers) => {
    expect(numberSearch(text, countries)).toMatchObject({ text, digits, numbers });
  });

  it('reads a national form in each country searched in; without one, by the digits after its trunk 0', () => {
    expect(numberSearch('030 6907880', ['GB', 'DE']).numbers).toContain('+49306907880');
    expect(numberSearch('020 4386 6669')).toEqual({ text: '020 4386 6669', digits: '02043866669', significant: '2043866669' });
    expect(numberSearch('030/6907880').significant).toBe('306907880');
  });

  it('reads no trunk 0 in an international form, 00, or a short fragment', () => {
    expect(numberSearch('+44 20 4386 6669').significant).toBeUndefined();
    expect(numberSearch('0044 20 4386 6669').significant).toBeUndefined();
    expect(numberSearch('0123').significant).toBeUndefined();
  });

  it('keeps the digits of a partial or invalid number, for a match inside numbers', () => {
    expect(numberSearch('2010-123', ['US'])).toEqual({ text: '2010-123', digits: '2010123' });
    expect(numberSearch(' 555 ')).toEqual({ text: '555', digits: '555' });
  });

  it('reads a text that is not written as a number as text alone', () => {
    expect(numberSearch('Support line 2', ['GB'])).toEqual({ text: 'Support line 2' });
    expect(numberSearch('3f1c2a9e-1111-4222-8333-444455556666')).toEqual({ text: '3f1c2a9e-1111-4222-8333-444455556666' });
    expect(numberSearch('+-()')).toEqual({ text: '+-()' });
    expect(numberSearch('1'.repeat(40), ['US'])).toEqual({ text: '1'.repeat(40) });
  });
});
