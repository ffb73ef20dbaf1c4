import { Type, type Static } from 'typebox';
import { E164, ListOf, Money, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { CAPABILITIES, NUMBER_TYPES } from '../numbers/phone-number.js';
import { CARRIER_NAMES, SEARCHABLE_TYPES, type AvailableNumber } from './carrier.js';
import type { CarrierAccountInfo, NewCarrierAccountInput } from './carrier-accounts.service.js';
import type { CountryCoverage, SearchInput } from './available-numbers.service.js';

/** The native /v1 shapes of carrier accounts and of the available-numbers search. */

const CarrierName = StringEnum(CARRIER_NAMES, { description: 'The carrier.', example: 'telnyx' });
const Capability = StringEnum(CAPABILITIES, { description: 'A capability.', example: 'sms' });
const Pattern = (description: string, example: string) =>
  Type.String({
    minLength: 1,
    maxLength: 20,
    description: `${description} 1 to 15 keys: digits, letters as on a phone keypad, or * for any one digit.`,
    example,
  });

export const SEARCH_LIST_PARAMETERS = ['capabilities'] as const;

export const SearchQuerySchema = Type.Object(
  {
    country: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country. Defaults to US.', example: 'US' })),
    number_type: Type.Optional(StringEnum(SEARCHABLE_TYPES, { description: 'The type of number. Defaults to local.', example: 'local' })),
    area_code: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,5}$', description: 'Leading digits of the national number (the area code in North America). Not with region.', example: '415' }),
    ),
    starts_with: Type.Optional(Pattern('The national number starts with this. Not with contains, ends_with or city.', '415')),
    contains: Type.Optional(Pattern('The national number contains this. Not with starts_with, ends_with or city.', 'CALL')),
    ends_with: Type.Optional(Pattern('The national number ends with this. Not with starts_with, contains or city.', '0000')),
    region: Type.Optional(
      Type.String({ minLength: 1, maxLength: 6, description: 'ISO 3166-2 subdivision, e.g. TX or US-TX, SCT in GB, BY in DE. Not with area_code.', example: 'TX' }),
    ),
    city: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'A city (with region to tell apart cities of one name); no area_code or digit pattern.', example: 'Austin' }),
    ),
    postal_code: Type.Optional(
      Type.String({ minLength: 1, maxLength: 16, description: 'A US ZIP code the numbers must be in, or a number whose ZIP code to search in.', example: '94103' }),
    ),
    near_number: Type.Optional(
      Type.String({ pattern: '^\\+[0-9]{6,15}$', description: 'Numbers within distance miles of the place of this number (E.164, US).', example: '+14155550100' }),
    ),
    near_lat_long: Type.Optional(
      Type.String({ minLength: 3, maxLength: 40, description: 'Numbers within distance miles of this point, "latitude,longitude" (US).', example: '37.7749,-122.4194' }),
    ),
    distance: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 500, description: 'Radius in miles around near_number or near_lat_long. Defaults to 25.', example: 10 }),
    ),
    capabilities: Type.Optional(ListOf(Capability, 'Capabilities every result must have.')),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'At most this many results.', example: 20 })),
    carrier_account_id: Type.Optional(Uuid('Search this carrier account; the built-in sandbox when absent.')),
  },
  { additionalProperties: false },
);

export const AvailableNumberSchema = Type.Object({
  object: Type.Literal('available_phone_number', { description: 'Always available_phone_number.' }),
  number: E164,
  national_format: Type.String({ description: 'As dialled within the country.', example: '(415) 555-2671' }),
  international_format: Type.String({ description: 'As dialled from abroad.', example: '+1 415 555 2671' }),
  country: Type.String({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' }),
  number_type: StringEnum(NUMBER_TYPES, { description: 'The type of number.', example: 'local' }),
  region: Nullable(Type.String({ description: 'ISO 3166-2 subdivision (without the country), where known.', example: 'CA' })),
  city: Nullable(Type.String({ description: 'The place the number serves, from the numbering plan.', example: 'San Francisco' })),
  postal_code: Nullable(Type.String({ description: 'The postal code (US ZIP code) of the number, where known.', example: '94103' })),
  latitude: Nullable(Type.Number({ description: "Latitude of the number's postal area, where known.", example: 37.7725 })),
  longitude: Nullable(Type.Number({ description: "Longitude of the number's postal area, where known.", example: -122.4147 })),
  capabilities: Type.Array(Capability, { description: 'What the number can do.', example: ['voice', 'sms'] }),
  carrier: CarrierName,
  monthly_cost: Nullable(Money('The monthly price.')),
  upfront_cost: Nullable(Money('The one-off price on purchase.')),
  currency: Type.String({ description: 'ISO 4217 currency of the prices.', example: 'USD' }),
});

export const SearchResponseSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(AvailableNumberSchema, { description: 'Numbers you can order now.' }),
});

