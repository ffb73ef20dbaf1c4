import { getCountryCallingCode, isSupportedCountry } from 'libphonenumber-js/max';
import type { ParameterNames, SearchInput } from '../../carriers/available-numbers.service.js';
import { AppError, errors } from '../../errors/catalogue.js';
import type { AvailableNumber, SearchableType } from '../../carriers/carrier.js';
import type { NumberFilters } from '../../numbers/list-query.js';
import type { NumberChanges } from '../../numbers/numbers.service.js';
import type { Capability, PhoneNumberRecord, Status } from '../../numbers/phone-number.js';
import type { MessagingRouting, VoiceRouting } from '../../numbers/routing.js';
import { accountSidOf } from '../../orgs/orgs.service.js';
import type { Address, AddressInput } from '../../addresses/address.js';
import { isUuid } from '../../db/uuid.js';
import { uuidToHex } from '../shared/ids.js';
import { asBoolean } from '../shared/query.js';
import type { AddressCreateBody, AddressUpdateBody, AvailableQuery, LamlListQuery, LamlUpdateBody } from './laml.schemas.js';
import { numberPattern } from '../../numbers/number-pattern.js';

/**
 * Twilio's IncomingPhoneNumber and SignalWire's LaML twin of it. Twilio names things by
 * prefixed sids (AC…, PN…); SignalWire by uuids, and its document allows none of Twilio's
 * later additions (status, type, bundle_sid…), so each flavor renders its own field set.
 */
