import { describe, expect, it } from 'vitest';
import { placeKey } from './place-name.js';

describe('placeKey', () => {
  it('meets the spellings people type of one place', () => {
    expect(placeKey('Saint-Étienne')).toBe(placeKey('saint etienne'));
    expect(placeKey('Frankfurt am Main')).toBe('frankfurt am main');
    expect(placeKey('  Île-de-France ')).toBe('ile de france');
  });

  it('spells ß as ss, as German does without it', () => {
    expect(placeKey('Gießen')).toBe(placeKey('Giessen'));
    expect(placeKey('Gießen')).toBe('giessen');
  });

  it('keeps names apart that differ in more than case, accents or punctuation', () => {
    expect(placeKey('Münster')).not.toBe(placeKey('Munich'));
  });
});
