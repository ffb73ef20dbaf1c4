import { Type, type Static } from 'typebox';
import { FormBoolean } from '../shared/query.js';

/** Request shapes of IncomingPhoneNumbers, as Twilio and SignalWire's LaML API define them. */

const Method = Type.Enum(['GET', 'POST'], { type: 'string', description: 'HTTP method.' });
/** A URL, or the empty string that clears it. */
const Url = (description: string) =>
  Type.Union([Type.Literal(''), Type.String({ format: 'uri', maxLength: 2000 })], { description });
/** A Twilio sid with its two-letter prefix, or the uuid SignalWire uses instead; empty clears. */
const Sid = (prefix: string, description: string) =>
  Type.String({
    pattern: `^(|${prefix}[0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})$`,
    description,
  });

export const AccountParams = Type.Object(
  { AccountSid: Type.String({ minLength: 1, maxLength: 64, description: 'AC… account sid, or the SignalWire project id.' }) },
  { additionalProperties: false },
);

export const NumberParams = Type.Object(
  {
    AccountSid: Type.String({ minLength: 1, maxLength: 64, description: 'AC… account sid, or the SignalWire project id.' }),
    Sid: Type.String({ minLength: 1, maxLength: 64, description: 'PN… sid or uuid of the number; ".json" may follow.' }),
  },
  { additionalProperties: false },
);

export const LamlListQuerySchema = Type.Object(
  {
    Beta: Type.Optional(Type.Boolean({ description: 'Include beta numbers (all numbers are generally available).' })),
    FriendlyName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Name contains this.' })),
    PhoneNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Number contains these digits.' })),
    Origin: Type.Optional(Type.Enum(['twilio', 'signalwire', 'hosted'], { type: 'string', description: 'Bought here or hosted.' })),
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Numbers per page.' })),
    Page: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Page, from 0.' })),
    PageToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Continues from the previous page.' })),
  },
  { additionalProperties: false },
);
export type LamlListQuery = Static<typeof LamlListQuerySchema>;

const configurable = {
    AccountSid: Type.Optional(Type.String({ maxLength: 64, description: 'Only the current account: numbers do not move.' })),
    ApiVersion: Type.Optional(Type.Enum(['2010-04-01', '2008-08-01'], { type: 'string', description: 'Ignored.' })),
    FriendlyName: Type.Optional(Type.String({ maxLength: 255, description: 'Your name for the number.' })),
    SmsApplicationSid: Type.Optional(Sid('AP', 'Application handling messages.')),
    SmsFallbackMethod: Type.Optional(Method),
    SmsFallbackUrl: Type.Optional(Url('Messaging fallback URL.')),
    SmsMethod: Type.Optional(Method),
    SmsUrl: Type.Optional(Url('Messaging webhook.')),
    StatusCallback: Type.Optional(Url('Call status callback.')),
    StatusCallbackMethod: Type.Optional(Method),
    VoiceApplicationSid: Type.Optional(Sid('AP', 'Application handling calls.')),
    VoiceCallerIdLookup: Type.Optional(FormBoolean('Look up caller names.')),
    VoiceFallbackMethod: Type.Optional(Method),
    VoiceFallbackUrl: Type.Optional(Url('Voice fallback URL.')),
    VoiceMethod: Type.Optional(Method),
    VoiceUrl: Type.Optional(Url('Voice webhook.')),
    VoiceReceiveMode: Type.Optional(Type.Enum(['voice', 'fax'], { type: 'string', description: 'Receive calls as voice or fax.' })),
    EmergencyStatus: Type.Optional(Type.Enum(['Active', 'Inactive'], { type: 'string', description: 'Emergency calling.' })),
    EmergencyAddressSid: Type.Optional(Sid('AD', 'Emergency address: one of the account\'s Addresses.')),
    TrunkSid: Type.Optional(Sid('TK', 'SIP trunk.')),
    AddressSid: Type.Optional(Sid('AD', 'The address the number is registered at: one of the account\'s Addresses.')),
    IdentitySid: Type.Optional(Sid('RI', 'The regulatory identity the number is filed with.')),
    BundleSid: Type.Optional(Sid('BU', 'The regulatory bundle the number is filed with.')),
};

