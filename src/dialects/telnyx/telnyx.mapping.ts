import type { ParameterNames, SearchInput } from '../../carriers/available-numbers.service.js';
import type { AvailableNumber } from '../../carriers/carrier.js';
import { AppError, errors } from '../../errors/catalogue.js';
import type { NumberFilters, Sort } from '../../numbers/list-query.js';
import { numberPattern } from '../../numbers/number-pattern.js';
import type { NumberChanges } from '../../numbers/numbers.service.js';
import {
  NUMBER_TYPES,
  type Capability,
  type ForwardingType,
  type NumberType,
  type PhoneNumberRecord,
  type ProviderSettings,
  type Status,
  type TelnyxNumberSettings,
  type UsagePaymentMethod,
} from '../../numbers/phone-number.js';
import { parsePhoneNumber } from '../../numbers/e164.js';
import type { CsvDownloadRow } from '../../db/schema.js';
import type {
  AvailableQuery,
  EnableEmergencyBody,
  MessagingListQuery,
  MessagingSettingsBody,
  TelnyxListQuery,
  TelnyxUpdateBody,
  VoiceListQuery,
  VoiceSettingsBody,
} from './telnyx.schemas.js';

/**
 * Telnyx v2 shapes: a number (its id is the digit string of the record's seq), its voice and
 * messaging settings, number search and number orders; and Telnyx's parameters as the
 * services' input.
 */

const STATUS_OUT: Record<Status, string> = {
  purchase_pending: 'purchase-pending',
  purchase_failed: 'purchase-failed',
  port_pending: 'port-pending',
  port_failed: 'port-failed',
  active: 'active',
  // A suspended number still reaches emergency services only: Telnyx's word for that.
  suspended: 'emergency-only',
  // The client asked for the deletion and it is under way at the carrier: Telnyx has no
  // word for that, and its DELETE answers with the number as deleted.
  release_pending: 'deleted',
  released: 'deleted',
};

/** Each Telnyx status as the Dialtone statuses it stands for. */
const STATUS_IN: Record<string, Status[] | undefined> = {};
for (const [status, telnyx] of Object.entries(STATUS_OUT)) (STATUS_IN[telnyx] ??= []).push(status as Status);
// The slim list's document spells port-pending with an underscore.
STATUS_IN.port_pending = STATUS_IN['port-pending'];

const TYPE_OUT: Record<NumberType, string> = {
  local: 'local',
  mobile: 'mobile',
  toll_free: 'toll_free',
  national: 'national',
  shared_cost: 'shared_cost',
  premium_rate: 'national',
  voip: 'longcode',
};

const SOURCE_TYPE: Record<string, string | null> = { purchased: 'number_order', ported: 'port_request', imported: null };

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function telnyxId(record: PhoneNumberRecord): string {
  return String(record.seq);
}

export function toTelnyx(r: PhoneNumberRecord) {
  return {
    id: telnyxId(r),
    record_type: 'phone_number',
    phone_number: r.number,
    status: STATUS_OUT[r.status],
    tags: r.tags,
    external_pin: null,
    connection_id: r.connection_id,
    connection_name: r.connection_name,
    customer_reference: r.customer_reference,
    messaging_profile_id: r.messaging_profile_id,
    messaging_profile_name: r.messaging_profile_name,
    billing_group_id: r.billing_group_id,
    emergency_enabled: r.emergency_enabled,
    emergency_address_id: r.emergency_address_id,
    emergency_status: r.emergency_status.replace(/_/g, '-'),
    call_forwarding_enabled: r.call_forwarding_enabled,
    cnam_listing_enabled: r.cnam_listing_enabled,
    caller_id_name_enabled: r.caller_id_name_enabled,
    call_recording_enabled: r.call_recording_enabled,
    t38_fax_gateway_enabled: r.t38_fax_gateway_enabled,
    hd_voice_enabled: r.hd_voice_enabled,
    inbound_call_screening: r.inbound_call_screening,
    deletion_lock_enabled: r.deletion_lock_enabled,
    phone_number_type: TYPE_OUT[r.number_type],
    country_iso_alpha2: r.country,
    source_type: SOURCE_TYPE[r.source] ?? null,
    // When the number came to the account: bought, else imported or ported in (sort=purchased_at orders by it).
    purchased_at: (r.purchased_at ?? r.created_at).toISOString(),
    activated_at: iso(r.purchased_at ?? (r.status === 'active' ? r.created_at : null)),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** The deleted-number shape types its fields as plain strings: absent rather than null. */
export function toTelnyxDeleted(r: PhoneNumberRecord) {
  const { source_type: _s, inbound_call_screening: _i, emergency_status: _e, ...rest } = toTelnyx(r);
  return Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== null));
}

