import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { errors } from '../errors/catalogue.js';
import type { Capability } from '../numbers/phone-number.js';
import type { AvailableNumber, AvailableNumberQuery, CarrierName, SearchableType } from './carrier.js';
import type { CarrierAccountsService } from './carrier-accounts.service.js';
import { CarrierCallError } from './carrier-http.js';
import type { NumberHoldsRepo } from '../reservations/number-holds.repo.js';
import { locate, regionsOf } from '../numbering/geography.js';
import { SANDBOX_PLANS } from './sandbox/plans.js';
import { POSTAL_COUNTRIES, postalArea, postalAreaOfNumber } from './sandbox/postal.js';

/** A search as a client gives it (native API or a dialect), before the rules are applied. */
export interface SearchInput {
  country?: string;
  number_type?: SearchableType;
  area_code?: string;
  starts_with?: string;
  contains?: string;
  ends_with?: string;
  region?: string;
  city?: string;
  /** A US ZIP code, or a number whose postal code to search in. */
  postal_code?: string;
  /** Numbers within distance miles of this number's place. */
  near_number?: string;
  /** Numbers within distance miles of "latitude,longitude". */
  near_lat_long?: string;
  /** Miles around near_number or near_lat_long; 25 when absent. */
  distance?: number;
  /** Not searchable: no numbering data Dialtone has gives rate centers or LATAs (refused by name). */
  rate_center?: string;
  lata?: string;
  capabilities?: Capability[];
  limit?: number;
  carrier_account_id?: string | null;
  /** The surface's own names of the parameters, for its error messages. */
  names?: ParameterNames;
}

/** What a carrier sells in one country. */
export interface CountryCoverage {
  country: string;
  types: SearchableType[];
  /** A search in this country can name a region (ISO 3166-2 subdivision). */
  regions: boolean;
}

export type SearchParameter = Exclude<keyof SearchInput, 'names' | 'capabilities' | 'carrier_account_id'>;
export type ParameterNames = Partial<Record<SearchParameter, string>>;

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 1000;
export const DEFAULT_DISTANCE_MILES = 25;
export const MAX_DISTANCE_MILES = 500;

const KEYPAD: Record<string, string> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, index) =>
    [...letters].map((letter) => [letter, String(index + 2)]),
  ),
);

/**
 * A digit pattern from digits, vanity letters (CALL -> 2255) and * for any one digit, 1 to 15
 * keys (an E.164 number's most) with at least one digit or letter.
 */