export function toSearchInput(query: Static<typeof SearchQuerySchema>): SearchInput {
  return { ...query };
}

export function toAvailableResource(offer: AvailableNumber) {
  return { object: 'available_phone_number' as const, ...offer };
}

export const CountriesQuerySchema = Type.Object(
  { carrier_account_id: Type.Optional(Uuid("This carrier account's countries; the built-in sandbox's when absent.")) },
  { additionalProperties: false },
);

export const AvailableCountrySchema = Type.Object({
  object: Type.Literal('available_country', { description: 'Always available_country.' }),
  country: Type.String({ description: 'ISO 3166-1 alpha-2 country.', example: 'US' }),
  number_types: Type.Array(StringEnum(SEARCHABLE_TYPES, { description: 'A type of number.', example: 'local' }), {
    description: 'The types of number on offer there: the values number_type takes in a search of this country.',
    example: ['local', 'toll_free'],
  }),
  region_search: Type.Boolean({ description: 'A search of this country can name a region; elsewhere search by city or area_code.', example: true }),
});

export const CountriesResponseSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(AvailableCountrySchema, {
    description: 'The countries the carrier sells numbers in; empty for a carrier that does not list them (search it by country anyway).',
  }),
});

export function toAvailableCountry(coverage: CountryCoverage) {
  return { object: 'available_country' as const, country: coverage.country, number_types: coverage.types, region_search: coverage.regions };
}

/** The path of one carrier account: /v1/carrier-accounts/:id. */
export const CarrierAccountIdParams = Type.Object({ id: Uuid('The id of the carrier account.') }, { additionalProperties: false });

export const CarrierAccountSchema = Type.Object({
  id: Uuid('The id of the carrier account.'),
  object: Type.Literal('carrier_account', { description: 'Always carrier_account.' }),
  carrier: CarrierName,
  name: Type.String({ description: 'Your name for the account.', example: 'Telnyx production' }),
  base_url: Nullable(Type.String({ description: "The carrier API's address.", example: 'https://api.telnyx.com/v2' })),
  has_credentials: Type.Boolean({ description: 'Credentials are stored (encrypted; never returned).' }),
  credentials_hint: Nullable(
    Type.String({ description: 'Which credential fields are stored (no character of them is shown).', example: 'set: account_sid, auth_token' }),
  ),
  created_at: Timestamp('When the account was added.'),
  updated_at: Timestamp('When the account last changed.'),
});

export const CarrierAccountListSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(CarrierAccountSchema, { description: 'The carrier accounts, oldest first.' }),
});

export const CreateCarrierAccountSchema = Type.Object(
  {
    carrier: CarrierName,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Your name for the account.', example: 'Telnyx production' }),
    base_url: Type.Optional(
      Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000, description: "The carrier API's address, https on the carrier's own domain; SignalWire needs your space's.", example: 'https://example.signalwire.com' }),
    ),
    credentials: Type.Optional(
      Type.Record(Type.String({ pattern: '^[a-z_]{1,40}$' }), Type.String({ minLength: 1, maxLength: 500 }), {
        maxProperties: 10,
        description: 'telnyx: api_key; signalwire: project_id, api_token; twilio: account_sid, auth_token. Stored encrypted.',
        example: { api_key: 'KEY0123456789' },
      }),
    ),
  },
  { additionalProperties: false },
);

export function toCreateInput(body: Static<typeof CreateCarrierAccountSchema>): NewCarrierAccountInput {
  return { ...body };
}

export function toAccountResource(info: CarrierAccountInfo) {
  return {
    id: info.id,
    object: 'carrier_account' as const,
    carrier: info.carrier as (typeof CARRIER_NAMES)[number],
    name: info.name,
    base_url: info.base_url,
    has_credentials: info.has_credentials,
    credentials_hint: info.credentials_hint,
    created_at: info.created_at.toISOString(),
    updated_at: info.updated_at.toISOString(),
  };
}