/** Telnyx filters as Dialtone's; null when no Dialtone number can match them. */
/** The list's filters, with a status of any spelling a document gives (the slim list's port_pending). */
type FilterQuery = { filter?: Omit<NonNullable<TelnyxListQuery['filter']>, 'status'> & { status?: string } };

export function toFilters(q: FilterQuery): NumberFilters | null {
  const f = q.filter ?? {};
  const filters: NumberFilters = {};
  if (f.status) {
    const statuses = STATUS_IN[f.status];
    if (!statuses) return null;
    filters.status = statuses;
  }
  if (f.tag) filters.tag = [f.tag];
  if (f.phone_number !== undefined) {
    // Telnyx documents it: "Non-numerical characters will result in no values being returned."
    if (/[^0-9\s+().-]/.test(f.phone_number)) return null;
    filters.numberContains = numberPattern(f.phone_number, 'filter[phone_number]');
  }
  if (f.country_iso_alpha2) {
    const list = Array.isArray(f.country_iso_alpha2) ? f.country_iso_alpha2 : f.country_iso_alpha2.split(',');
    filters.country = list.map((c) => c.trim().toUpperCase());
  }
  if (f.connection_id) filters.connectionId = f.connection_id;
  if (f.billing_group_id) filters.billingGroupId = f.billing_group_id === 'null' ? null : f.billing_group_id;
  if (f.customer_reference) filters.customerReference = f.customer_reference;
  if (f.number_type?.eq) filters.numberType = [f.number_type.eq];
  if (f.source) filters.source = [f.source];
  if (f.without_tags) filters.withoutTags = f.without_tags === 'true';
  const connectionName = f['voice.connection_name'] ?? {};
  if (connectionName.eq) filters.connectionName = connectionName.eq;
  if (connectionName.contains) filters.connectionNameContains = connectionName.contains;
  if (connectionName.starts_with) filters.connectionNameStartsWith = connectionName.starts_with;
  if (connectionName.ends_with) filters.connectionNameEndsWith = connectionName.ends_with;
  if (f.emergency_address_id) filters.emergencyAddressId = f.emergency_address_id === 'null' ? null : f.emergency_address_id;
  if (f['voice.usage_payment_method']) filters.usagePaymentMethod = PAYMENT_IN[f['voice.usage_payment_method']];
  return filters;
}

/** The list's filters and has_bundle (the CSV download's and the update job's): numbers filed with a regulatory bundle, or with none. */
export function toFiltersWithBundle(filter: (TelnyxListQuery['filter'] & { has_bundle?: 'true' | 'false' }) | undefined): NumberFilters | null {
  const { has_bundle: hasBundle, ...rest } = filter ?? {};
  const filters = toFilters({ filter: rest });
  return filters && hasBundle !== undefined ? { ...filters, hasBundle: hasBundle === 'true' } : filters;
}

/**
 * The slim form of a number: the list's fields without tags, connection name and messaging
 * profile unless asked for. Its document types the fields as plain strings: a field without a
 * value is absent rather than null (but activated_at, which may be null).
 */