export const LamlUpdateBodySchema = Type.Object(configurable, { additionalProperties: false });
export type LamlUpdateBody = Static<typeof LamlUpdateBodySchema>;

/** Buying: the number itself, or an area code to take the first available number from. */
export const LamlCreateBodySchema = Type.Object(
  {
    ...configurable,
    PhoneNumber: Type.Optional(Type.String({ pattern: '^\\+?[0-9]{5,17}$', description: 'The number to buy, E.164.' })),
    AreaCode: Type.Optional(Type.String({ pattern: '^[0-9]{3}$', description: 'Buy any available number in this area code.' })),
  },
  { additionalProperties: false },
);
export type LamlCreateBody = Static<typeof LamlCreateBodySchema>;

/** Twilio's kinds of available number; the sandbox stocks the first three (where a country has them). */
export const AVAILABLE_TYPES = ['Local', 'TollFree', 'Mobile', 'National', 'Voip', 'SharedCost', 'MachineToMachine'] as const;
export type AvailableType = (typeof AVAILABLE_TYPES)[number];

const AccountSid = Type.String({ minLength: 1, maxLength: 64, description: 'AC… account sid, or the SignalWire project id.' });

/** Twilio's paging parameters of a list. */
const paging = {
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Items per page.' })),
  Page: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'Page, from 0.' })),
  PageToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'Accepted; pages are reached by Page.' })),
};

export const CountryParams = Type.Object(
  { AccountSid, Country: Type.String({ pattern: '^[A-Za-z]{2}(\\.json)?$', description: 'ISO 3166-1 alpha-2 country; ".json" may follow.' }) },
  { additionalProperties: false },
);

export const PagingQuerySchema = Type.Object(paging, { additionalProperties: false });
export type PagingQuery = Static<typeof PagingQuerySchema>;

export const AddressParams = Type.Object(
  { AccountSid, Sid: Type.String({ minLength: 1, maxLength: 64, description: 'AD… sid or uuid of the address; ".json" may follow.' }) },
  { additionalProperties: false },
);

export const AddressListQuerySchema = Type.Object(
  {
    CustomerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Only addresses of this customer name.' })),
    FriendlyName: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Only addresses of this friendly name.' })),
    EmergencyEnabled: Type.Optional(Type.Boolean({ description: 'Only addresses registered (or not) for emergency calling.' })),
    IsoCountry: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'Only addresses in this country.' })),
    ...paging,
  },
  { additionalProperties: false },
);
export type AddressListQuery = Static<typeof AddressListQuerySchema>;

const addressFields = {
  CustomerName: Type.String({ minLength: 1, maxLength: 200, description: 'Whose address it is.' }),
  Street: Type.String({ minLength: 1, maxLength: 200, description: 'Number and street.' }),
  StreetSecondary: Type.Optional(Type.String({ maxLength: 200, description: 'Suite, floor, unit.' })),
  City: Type.String({ minLength: 1, maxLength: 100, description: 'City.' }),
  Region: Type.String({ minLength: 1, maxLength: 100, description: 'State or region.' }),
  PostalCode: Type.String({ minLength: 1, maxLength: 20, description: 'Postal code.' }),
  FriendlyName: Type.Optional(Type.String({ maxLength: 64, description: 'Your name for the address.' })),
  EmergencyEnabled: Type.Optional(FormBoolean('Registered for emergency calling.')),
  AutoCorrectAddress: Type.Optional(FormBoolean('For an emergency address: store it in its postal form (the default), or refuse it if it is not written so.')),
};