export function keypadDigits(pattern: string, parameter: string): string {
  if (!/^[0-9A-Za-z*]{1,15}$/.test(pattern) || !/[0-9A-Za-z]/.test(pattern)) {
    throw errors.validation(
      `${parameter} must be 1 to 15 keys: digits, letters as on a phone keypad (e.g. CALL), or * for any one digit, with at least one digit or letter.`,
      { parameter },
    );
  }
  return [...pattern.toUpperCase()].map((key) => KEYPAD[key] ?? key).join('');
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';
const namer = (input: SearchInput) => (parameter: SearchParameter) => input.names?.[parameter] ?? parameter;
const PLACE_PARAMETERS = ['region', 'city', 'postal_code', 'near_number', 'near_lat_long'] as const;

/** The combination rules of a number search; each broken rule is a 400 naming the parameter. */
export function assertCombinable(input: SearchInput): void {
  const name = namer(input);
  const fail = (parameter: SearchParameter, detail: string) => errors.validation(detail, { parameter: name(parameter) });
  const patterns = (['starts_with', 'contains', 'ends_with'] as const).filter((p) => present(input[p]));
  if (patterns.length > 1) {
    throw fail(patterns[1]!, `Use one of ${name('starts_with')}, ${name('contains')} and ${name('ends_with')}, not ${patterns.map(name).join(' and ')}.`);
  }
  if (present(input.near_number) && present(input.near_lat_long)) {
    throw fail('near_lat_long', `Use one of ${name('near_number')} and ${name('near_lat_long')}, not both.`);
  }
  if (present(input.distance) && !present(input.near_number) && !present(input.near_lat_long)) {
    throw fail('distance', `${name('distance')} is the radius around ${name('near_number')} or ${name('near_lat_long')}; give one of them.`);
  }
  const placed = PLACE_PARAMETERS.find((p) => present(input[p]));
  if (input.number_type === 'toll_free' && placed) {
    throw fail(placed, `Toll-free numbers have no place: drop ${name(placed)}.`);
  }
}

/** Rate centers and LATAs: refused by name rather than answered with an empty list. */
function assertNoExchangeData(input: SearchInput): void {
  const name = namer(input);
  const asked = (['rate_center', 'lata'] as const).find((p) => present(input[p]));
  if (asked) {
    throw errors.validation(
      `${name(asked)} cannot be searched here: Dialtone's numbering data (libphonenumber's geocoding, GeoNames' places and US ZIP codes) ` +
        `has no rate centers or LATAs, and no maintained dataset of NANP rate centers and LATAs by NPA-NXX is published as a package ` +
        `Dialtone can ship; search by ${name('postal_code')}, ${name('region')}, ${name('city')} or ${name('near_lat_long')} instead.`,
      { parameter: name(asked) },
    );
  }
}

function normalizeCountry(country: string | undefined, parameter: string): string {
  const code = (country ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
    throw errors.validation(`${parameter} must be an ISO 3166-1 alpha-2 code with a numbering plan, e.g. US; got "${country}".`, {
      parameter,
    });
  }
  return code;
}

const NUMBER_VALUE = /^\+\d{6,15}$/;

/** The place a number given as a search value is in (Twilio's "given a phone number, search within the same ..."). */
function placeOfNumber(value: string, country: string, parameter: string) {
  const parsed = parsePhoneNumberFromString(value);
  const place = parsed?.isValid() && parsed.country === country ? locate(country, parsed.nationalNumber) : null;
  const area = parsed?.isValid() && parsed.country === country ? postalAreaOfNumber(country, parsed.nationalNumber) : null;
  if (!parsed?.isValid()) throw errors.validation(`${parameter} ${value} is not a valid phone number.`, { parameter });
  if (parsed.country !== country) {
    throw errors.validation(`${parameter} ${value} is a number of ${parsed.country ?? 'no single country'}, not of ${country}.`, { parameter });
  }
  return { place, area };
}

/**
 * Postal codes and positions: US ZIP codes only. Elsewhere the numbering data places numbers in
 * a city at most (the providers document these parameters for the US and Canada alone), and no
 * dataset of Canada's postal areas (FSAs) with their positions is published under terms that
 * let Dialtone ship it: the one npm package that carries them copies a data vendor's sample
 * file that states no licence.
 */
function needPostalData(input: SearchInput, country: string, parameter: string): void {
  if (POSTAL_COUNTRIES.includes(country)) return;
  const name = namer(input);
  const why =
    country === 'CA'
      ? `Dialtone has no data on Canada's postal areas (FSAs) and their positions, so it cannot place Canadian numbers in one`
      : `${parameter} applies to only phone numbers in the US and Canada, and Dialtone has postal geography for US ZIP codes only`;
  throw errors.validation(`${parameter} cannot be used for ${country} numbers: ${why}. Search by ${name('region')} or ${name('city')} instead.`, {
    parameter,
  });
}

function postalCodeOf(input: SearchInput, country: string): string | undefined {
  const value = input.postal_code;
  if (!value) return undefined;
  const parameter = namer(input)('postal_code');
  needPostalData(input, country, parameter);
  if (NUMBER_VALUE.test(value)) {
    const { area } = placeOfNumber(value, country, parameter);
    if (!area) throw errors.validation(`${parameter}: the numbering data does not place ${value} in a postal code.`, { parameter });
    return area.code;
  }
  if (!/^\d{5}$/.test(value)) throw errors.validation(`${parameter} must be a 5-digit US ZIP code or a phone number; got "${value}".`, { parameter });
  if (!postalArea(country, value)) throw errors.validation(`${parameter} ${value} is not a ZIP code in the postal data.`, { parameter });
  return value;
}

function nearOf(input: SearchInput, country: string): AvailableNumberQuery['near'] {
  const name = namer(input);
  if (!input.near_number && !input.near_lat_long) return undefined;
  const miles = input.distance ?? DEFAULT_DISTANCE_MILES;
  if (!Number.isFinite(miles) || miles < 0 || miles > MAX_DISTANCE_MILES) {
    throw errors.validation(`${name('distance')} must be 0 to ${MAX_DISTANCE_MILES} miles.`, { parameter: name('distance') });
  }
  if (input.near_number) {
    const parameter = name('near_number');
    needPostalData(input, country, parameter);
    const { area } = placeOfNumber(input.near_number, country, parameter);
    if (!area) throw errors.validation(`${parameter}: the numbering data has no position for ${input.near_number}.`, { parameter });
    return { latitude: area.latitude, longitude: area.longitude, miles };
  }
  const parameter = name('near_lat_long');
  needPostalData(input, country, parameter);
  const match = /^\s*(-?\d{1,3}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$/.exec(input.near_lat_long!);
  const [latitude, longitude] = match ? [Number(match[1]), Number(match[2])] : [NaN, NaN];
  if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) {
    throw errors.validation(`${parameter} must be "latitude,longitude" in degrees, e.g. 37.7749,-122.4194.`, { parameter });
  }
  return { latitude, longitude, miles };
}

/** region and city may be given as a number too: the region or city that number is in. */
function placeValue(input: SearchInput, country: string, parameter: 'region' | 'city'): string | undefined {
  const value = input[parameter];
  if (!value || !NUMBER_VALUE.test(value)) return value || undefined;
  const name = namer(input)(parameter);
  const { place } = placeOfNumber(value, country, name);
  const found = place?.[parameter];
  if (!found) throw errors.validation(`${name}: the numbering data does not place ${value} in a ${parameter}.`, { parameter: name });
  return found;
}

function toQuery(input: SearchInput): AvailableNumberQuery {
  assertCombinable(input);
  assertNoExchangeData(input);
  const name = namer(input);
  const country = normalizeCountry(input.country, name('country'));
  const areaCode = input.area_code || undefined;
  if (areaCode !== undefined) {
    const nanp = getCountryCallingCode(country as CountryCode) === '1';
    if (!(nanp ? /^[2-9]\d{2}$/ : /^\d{1,5}$/).test(areaCode)) {
      const expected = nanp ? '3 digits, not starting with 0 or 1' : '1 to 5 digits';
      throw errors.validation(`${name('area_code')} must be ${expected}.`, { parameter: name('area_code') });
    }
  }
  const regionValue = placeValue(input, country, 'region');
  const region = regionValue ? regionValue.toUpperCase().replace(new RegExp(`^${country}-`), '') : undefined;
  if (region !== undefined && !/^[A-Z0-9]{1,3}$/.test(region)) {
    throw errors.validation(`${name('region')} must be an ISO 3166-2 subdivision code, e.g. TX or US-TX.`, { parameter: name('region') });
  }
  const pattern = (parameter: 'starts_with' | 'contains' | 'ends_with') => {
    const value = input[parameter];
    return value ? keypadDigits(value, name(parameter)) : undefined;
  };
  return {
    country,
    numberType: input.number_type ?? 'local',
    areaCode,
    startsWith: pattern('starts_with'),
    contains: pattern('contains'),
    endsWith: pattern('ends_with'),
    region,
    city: placeValue(input, country, 'city'),
    postalCode: postalCodeOf(input, country),
    near: nearOf(input, country),
    capabilities: input.capabilities ?? [],
    limit: Math.min(input.limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT),
  };
}

/** What the sandbox can answer; anything else is a clear 400 rather than an empty list. */
function assertSandboxCovers(query: AvailableNumberQuery, input: SearchInput): void {
  const name = namer(input);
  const plans = SANDBOX_PLANS[query.country];
  if (!plans) {
    const stocked = Object.keys(SANDBOX_PLANS).join(', ');
    throw errors.validation(`The sandbox carrier stocks numbers in ${stocked}; not in ${query.country}.`, { parameter: name('country') });
  }
  if (!plans[query.numberType]) {
    const types = Object.keys(plans).join(', ');
    throw errors.validation(`The sandbox carrier stocks ${types} numbers in ${query.country}.`, { parameter: name('number_type') });
  }
  if (query.region && !regionsOf(query.country).has(query.region)) {
    const known = [...regionsOf(query.country)].sort().join(', ');
    throw errors.validation(
      `${name('region')} ${query.region} is not a subdivision of ${query.country} that the numbering data places numbers in; it knows ${known}.`,
      { parameter: name('region') },
    );
  }
}

/** Carriers whose own search takes a postal code and a circle (the sandbox answers from Dialtone's data). */
const POSTAL_SEARCH_CARRIERS: readonly CarrierName[] = ['sandbox', 'twilio'];

/** Searching a carrier's inventory: the rules are here, the inventory in the carrier's adapter. */
export class AvailableNumbersService {
  constructor(
    private readonly accounts: CarrierAccountsService,
    /** Numbers other organizations hold by reservation are not offered: ordering them would fail. */
    private readonly holds: Pick<NumberHoldsRepo, 'heldByOthers'>,
  ) {}

  /**
   * The countries a carrier (the organization's default, or one of its accounts) offers numbers
   * in, each with the kinds of number it offers there and whether a search there can name a
   * region: the sandbox's numbering plans. Empty for a carrier that does not tell (a search
   * there still asks the carrier).
   */
  async coverage(organizationId: string, accountId: string | null = null): Promise<CountryCoverage[]> {
    const { adapter } = await this.accounts.connect(organizationId, accountId);
    if (adapter.name !== 'sandbox') return [];
    return Object.entries(SANDBOX_PLANS).map(([country, plans]) => ({
      country,
      types: Object.keys(plans) as SearchableType[],
      // Every sandbox country's ranges are placed in their ISO 3166-2 subdivisions (sandbox/subdivisions.ts).
      regions: true,
    }));
  }

  async search(organizationId: string, input: SearchInput): Promise<AvailableNumber[]> {
    const query = toQuery(input);
    const { adapter, access } = await this.accounts.connect(organizationId, input.carrier_account_id ?? null);
    if (adapter.name === 'sandbox') assertSandboxCovers(query, input);
    if ((query.postalCode || query.near) && !POSTAL_SEARCH_CARRIERS.includes(adapter.name)) {
      const parameter = namer(input)(query.postalCode ? 'postal_code' : input.near_number ? 'near_number' : 'near_lat_long');
      throw errors.validation(`The ${adapter.name} carrier's search cannot filter by ${parameter}; search the sandbox or a Twilio account.`, { parameter });
    }
    let found: AvailableNumber[];
    try {
      found = await adapter.search(access, query);
    } catch (error) {
      throw error instanceof CarrierCallError ? error.appError : error;
    }
    const held = await this.holds.heldByOthers(organizationId, found.map((offer) => offer.number));
    return held.size ? found.filter((offer) => !held.has(offer.number)) : found;
  }
}