export function toTelnyxSlim(r: PhoneNumberRecord, include: { tags?: boolean; connection?: boolean }) {
  const {
    tags,
    connection_name,
    messaging_profile_id: _mp,
    messaging_profile_name: _mn,
    source_type: _s,
    deletion_lock_enabled: _d,
    ...slim
  } = toTelnyx(r);
  const present = Object.fromEntries(Object.entries(slim).filter(([key, value]) => value !== null || key === 'activated_at'));
  return { ...present, ...(include.tags ? { tags } : {}), ...(include.connection && connection_name !== null ? { connection_name } : {}) };
}

/** The voice list's filters as Dialtone's; null when no Dialtone number can match them. */
export function toVoiceFilters(q: VoiceListQuery): NumberFilters | null {
  const f = q.filter ?? {};
  const filters: NumberFilters = {};
  if (f['voice.usage_payment_method']) filters.usagePaymentMethod = PAYMENT_IN[f['voice.usage_payment_method']];
  if (f.connection_name?.contains) filters.connectionNameContains = f.connection_name.contains;
  if (f.customer_reference) filters.customerReference = f.customer_reference;
  if (f.phone_number !== undefined) filters.numberContains = numberPattern(f.phone_number, 'filter[phone_number]');
  return filters;
}

const NOT_TOLL_FREE = NUMBER_TYPES.filter((type) => type !== 'toll_free');

/** The messaging list's filters as Dialtone's; null when no Dialtone number can match them (Dialtone holds no short codes). */
export function toMessagingFilters(q: MessagingListQuery): NumberFilters | null {
  const filters: NumberFilters = {};
  const type = q['filter[type]'];
  if (type === 'shortcode') return null;
  if (type) filters.numberType = type === 'tollfree' ? ['toll_free'] : NOT_TOLL_FREE;
  if (q['filter[messaging_profile_id]']) filters.messagingProfileId = q['filter[messaging_profile_id]'];
  const exact = q['filter[phone_number]'];
  if (exact !== undefined) {
    filters.number = exact.split(',').map((n) => parsePhoneNumber(n.trim(), undefined, { parameter: 'filter[phone_number]' }).number);
  }
  const contains = q['filter[phone_number][contains]'];
  if (contains !== undefined) filters.numberContains = numberPattern(contains, 'filter[phone_number][contains]');
  return filters;
}

export function toMessagingSort(q: MessagingListQuery): Sort | undefined {
  const order = q['sort[phone_number]'];
  return order ? { key: 'number', order } : undefined;
}

/** A CSV download: complete from the start, its file written when its url is fetched. */
export function toCsvDownload(row: CsvDownloadRow, origin: string) {
  return { id: row.id, record_type: 'csv_download', status: 'complete', url: `${origin}/v2/phone_numbers/csv_downloads/${row.id}/file` };
}

export function toSort(q: Pick<TelnyxListQuery, 'sort'>): Sort | undefined {
  // purchased_at shows when the number came (bought, else imported): the order follows what is shown.
  if (q.sort === 'purchased_at') return { key: 'acquired_at', order: 'asc' };
  if (q.sort === 'phone_number') return { key: 'number', order: 'asc' };
  return undefined;
}

export function toChanges(body: TelnyxUpdateBody): NumberChanges {
  const changes: NumberChanges = {};
  if (body.address_id !== undefined) changes.emergency_address_id = body.address_id;
  if (body.billing_group_id !== undefined) changes.billing_group_id = body.billing_group_id;
  if (body.connection_id !== undefined) changes.connection_id = body.connection_id;
  if (body.customer_reference !== undefined) changes.customer_reference = body.customer_reference;
  if (body.external_pin !== undefined) changes.external_pin = body.external_pin;
  if (body.hd_voice_enabled !== undefined) changes.hd_voice_enabled = body.hd_voice_enabled;
  if (body.tags !== undefined) changes.tags = body.tags;
  return changes;
}