export const AddressCreateBodySchema = Type.Object(
  { ...addressFields, IsoCountry: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.' }) },
  { additionalProperties: false },
);
export type AddressCreateBody = Static<typeof AddressCreateBodySchema>;

export const AddressUpdateBodySchema = Type.Partial(Type.Object(addressFields), { additionalProperties: false });
export type AddressUpdateBody = Static<typeof AddressUpdateBodySchema>;

export const AvailableParams = Type.Object(
  {
    AccountSid: Type.String({ minLength: 1, maxLength: 64, description: 'AC… account sid, or the SignalWire project id.' }),
    Country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.' }),
    Type: Type.Enum(
      AVAILABLE_TYPES.flatMap((type) => [type, `${type}.json`]),
      { type: 'string', description: 'The kind of number.' },
    ),
  },
  { additionalProperties: false },
);

export const AvailableQuerySchema = Type.Object(
  {
    AreaCode: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'Area code.' })),
    Contains: Type.Optional(
      Type.String({
        pattern: '^[0-9A-Za-z*%+$]{2,16}$',
        description: 'Digits or letters the number contains; * is any one digit, % any run at either end, + anchors the start, $ the end.',
      }),
    ),
    InRegion: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'Region (ISO 3166-2 subdivision, e.g. CA, or SCT in GB), or a number whose region to search in.' })),
    InLocality: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'City, or a number whose city to search in.' })),
    InPostalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'A US ZIP code, or a number whose ZIP code to search in; refused elsewhere (Dialtone has no Canadian postal areas).' })),
    NearNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'Numbers within Distance miles of this number (US).' })),
    NearLatLong: Type.Optional(Type.String({ minLength: 3, maxLength: 40, description: 'Numbers within Distance miles of "latitude,longitude" (US).' })),
    Distance: Type.Optional(Type.Integer({ minimum: 0, maximum: 500, description: 'Radius in miles for NearNumber and NearLatLong; 25 when absent.' })),
    InRateCenter: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Refused by name: Dialtone has no rate-center data.' })),
    InLata: Type.Optional(Type.String({ minLength: 1, maxLength: 16, description: 'Refused by name: Dialtone has no LATA data.' })),
    VoiceEnabled: Type.Optional(Type.Boolean({ description: 'Only voice-capable numbers.' })),
    SmsEnabled: Type.Optional(Type.Boolean({ description: 'Only SMS-capable numbers.' })),
    MmsEnabled: Type.Optional(Type.Boolean({ description: 'Only MMS-capable numbers.' })),
    FaxEnabled: Type.Optional(Type.Boolean({ description: 'Only fax-capable numbers.' })),
    Beta: Type.Optional(Type.Boolean({ description: 'Ignored: every number is generally available.' })),
    ExcludeAllAddressRequired: Type.Optional(Type.Boolean({ description: 'Ignored: no number needs an address.' })),
    ExcludeLocalAddressRequired: Type.Optional(Type.Boolean({ description: 'Ignored: no number needs an address.' })),
    ExcludeForeignAddressRequired: Type.Optional(Type.Boolean({ description: 'Ignored: no number needs an address.' })),
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'At most this many.' })),
    Page: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'A search answers one page, as Twilio’s does (no next_page_uri): page 0 is the answer, a later page is empty.' }),
    ),
    PageToken: Type.Optional(
      Type.String({ minLength: 1, maxLength: 1000, description: 'Refused: a search answers one page and issues no token to continue from.' }),
    ),
  },
  { additionalProperties: false },
);
export type AvailableQuery = Static<typeof AvailableQuerySchema>;

const Capability = Type.Enum(['sms', 'voice', 'fax', 'mms'], { type: 'string' });

/** SignalWire's import of a number hosted elsewhere; a form repeats capabilities to list several. */
export const ImportBodySchema = Type.Object(
  {
    number: Type.String({ minLength: 6, maxLength: 31, pattern: '^\\+[0-9]{5,30}$', description: 'The number, E.164.' }),
    number_type: Type.Enum(['longcode', 'tollfree'], { type: 'string', description: 'Informational: the type comes from the numbering plan.' }),
    capabilities: Type.Optional(
      Type.Union([Capability, Type.Array(Capability, { minItems: 1, maxItems: 4, uniqueItems: true })], {
        description: 'What the number can do; all four when absent.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBodySchema>;