export type LamlFlavor = 'twilio' | 'signalwire';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 2822 as Twilio writes it: "Tue, 25 Sep 2018 23:00:00 +0000". */
function rfc2822(date: Date): string {
  return (
    `${DAYS[date.getUTCDay()]}, ${pad(date.getUTCDate())} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

export function phoneNumberSid(record: Pick<PhoneNumberRecord, 'id'>, flavor: LamlFlavor): string {
  return flavor === 'twilio' ? `PN${uuidToHex(record.id)}` : record.id;
}

/**
 * Twilio documents status as a free string and says only "in-use"; the other statuses are
 * shown by their Dialtone names. A number being released is still in the account.
 */
const TWILIO_STATUS: Record<Status, string> = {
  purchase_pending: 'purchase_pending',
  purchase_failed: 'purchase_failed',
  port_pending: 'port_pending',
  port_failed: 'port_failed',
  active: 'in-use',
  suspended: 'suspended',
  release_pending: 'release_pending',
  released: 'released',
};

function accountOf(organizationId: string, flavor: LamlFlavor): string {
  return flavor === 'twilio' ? accountSidOf(organizationId) : organizationId;
}

/** A stored reference shown only when it has the form the field promises (AP…, TK…, AD… or a uuid). */
function sidOrNull(value: string | null | undefined, prefix: string, flavor: LamlFlavor): string | null {
  if (!value) return null;
  const pattern = flavor === 'twilio' ? new RegExp(`^${prefix}[0-9a-fA-F]{32}$`) : /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
  return pattern.test(value) ? value : null;
}

/** An address's sid: AD and its hex for Twilio, its uuid for SignalWire. */
export function addressSid(id: string, flavor: LamlFlavor): string {
  return flavor === 'twilio' ? `AD${uuidToHex(id)}` : id;
}

/** The emergency address: an address's id as its sid; an AD… sid stored before addresses were modelled, as it is. */
function emergencyAddressSid(value: string | null, flavor: LamlFlavor): string | null {
  return value && isUuid(value) ? addressSid(value, flavor) : sidOrNull(value, 'AD', flavor);
}

function capabilities(record: PhoneNumberRecord) {
  const has = (c: Capability) => record.capabilities.includes(c);
  return { voice: has('voice'), sms: has('sms'), mms: has('mms'), fax: has('fax') };
}

/** The fields both flavors share, in their common names. */
function common(r: PhoneNumberRecord, flavor: LamlFlavor, uri: string) {
  const voice = r.voice_routing;
  const messaging = r.messaging_routing;
  return {
    account_sid: accountOf(r.organization_id, flavor),
    address_requirements: 'none',
    address_sid: r.address_id ? addressSid(r.address_id, flavor) : null,
    api_version: '2010-04-01',
    beta: false,
    capabilities: capabilities(r),
    date_created: rfc2822(r.created_at),
    date_updated: rfc2822(r.updated_at),
    emergency_address_sid: emergencyAddressSid(r.emergency_address_id, flavor),
    emergency_status: r.emergency_enabled ? 'Active' : 'Inactive',
    friendly_name: r.friendly_name ?? r.national_format,
    identity_sid: sidOrNull(r.identity_sid, 'RI', flavor),
    phone_number: r.number,
    sid: phoneNumberSid(r, flavor),
    sms_application_sid: messaging.handler === 'application' ? sidOrNull(messaging.target, 'AP', flavor) : null,
    sms_fallback_method: messaging.fallback_method ?? 'POST',
    sms_fallback_url: messaging.fallback_url ?? null,
    sms_method: messaging.method ?? 'POST',
    sms_url: messaging.handler === 'webhook' ? (messaging.url ?? null) : null,
    status_callback: voice.status_callback_url ?? null,
    status_callback_method: voice.status_callback_method ?? 'POST',
    trunk_sid: sidOrNull(r.connection_id, 'TK', flavor),
    uri,
    voice_application_sid: voice.handler === 'application' ? sidOrNull(voice.target, 'AP', flavor) : null,
    voice_caller_id_lookup: voice.caller_id_lookup ?? false,
    voice_fallback_method: voice.fallback_method ?? 'POST',
    voice_fallback_url: voice.fallback_url ?? null,
    voice_method: voice.method ?? 'POST',
    voice_url: voice.handler === 'webhook' ? (voice.url ?? null) : null,
  };
}

const TWILIO_TYPES: Record<string, string> = { toll_free: 'toll-free', mobile: 'mobile' };

export function toIncomingPhoneNumber(r: PhoneNumberRecord, flavor: LamlFlavor, uri: string) {
  const base = common(r, flavor, uri);
  if (flavor === 'signalwire') {
    return {
      ...base,
      account_id: r.organization_id,
      country_code: r.country,
      origin: r.source === 'purchased' ? 'signalwire' : 'hosted',
    };
  }
  return {
    ...base,
    origin: r.source === 'purchased' ? 'twilio' : 'hosted',
    voice_receive_mode: r.voice_routing.receive_mode ?? 'voice',
    emergency_address_status: r.emergency_address_id ? 'registered' : 'unregistered',
    bundle_sid: sidOrNull(r.bundle_sid, 'BU', flavor),
    status: TWILIO_STATUS[r.status],
    type: TWILIO_TYPES[r.number_type] ?? 'local',
  };
}

export function toFilters(q: LamlListQuery): NumberFilters {
  const filters: NumberFilters = {};
  if (q.FriendlyName) filters.nameContains = q.FriendlyName;
  if (q.PhoneNumber !== undefined) filters.numberContains = numberPattern(q.PhoneNumber, 'PhoneNumber', '*');
  if (q.Origin) filters.source = q.Origin === 'hosted' ? ['imported', 'ported'] : ['purchased'];
  return filters;
}

/** What a webhook-or-application setting becomes after a Twilio-style partial update. */
interface WebhookPatch {
  url?: string;
  method?: 'GET' | 'POST';
  fallbackUrl?: string;
  fallbackMethod?: 'GET' | 'POST';
  statusUrl?: string;
  statusMethod?: 'GET' | 'POST';
  applicationSid?: string;
}

function patchRouting<R extends VoiceRouting | MessagingRouting>(current: R, patch: WebhookPatch): R {
  const next: R = { ...current };
  if (patch.url !== undefined) next.url = patch.url || null;
  if (patch.method) next.method = patch.method;
  if (patch.fallbackUrl !== undefined) next.fallback_url = patch.fallbackUrl || null;
  if (patch.fallbackMethod) next.fallback_method = patch.fallbackMethod;
  if (patch.statusUrl !== undefined) next.status_callback_url = patch.statusUrl || null;
  if (patch.statusMethod) next.status_callback_method = patch.statusMethod;
  if (patch.applicationSid) {
    next.handler = 'application';
    next.target = patch.applicationSid;
  } else if (patch.applicationSid === '' && next.handler === 'application') {
    next.handler = next.url ? 'webhook' : 'none';
    next.target = null;
  } else if (patch.url) {
    // Setting a URL hands the number to that webhook, whatever handled it before.
    if (next.handler !== 'application') {
      next.handler = 'webhook';
      next.target = null;
    }
  } else if (patch.url === '' && next.handler === 'webhook') {
    next.handler = 'none';
  }
  return next;
}

const defined = (patch: object) => Object.values(patch).some((value) => value !== undefined);

/** The services' refusal of emergency calling without its address, in the fields a Twilio client sent. */
export function inLamlBody(error: unknown, body: { EmergencyAddressSid?: string }): unknown {
  // With an EmergencyAddressSid given, an error about the address is about that sid (REFERENCE_POINTERS).
  if (!(error instanceof AppError) || error.details.pointer !== '/emergency/address_id' || body.EmergencyAddressSid !== undefined) return error;
  return errors.validation('EmergencyStatus Active needs an emergency address: give EmergencyAddressSid (one of the account\'s Addresses) too.', {
    pointer: '/EmergencyStatus',
  });
}

export function toChanges(body: LamlUpdateBody, current: PhoneNumberRecord): NumberChanges {
  const changes: NumberChanges = {};
  if (body.FriendlyName !== undefined) changes.friendly_name = body.FriendlyName || null;
  const voice: WebhookPatch = {
    url: body.VoiceUrl,
    method: body.VoiceMethod,
    fallbackUrl: body.VoiceFallbackUrl,
    fallbackMethod: body.VoiceFallbackMethod,
    statusUrl: body.StatusCallback,
    statusMethod: body.StatusCallbackMethod,
    applicationSid: body.VoiceApplicationSid,
  };
  if (defined(voice) || body.VoiceReceiveMode || body.VoiceCallerIdLookup !== undefined) {
    const routing = patchRouting(current.voice_routing, voice);
    if (body.VoiceReceiveMode) routing.receive_mode = body.VoiceReceiveMode;
    if (body.VoiceCallerIdLookup !== undefined) routing.caller_id_lookup = asBoolean(body.VoiceCallerIdLookup);
    changes.voice_routing = routing;
  }
  const messaging: WebhookPatch = {
    url: body.SmsUrl,
    method: body.SmsMethod,
    fallbackUrl: body.SmsFallbackUrl,
    fallbackMethod: body.SmsFallbackMethod,
    applicationSid: body.SmsApplicationSid,
  };
  if (defined(messaging)) changes.messaging_routing = patchRouting(current.messaging_routing, messaging);
  if (body.EmergencyStatus) changes.emergency_enabled = body.EmergencyStatus === 'Active';
  if (body.TrunkSid !== undefined) changes.connection_id = body.TrunkSid || null;
  return changes;
}

const SEARCH_TYPES: Record<string, SearchableType> = { Local: 'local', TollFree: 'toll_free', Mobile: 'mobile' };

/** Twilio's names of the search parameters, for the errors the search gives. */
const SEARCH_NAMES: ParameterNames = {
  country: 'CountryCode',
  number_type: 'Type',
  area_code: 'AreaCode',
  starts_with: 'Contains',
  contains: 'Contains',
  ends_with: 'Contains',
  region: 'InRegion',
  city: 'InLocality',
  postal_code: 'InPostalCode',
  near_number: 'NearNumber',
  near_lat_long: 'NearLatLong',
  distance: 'Distance',
  rate_center: 'InRateCenter',
  lata: 'InLata',
  limit: 'PageSize',
};

/**
 * Twilio's Contains: * is any one digit; % is any run of them and may open or close the
 * pattern (leaving that end free); + opens a pattern anchored to the start of the number
 * (calling code included), $ closes one anchored to its end.
 */
export function containsFilter(raw: string | undefined, country: string): Pick<SearchInput, 'starts_with' | 'contains' | 'ends_with'> {
  if (!raw) return {};
  const atStart = raw.startsWith('+');
  const atEnd = raw.endsWith('$');
  let pattern = raw.slice(atStart ? 1 : 0, atEnd ? -1 : undefined).replace(/^%+|%+$/g, '');
  if (/[%+$]/.test(pattern)) {
    throw errors.validation('Contains may open with + or %, close with $ or %, and use * anywhere; no other place for them.', { parameter: 'Contains' });
  }
  if (atStart && isSupportedCountry(country)) {
    const callingCode = getCountryCallingCode(country);
    if (!pattern.startsWith(callingCode)) {
      throw errors.validation(`Contains opened with + starts with the calling code: +${callingCode} for ${country}.`, { parameter: 'Contains' });
    }
    pattern = pattern.slice(callingCode.length);
  }
  if (!/[0-9A-Za-z]/.test(pattern)) throw errors.validation('Contains needs digits or letters besides its wildcards.', { parameter: 'Contains' });
  if (atStart) return { starts_with: pattern };
  return atEnd ? { ends_with: pattern } : { contains: pattern };
}

export function toSearchInput(country: string, type: string, q: AvailableQuery): SearchInput {
  const capabilities = (
    [
      ['voice', q.VoiceEnabled],
      ['sms', q.SmsEnabled],
      ['mms', q.MmsEnabled],
      ['fax', q.FaxEnabled],
    ] as const
  )
    .filter(([, wanted]) => wanted)
    .map(([capability]) => capability);
  const iso = country.toUpperCase();
  return {
    country: iso,
    number_type: SEARCH_TYPES[type.replace(/\.json$/, '')] ?? 'local',
    area_code: q.AreaCode,
    ...containsFilter(q.Contains, iso),
    region: q.InRegion,
    city: q.InLocality,
    postal_code: q.InPostalCode,
    near_number: q.NearNumber,
    near_lat_long: q.NearLatLong,
    distance: q.Distance,
    rate_center: q.InRateCenter,
    lata: q.InLata,
    capabilities,
    limit: q.PageSize ?? 50,
    names: SEARCH_NAMES,
  };
}

const coordinateText = (value: number | null) => (value === null ? null : value.toFixed(6));

export function toAvailablePhoneNumber(n: AvailableNumber, flavor: LamlFlavor) {
  const has = (capability: string) => n.capabilities.includes(capability as never);
  return {
    friendly_name: n.national_format,
    phone_number: n.number,
    lata: null,
    locality: n.city,
    rate_center: null,
    // Twilio's document gives coordinates as numbers, SignalWire's as strings.
    latitude: flavor === 'twilio' ? n.latitude : coordinateText(n.latitude),
    longitude: flavor === 'twilio' ? n.longitude : coordinateText(n.longitude),
    region: n.region,
    postal_code: n.postal_code,
    iso_country: n.country,
    ...(flavor === 'twilio' ? { address_requirements: 'none' } : {}),
    beta: false,
    capabilities: { voice: has('voice'), SMS: has('sms'), MMS: has('mms') },
  };
}

/** The fields of an IncomingPhoneNumber that Twilio's DependentPhoneNumber repeats. */
const DEPENDENT_FIELDS = [
  'sid', 'account_sid', 'friendly_name', 'phone_number', 'voice_url', 'voice_method', 'voice_fallback_method',
  'voice_fallback_url', 'voice_caller_id_lookup', 'date_created', 'date_updated', 'sms_fallback_method', 'sms_fallback_url',
  'sms_method', 'sms_url', 'address_requirements', 'capabilities', 'status_callback', 'status_callback_method', 'api_version',
  'sms_application_sid', 'voice_application_sid', 'trunk_sid', 'emergency_status', 'emergency_address_sid', 'uri',
] as const;

/** A number that depends on an address, as Twilio's DependentPhoneNumbers lists it; uri is the number's own. */
export function toDependentPhoneNumber(r: PhoneNumberRecord, flavor: LamlFlavor, uri: string) {
  const full = toIncomingPhoneNumber(r, flavor, uri) as Record<string, unknown>;
  return Object.fromEntries(DEPENDENT_FIELDS.map((field) => [field, full[field]]));
}

/** Twilio's address parameters as a native address: all of them for a create, those given for an update (which cannot move it to another country). */
export function fromLamlAddress(b: AddressCreateBody): AddressInput;
export function fromLamlAddress(b: AddressUpdateBody): Partial<AddressInput>;
export function fromLamlAddress(b: AddressUpdateBody & { IsoCountry?: string }): Partial<AddressInput> {
  return {
    customer_name: b.CustomerName,
    friendly_name: b.FriendlyName,
    street: b.Street,
    street_secondary: b.StreetSecondary,
    city: b.City,
    region: b.Region,
    postal_code: b.PostalCode,
    iso_country: b.IsoCountry,
    emergency_enabled: asBoolean(b.EmergencyEnabled),
  };
}

/** Twilio's Address resource (SignalWire's flavor names it by uuid). Validated when it passed Dialtone's check for emergency calling; never verified. */
export function toLamlAddress(a: Address, flavor: LamlFlavor, uri: string) {
  return {
    account_sid: accountOf(a.organization_id, flavor),
    city: a.city,
    customer_name: a.customer_name,
    date_created: rfc2822(a.created_at),
    date_updated: rfc2822(a.updated_at),
    emergency_enabled: a.emergency_enabled,
    friendly_name: a.friendly_name,
    iso_country: a.iso_country,
    postal_code: a.postal_code,
    region: a.region,
    sid: addressSid(a.id, flavor),
    street: a.street,
    street_secondary: a.street_secondary,
    uri,
    validated: a.validated_at !== null,
    verified: false,
  };
}

/** Twilio's path segment of each kind of number a country offers. */
const TYPE_SEGMENTS: Record<SearchableType, { segment: string; key: string }> = {
  local: { segment: 'Local', key: 'local' },
  toll_free: { segment: 'TollFree', key: 'toll_free' },
  mobile: { segment: 'Mobile', key: 'mobile' },
};

const COUNTRY_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

/**
 * A country of AvailablePhoneNumbers with the URIs of the kinds of number it offers. base is
 * the AvailablePhoneNumbers path; SignalWire's document lists local and toll-free only.
 */
export function toAvailableCountry(country: string, types: readonly SearchableType[], flavor: LamlFlavor, base: string, suffix: string) {
  const kinds = flavor === 'twilio' ? types : types.filter((type) => type !== 'mobile');
  return {
    country_code: country,
    country: COUNTRY_NAMES.of(country) ?? country,
    uri: `${base}/${country}${suffix}`,
    beta: false,
    subresource_uris: Object.fromEntries(kinds.map((type) => [TYPE_SEGMENTS[type].key, `${base}/${country}/${TYPE_SEGMENTS[type].segment}${suffix}`])),
  };
}

/** The searchable kind a Twilio type segment names; undefined for the kinds no sandbox country stocks (National, Voip...). */
export function searchableTypeOf(segment: string): SearchableType | undefined {
  return SEARCH_TYPES[segment.replace(/\.json$/, '')];
}