/**
 * The voice and messaging settings of a number. The settings every surface shares are the
 * number's own fields; those only Telnyx speaks of are its provider settings, shown at
 * Telnyx's defaults until set.
 */

const FORWARDING_OUT: Record<ForwardingType, 'always' | 'on-failure'> = { always: 'always', on_failure: 'on-failure' };
const PAYMENT_OUT: Record<UsagePaymentMethod, 'pay-per-minute' | 'channel'> = { per_minute: 'pay-per-minute', channel: 'channel' };
const PAYMENT_IN = { 'pay-per-minute': 'per_minute', channel: 'channel' } as const satisfies Record<string, UsagePaymentMethod>;

export function toVoiceSettings(r: PhoneNumberRecord) {
  const telnyx = r.provider_settings.telnyx ?? {};
  return {
    id: telnyxId(r),
    record_type: 'voice_settings',
    phone_number: r.number,
    ...(r.connection_id ? { connection_id: r.connection_id } : {}),
    ...(r.customer_reference ? { customer_reference: r.customer_reference } : {}),
    call_forwarding: {
      call_forwarding_enabled: r.call_forwarding_enabled,
      forwarding_type: FORWARDING_OUT[r.call_forwarding_type],
      ...(r.call_forwarding_to ? { forwards_to: r.call_forwarding_to } : {}),
    },
    call_recording: {
      inbound_call_recording_enabled: r.call_recording_enabled,
      inbound_call_recording_channels: r.call_recording_channels,
      inbound_call_recording_format: r.call_recording_format,
    },
    cnam_listing: {
      cnam_listing_enabled: r.cnam_listing_enabled,
      ...(r.cnam_listing_details ? { cnam_listing_details: r.cnam_listing_details } : {}),
    },
    caller_id_name_enabled: r.caller_id_name_enabled,
    emergency: {
      emergency_enabled: r.emergency_enabled,
      emergency_status: r.emergency_status.replace(/_/g, '-'),
      ...(r.emergency_address_id ? { emergency_address_id: r.emergency_address_id } : {}),
    },
    inbound_call_screening: r.inbound_call_screening,
    media_features: {
      t38_fax_gateway_enabled: r.t38_fax_gateway_enabled,
      rtp_auto_adjust_enabled: telnyx.rtp_auto_adjust_enabled ?? true,
      accept_any_rtp_packets_enabled: telnyx.accept_any_rtp_packets_enabled ?? false,
    },
    tech_prefix_enabled: telnyx.tech_prefix_enabled ?? false,
    translated_number: telnyx.translated_number ?? '',
    usage_payment_method: PAYMENT_OUT[r.usage_payment_method],
  };
}

/** Keys with a value, without those left undefined. */
function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The number's provider settings with Telnyx's changed as given, or undefined when none is given. */
function withTelnyxSettings(current: PhoneNumberRecord, changes: TelnyxNumberSettings): ProviderSettings | undefined {
  const given = defined(changes);
  if (Object.keys(given).length === 0) return undefined;
  return { ...current.provider_settings, telnyx: { ...current.provider_settings.telnyx, ...given } };
}

/**
 * A voice settings body as a change of the number as it is. Call forwarding is on by default
 * when a destination is given (as Telnyx documents it); an empty destination forwards nowhere.
 */
export function voiceChanges(body: VoiceSettingsBody): (current: PhoneNumberRecord) => NumberChanges {
  const changes = voiceSettingChanges(body);
  return (current) => {
    const provider = withTelnyxSettings(current, telnyxOnlyVoiceSettings(body));
    return provider ? { ...changes, provider_settings: provider } : changes;
  };
}

/** The voice settings that only Telnyx speaks of, kept in the number's provider_settings. */
export function telnyxOnlyVoiceSettings(body: VoiceSettingsBody) {
  return {
    tech_prefix_enabled: body.tech_prefix_enabled,
    translated_number: body.translated_number,
    rtp_auto_adjust_enabled: body.media_features?.rtp_auto_adjust_enabled,
    accept_any_rtp_packets_enabled: body.media_features?.accept_any_rtp_packets_enabled,
  };
}

