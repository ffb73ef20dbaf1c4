import { readFileSync } from 'node:fs';
import { placeKey } from './place-name.js';

/**
 * The first-level subdivision (ISO 3166-2, without the country) of the places the numbering
 * data names in countries whose entries give the place alone (GB, DE, FR, AU). Two sources:
 *
 * - the numbering plan itself where an area code lies wholly in one subdivision (028 is
 *   Northern Ireland, 07 Queensland, 01 Île-de-France), and, in Australia, which states each
 *   area code serves at all;
 * - GeoNames' gazetteer (CC BY 4.0), reduced for these countries to ./gazetteer/<country>.json
 *   by scripts/write-gazetteer.ts: every place of more than 1,000 people, or seat of an
 *   administrative division, by the subdivision it lies in.
 *
 * A place takes the subdivision of the gazetteer's places of that name when they all lie in
 * one subdivision (the area code's, in Australia); a name the gazetteer lacks, or has in two
 * subdivisions, leaves the region unknown rather than guessed.
 */

/** Countries whose regions come from here; North America and Brazil name theirs in the numbering data. */
export const GAZETTEER_COUNTRIES: readonly string[] = ['GB', 'DE', 'FR', 'AU'];

/** Where each country's gazetteer file is; the same place from src/ and from the built dist/. */
export const GAZETTEER_DIR = new URL('../../src/numbering/gazetteer/', import.meta.url);

/** A country's gazetteer file: names as placeKey gives them. */
export interface GazetteerFile {
  attribution: string;
  /** A first-level division's name -> its ISO 3166-2 code. */
  subdivisions: Record<string, string>;
  /** ISO 3166-2 code -> the names of the places in that subdivision. */
  places: Record<string, string[]>;
}

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

interface Gazetteer {
  /** Place name key -> the subdivisions places of that name lie in. */
  places: Map<string, Set<string>>;
  /** Subdivision name key -> its code, for entries that name a whole subdivision. */
  subdivisions: Map<string, string>;
  /** What subdivisionOf found for an area and names, as it is asked the same of many ranges. */
  decided: Map<string, Subdivision | null>;
}

function readGazetteer(country: string): Gazetteer {
  const file = JSON.parse(readFileSync(new URL(`${country}.json`, GAZETTEER_DIR), 'utf8')) as GazetteerFile;
  const places = new Map<string, Set<string>>();
  for (const [region, names] of Object.entries(file.places)) {
    for (const name of names) {
      const regions = places.get(name);
      if (regions) regions.add(region);
      else places.set(name, new Set([region]));
    }
  }
  return { places, subdivisions: new Map(Object.entries(file.subdivisions)), decided: new Map() };
}

const gazetteers = new Map<string, Gazetteer>();

/** A country's gazetteer, read with the first of its numbers that needs it, not at every start of the server. */
function gazetteerOf(country: string): Gazetteer | undefined {
  if (!GAZETTEER_COUNTRIES.includes(country)) return undefined;
  let gazetteer = gazetteers.get(country);
  if (!gazetteer) {
    gazetteer = readGazetteer(country);
    gazetteers.set(country, gazetteer);
  }
  return gazetteer;
}

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
  return [...new Set(forms.map(placeKey).filter(Boolean))];
}

export interface Subdivision {
  region: string;
  /** Whether the entry names the subdivision itself rather than a place in it. */
  whole: boolean;
}

function decide(gazetteer: Gazetteer, country: string, allowed: readonly string[] | undefined, names: readonly string[]): Subdivision | null {
  for (const name of names) {
    // An entry named as a subdivision is the whole of it, unless a place has that name too (Hamburg, Bremen; Wales, a village in England).
    const region = gazetteer.subdivisions.get(placeKey(name));
    if (region && !gazetteer.places.has(placeKey(name))) return { region, whole: true };
  }
  if (allowed?.length === 1) return { region: allowed[0]!, whole: false };
  for (const form of names.flatMap((name) => nameForms(country, name))) {
    const regions = [...(gazetteer.places.get(form) ?? [])].filter((region) => !allowed || allowed.includes(region));
    if (regions.length === 1) return { region: regions[0]!, whole: false };
    if (regions.length > 1) return null;
  }
  return null;
}

/**
 * The subdivision of a numbering-data entry: the prefix it covers and its place name in each
 * language the data has. Null where the plan and the gazetteer do not tell it for certain.
 */
export function subdivisionOf(country: string, prefix: string, names: readonly string[]): Subdivision | null {
  const gazetteer = gazetteerOf(country);
  if (!gazetteer) return null;
  const allowed = areaSubdivisions(country, prefix);
  // Decided once per name and area: Australia's 61,000 entries name some 2,000 places.
  const key = `${allowed?.join(' ') ?? ''}|${names.join('|')}`;
  let found = gazetteer.decided.get(key);
  if (found === undefined) {
    found = decide(gazetteer, country, allowed, names);
    gazetteer.decided.set(key, found);
  }
  return found;
}
