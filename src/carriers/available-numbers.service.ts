import { getCountryCallingCode, isSupportedCountry, type CountryCode } from 'libphonenumber-js/max';
import { errors } from '../errors/catalogue.js';
import type { Capability } from '../numbers/phone-number.js';
import type { AvailableNumber, AvailableNumberQuery, SearchableType } from './carrier.js';
import type { CarrierAccountsService } from './carrier-accounts.service.js';
import { CarrierCallError } from './carrier-http.js';
import { COUNTRIES_WITH_REGIONS, SANDBOX_PLANS } from './sandbox/plans.js';

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
  capabilities?: Capability[];
  limit?: number;
  carrier_account_id?: string | null;
}

export const DEFAULT_SEARCH_LIMIT = 50;
export const MAX_SEARCH_LIMIT = 100;

const KEYPAD: Record<string, string> = Object.fromEntries(
  ['ABC', 'DEF', 'GHI', 'JKL', 'MNO', 'PQRS', 'TUV', 'WXYZ'].flatMap((letters, index) =>
    [...letters].map((letter) => [letter, String(index + 2)]),
  ),
);

/** A digit pattern from digits or vanity letters (CALL -> 2255), 3 to 7 keys long. */
export function keypadDigits(pattern: string, parameter: string): string {
  if (!/^[0-9A-Za-z]{3,7}$/.test(pattern)) {
    throw errors.validation(`${parameter} must be 3 to 7 digits or letters (letters as on a phone keypad, e.g. CALL).`, {
      parameter,
    });
  }
  return [...pattern.toUpperCase()].map((key) => KEYPAD[key] ?? key).join('');
}

const present = (value: unknown) => value !== undefined && value !== null && value !== '';

/** The combination rules of a number search; each broken rule is a 400 naming the parameter. */
export function assertCombinable(input: SearchInput): void {
  const patterns = (['starts_with', 'contains', 'ends_with'] as const).filter((name) => present(input[name]));
  if (patterns.length > 1) {
    throw errors.validation(`Use one of starts_with, contains and ends_with, not ${patterns.join(' and ')}.`, {
      parameter: patterns[1],
    });
  }
  if (present(input.region) && present(input.area_code)) {
    throw errors.validation('region cannot be combined with area_code.', { parameter: 'region' });
  }
  if (present(input.city)) {
    if (!present(input.region)) throw errors.validation('city must be used together with region.', { parameter: 'city' });
    const clash = (['area_code', ...patterns] as const).find((name) => present(input[name]));
    if (clash) throw errors.validation(`city cannot be combined with ${clash}.`, { parameter: 'city' });
  }
  if (input.number_type === 'toll_free' && (present(input.region) || present(input.city))) {
    throw errors.validation('Toll-free numbers have no region or city: drop region and city.', { parameter: 'region' });
  }
}

function normalizeCountry(country: string | undefined): string {
  const code = (country ?? 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(code) || !isSupportedCountry(code)) {
    throw errors.validation(`country must be an ISO 3166-1 alpha-2 code with a numbering plan, e.g. US; got "${country}".`, {
      parameter: 'country',
    });
  }
  return code;
}

function toQuery(input: SearchInput): AvailableNumberQuery {
  assertCombinable(input);
  const country = normalizeCountry(input.country);
  const areaCode = input.area_code || undefined;
  if (areaCode !== undefined) {
    const nanp = getCountryCallingCode(country as CountryCode) === '1';
    if (!(nanp ? /^[2-9]\d{2}$/ : /^\d{1,5}$/).test(areaCode)) {
      const expected = nanp ? '3 digits, not starting with 0 or 1' : '1 to 5 digits';
      throw errors.validation(`area_code must be ${expected}.`, { parameter: 'area_code' });
    }
  }
  const region = input.region ? input.region.toUpperCase().replace(new RegExp(`^${country}-`), '') : undefined;
  if (region !== undefined && !/^[A-Z0-9]{1,3}$/.test(region)) {
    throw errors.validation('region must be an ISO 3166-2 subdivision code, e.g. TX or US-TX.', { parameter: 'region' });
  }
  return {
    country,
    numberType: input.number_type ?? 'local',
    areaCode,
    startsWith: input.starts_with ? keypadDigits(input.starts_with, 'starts_with') : undefined,
    contains: input.contains ? keypadDigits(input.contains, 'contains') : undefined,
    endsWith: input.ends_with ? keypadDigits(input.ends_with, 'ends_with') : undefined,
    region,
    city: input.city || undefined,
    capabilities: input.capabilities ?? [],
    limit: Math.min(input.limit ?? DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT),
  };
}

/** What the sandbox can answer; anything else is a clear 400 rather than an empty list. */
function assertSandboxCovers(query: AvailableNumberQuery): void {
  const plans = SANDBOX_PLANS[query.country];
  if (!plans) {
    const stocked = Object.keys(SANDBOX_PLANS).join(', ');
    throw errors.validation(`The sandbox carrier stocks numbers in ${stocked}; not in ${query.country}.`, { parameter: 'country' });
  }
  if (!plans[query.numberType]) {
    const types = Object.keys(plans).join(', ');
    throw errors.validation(`The sandbox carrier stocks ${types} numbers in ${query.country}.`, { parameter: 'number_type' });
  }
  if (query.region && !COUNTRIES_WITH_REGIONS.includes(query.country)) {
    throw errors.validation(
      `Region search needs subdivision data, which the numbering-plan data has for ${COUNTRIES_WITH_REGIONS.join(', ')} only; ` +
        'search by area_code instead.',
      { parameter: 'region' },
    );
  }
}

/** Searching a carrier's inventory: the rules are here, the inventory in the carrier's adapter. */
export class AvailableNumbersService {
  constructor(private readonly accounts: CarrierAccountsService) {}

  /**
   * The countries the organization's default carrier offers numbers in, each with the kinds of
   * number it offers there: the sandbox's numbering plans. Empty for a carrier that does not
   * tell (a search there still asks the carrier).
   */
  async coverage(organizationId: string): Promise<Array<{ country: string; types: SearchableType[] }>> {
    const { adapter } = await this.accounts.connect(organizationId, null);
    if (adapter.name !== 'sandbox') return [];
    return Object.entries(SANDBOX_PLANS).map(([country, plans]) => ({ country, types: Object.keys(plans) as SearchableType[] }));
  }

  async search(organizationId: string, input: SearchInput): Promise<AvailableNumber[]> {
    const query = toQuery(input);
    const { adapter, access } = await this.accounts.connect(organizationId, input.carrier_account_id ?? null);
    if (adapter.name === 'sandbox') assertSandboxCovers(query);
    try {
      return await adapter.search(access, query);
    } catch (error) {
      throw error instanceof CarrierCallError ? error.appError : error;
    }
  }
}