/** The voice settings every surface shares, as the change they make to any number. */
export function voiceSettingChanges(body: VoiceSettingsBody): NumberChanges {
  const forwarding = body.call_forwarding;
  const forwardsTo = forwarding?.forwards_to;
  return defined({
    call_forwarding_enabled: forwarding?.call_forwarding_enabled ?? (forwardsTo ? true : undefined),
    call_forwarding_to: forwardsTo === undefined ? undefined : forwardsTo || null,
    call_forwarding_type: forwarding?.forwarding_type === undefined ? undefined : forwarding.forwarding_type === 'on-failure' ? 'on_failure' : 'always',
    call_recording_enabled: body.call_recording?.inbound_call_recording_enabled,
    call_recording_format: body.call_recording?.inbound_call_recording_format,
    call_recording_channels: body.call_recording?.inbound_call_recording_channels,
    cnam_listing_enabled: body.cnam_listing?.cnam_listing_enabled,
    cnam_listing_details: body.cnam_listing?.cnam_listing_details,
    caller_id_name_enabled: body.caller_id_name_enabled,
    t38_fax_gateway_enabled: body.media_features?.t38_fax_gateway_enabled,
    inbound_call_screening: body.inbound_call_screening,
    usage_payment_method: body.usage_payment_method === undefined ? undefined : PAYMENT_IN[body.usage_payment_method],
  });
}

/** Where the services name a voice setting, and where Telnyx's body has it. */
const VOICE_POINTERS: Record<string, string> = {
  '/features/call_forwarding_to': '/call_forwarding/forwards_to',
  '/features/cnam_listing_details': '/cnam_listing/cnam_listing_details',
  '/features/cnam_listing': '/cnam_listing/cnam_listing_enabled',
};

/** verify_ownership's answer: the numbers held (with their ids), and those given that are not, as given. */
export function toOwnership(results: ReadonlyArray<{ given: string; held: { seq: string; number: string } | null }>) {
  return {
    record_type: 'number_ownership_verification',
    found: results.flatMap(({ held }) => (held ? [{ id: held.seq, number_val_e164: held.number }] : [])),
    not_found: results.flatMap(({ given, held }) => (held ? [] : [given])),
  };
}

/** An error about a voice setting, pointing into Telnyx's body. */
export function inVoiceBody(error: unknown): unknown {
  if (!(error instanceof AppError) || error.details.pointer === undefined) return error;
  const pointer = VOICE_POINTERS[error.details.pointer];
  return pointer ? new AppError(error.code, error.title, error.detail, { ...error.details, pointer }) : error;
}

/**
 * The messaging products a number may be registered for: application-to-person for any number
 * that can send messages, person-to-person too for a long code. Telnyx's names.
 */
export function eligibleMessagingProducts(r: PhoneNumberRecord): string[] {
  if (!r.capabilities.includes('sms') && !r.capabilities.includes('mms')) return [];
  return r.number_type === 'toll_free' ? ['A2P'] : ['A2P', 'P2P'];
}

export function toMessagingSettings(r: PhoneNumberRecord) {
  const has = (capability: Capability) => r.capabilities.includes(capability);
  const eligible = eligibleMessagingProducts(r);
  const product = r.provider_settings.telnyx?.messaging_product ?? eligible[0];
  const features = (capability: Capability) =>
    has(capability) ? { domestic_two_way: true, international_inbound: false, international_outbound: false } : null;
  return {
    id: telnyxId(r),
    record_type: 'messaging_settings',
    phone_number: r.number,
    country_code: r.country,
    messaging_profile_id: r.messaging_profile_id,
    organization_id: r.organization_id,
    tags: r.tags,
    type: r.number_type === 'toll_free' ? 'toll-free' : 'long-code',
    eligible_messaging_products: eligible,
    ...(product ? { messaging_product: product, traffic_type: product } : {}),
    features: { sms: features('sms'), mms: features('mms') },
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
  };
}

