import { describe, expect, it } from 'vitest';
import { checkAddress, isWrittenAsSuggested, knowsFormatOf, type CheckedAddress } from './address-check.js';
import { personNameOf, streetPartsOf } from './address.js';

const AUSTIN: CheckedAddress = {
  street: '600 Congress Avenue',
  street_secondary: '14th Floor',
  city: 'Austin',
  region: 'TX',
  postal_code: '78701',
  iso_country: 'US',
};

describe('checkAddress', () => {
  it('finds a well-formed US address valid and written as suggested', () => {
    const check = checkAddress(AUSTIN);
    expect(check).toMatchObject({ valid: true, problems: [] });
    expect(isWrittenAsSuggested(AUSTIN, check)).toBe(true);
  });

  it('suggests the postal form: spaces tidied, codes in upper case, a ZIP+4 with its hyphen, a Canadian code with its space', () => {
    const sloppy = { ...AUSTIN, street: ' 600   Congress Avenue ', street_secondary: '  ', region: 'tx', postal_code: '787011234', iso_country: 'us' };
    const check = checkAddress(sloppy);
    expect(check.valid).toBe(true);
    expect(check.suggested).toEqual({ ...AUSTIN, street_secondary: null, postal_code: '78701-1234' });
    expect(isWrittenAsSuggested(sloppy, check)).toBe(false);
    const ottawa = checkAddress({ street: '24 Sussex Drive', street_secondary: null, city: 'Ottawa', region: 'on', postal_code: 'k1m1m4', iso_country: 'CA' });
    expect(ottawa).toMatchObject({ valid: true, suggested: { region: 'ON', postal_code: 'K1M 1M4' } });
  });

  it('names each problem by its field: a region that is not a code, a postal code of another pattern, a missing street', () => {
    const check = checkAddress({ ...AUSTIN, street: ' ', region: 'Texas', postal_code: '7870' });
    expect(check.valid).toBe(false);
    expect(check.problems.map((problem) => problem.field)).toEqual(['street', 'postal_code', 'region']);
    expect(check.problems[2]!.detail).toContain('Texas is not a region code of US');
  });

  it('checks only the form of the countries whose format it knows', () => {
    expect(knowsFormatOf('us')).toBe(true);
    expect(knowsFormatOf('GB')).toBe(false);
    expect(knowsFormatOf('__proto__')).toBe(false);
    expect(checkAddress({ ...AUSTIN, region: 'Greater London', postal_code: 'SW1A 1AA', iso_country: 'GB' }).valid).toBe(true);
    expect(checkAddress({ ...AUSTIN, iso_country: 'USA' }).problems.map((p) => p.field)).toEqual(['iso_country']);
  });
});

describe('the parts of an address', () => {
  const none = { first_name: null, last_name: null, street_number: null, street_name: null };

  it('split a whole given elsewhere: the last word is the last name, a leading token with a digit the street number', () => {
    expect(personNameOf({ ...none, customer_name: 'Mary Ann Smith' })).toEqual({ first: 'Mary Ann', last: 'Smith' });
    expect(personNameOf({ ...none, customer_name: 'Acme' })).toEqual({ first: 'Acme', last: '' });
    expect(streetPartsOf({ ...none, street: '1640 Riverside Drive' })).toEqual({ number: '1640', name: 'Riverside Drive' });
    expect(streetPartsOf({ ...none, street: 'One Market Plaza' })).toEqual({ number: '', name: 'One Market Plaza' });
  });

  it('are shown as given when they were', () => {
    expect(personNameOf({ customer_name: 'Ludwig van Beethoven', first_name: 'Ludwig', last_name: 'van Beethoven' })).toEqual({ first: 'Ludwig', last: 'van Beethoven' });
    expect(streetPartsOf({ street: '12B Baker Street', street_number: '12B', street_name: 'Baker Street' })).toEqual({ number: '12B', name: 'Baker Street' });
  });
});