/** A messaging settings body as a change of the number as it is; null keeps a value, as Telnyx documents. */
export function messagingChanges(body: MessagingSettingsBody): (current: PhoneNumberRecord) => NumberChanges {
  return (current) => {
    const changes: NumberChanges = {};
    if (body.messaging_profile_id !== undefined && body.messaging_profile_id !== null) changes.messaging_profile_id = body.messaging_profile_id || null;
    if (body.tags !== undefined && body.tags !== null) changes.tags = body.tags;
    const product = body.messaging_product;
    if (product !== undefined && product !== null) {
      const eligible = eligibleMessagingProducts(current);
      if (!eligible.includes(product)) {
        const which = eligible.length ? `one of ${eligible.join(', ')}` : 'none: it cannot send messages';
        throw errors.validation(`${current.number} cannot use the messaging product ${product}; it is eligible for ${which}.`, {
          pointer: '/messaging_product',
        });
      }
      changes.provider_settings = withTelnyxSettings(current, { messaging_product: product });
    }
    return changes;
  };
}

/** Telnyx shapes of number search. */

const SEARCHABLE = new Set(['local', 'toll_free', 'mobile']);

/** Telnyx's names of the search parameters, for the errors the search gives. */
const SEARCH_NAMES: ParameterNames = {
  country: 'filter[country_code]',
  number_type: 'filter[phone_number_type]',
  area_code: 'filter[national_destination_code]',
  starts_with: 'filter[phone_number][starts_with]',
  contains: 'filter[phone_number][contains]',
  ends_with: 'filter[phone_number][ends_with]',
  region: 'filter[administrative_area]',
  city: 'filter[locality]',
  rate_center: 'filter[rate_center]',
  limit: 'filter[limit]',
};

export function toSearchInput(q: AvailableQuery): SearchInput {
  const f = q.filter ?? {};
  if (f.phone_number_type && !SEARCHABLE.has(f.phone_number_type)) {
    throw errors.validation(`Numbers of type ${f.phone_number_type} cannot be searched; use local, toll_free or mobile.`, {
      parameter: 'filter[phone_number_type]',
    });
  }
  const features = typeof f.features === 'string' ? f.features.split(',') : (f.features ?? []);
  return {
    country: f.country_code ?? 'US',
    number_type: (f.phone_number_type as SearchInput['number_type']) ?? 'local',
    area_code: f.national_destination_code,
    starts_with: f.phone_number?.starts_with,
    contains: f.phone_number?.contains,
    ends_with: f.phone_number?.ends_with,
    region: f.administrative_area,
    city: f.locality,
    rate_center: f.rate_center,
    capabilities: features.filter((name): name is 'voice' | 'sms' | 'mms' | 'fax' => ['voice', 'sms', 'mms', 'fax'].includes(name)),
    limit: f.limit ?? 50,
    names: SEARCH_NAMES,
  };
}

export function toTelnyxAvailable(n: AvailableNumber) {
  const regions = [
    { region_type: 'country_code', region_name: n.country },
    ...(n.region ? [{ region_type: 'state', region_name: n.region }] : []),
    ...(n.city ? [{ region_type: 'location', region_name: n.city }] : []),
  ];
  const cost = Object.fromEntries(
    Object.entries({ monthly_cost: n.monthly_cost, upfront_cost: n.upfront_cost, currency: n.currency }).filter(([, v]) => v !== null),
  );
  return {
    record_type: 'available_phone_number',
    phone_number: n.number,
    best_effort: false,
    quickship: true,
    reservable: false,
    cost_information: cost,
    features: n.capabilities.map((name) => ({ name })),
    region_information: regions,
  };
}
