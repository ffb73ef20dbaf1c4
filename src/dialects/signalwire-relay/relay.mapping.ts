import type { AvailableNumber } from '../../carriers/carrier.js';
import type { SearchInput } from '../../carriers/available-numbers.service.js';
import { isUuid } from '../../db/uuid.js';
import { AppError, errors } from '../../errors/catalogue.js';
import type { NumberFilters } from '../../numbers/list-query.js';
import type { NumberChanges } from '../../numbers/numbers.service.js';
import type { PhoneNumberRecord } from '../../numbers/phone-number.js';
import type { MessagingHandler, MessagingRouting, VoiceHandler, VoiceRouting } from '../../numbers/routing.js';
import type { RelayListQuery, RelaySearchQuery, RelayUpdateBody } from './relay.schemas.js';
import { numberPattern } from '../../numbers/number-pattern.js';
import type { LineType, NumberLookup } from '../../lookups/lookups.service.js';
import type { NumberGroup, NumberGroupMembership } from '../../number-groups/number-group.js';
import { personNameOf, streetPartsOf, type Address, type AddressInput } from '../../addresses/address.js';
import { RELAY_ADDRESS_TYPES, type RelayAddressBody } from './relay.schemas.js';

/**
 * SignalWire's phone number keeps one field per handler target (call_relay_topic,
 * call_sip_endpoint_id…); Dialtone keeps a handler and one target. This file maps between
 * the two, applying SignalWire's alias rules on the way in.
 */

const CALL_HANDLER_OUT: Record<VoiceHandler, string | null> = {
  none: null,
  webhook: 'laml_webhooks',
  application: 'laml_application',
  sip_endpoint: 'relay_sip_endpoint',
  agent: 'ai_agent',
  relay_context: 'relay_context',
  relay_topic: 'relay_topic',
  relay_script: 'relay_script',
  relay_application: 'relay_application',
  relay_connector: 'relay_connector',
  relay_verto_endpoint: 'relay_verto_endpoint',
  dialogflow: 'dialogflow',
  video_room: 'video_room',
  call_flow: 'call_flow',
  ai_agent: 'ai_agent',
};

const MESSAGE_HANDLER_OUT: Record<MessagingHandler, string | null> = {
  none: null,
  webhook: 'laml_webhooks',
  application: 'laml_application',
  messaging_profile: null,
  relay_context: 'relay_context',
  relay_topic: 'relay_topic',
  relay_application: 'relay_application',
};

const IN: Record<string, string> = {
  laml_webhooks: 'webhook',
  laml_application: 'application',
  relay_sip_endpoint: 'sip_endpoint',
};
const handlerIn = <H extends string>(wire: string) => (IN[wire] ?? wire) as H;

const RELAY_HANDLERS = new Set(['relay_context', 'relay_topic', 'relay_application']);

const E911_STATUS: Record<string, string | null> = {
  active: 'active',
  provisioning: 'pending',
  provisioning_failed: 'failed',
  deprovisioning: 'pending_removal',
  disabled: null,
};

const uuidOrNull = (value: string | null | undefined) => (value && isUuid(value) ? value : null);

function callFields(v: VoiceRouting) {
  const target = v.target ?? null;
  const on = (...handlers: VoiceHandler[]) => (handlers.includes(v.handler) ? target : null);
  const relay = RELAY_HANDLERS.has(v.handler);
  return {
    call_handler: CALL_HANDLER_OUT[v.handler],
    calling_handler_resource_id: uuidOrNull(on('call_flow', 'ai_agent', 'agent')),
    call_receive_mode: v.receive_mode ?? 'voice',
    call_request_url: v.url ?? null,
    call_request_method: v.method ?? 'POST',
    call_fallback_url: v.fallback_url ?? null,
    call_fallback_method: v.fallback_method ?? 'POST',
    call_status_callback_url: v.handler === 'webhook' ? (v.status_callback_url ?? null) : null,
    call_status_callback_method: v.status_callback_method ?? 'POST',
    call_laml_application_id: on('application'),
    call_dialogflow_agent_id: on('dialogflow'),
    // relay_topic, relay_context and relay_application name one setting by three aliases.
    call_relay_topic: relay ? target : null,
    call_relay_topic_status_callback_url: relay ? (v.status_callback_url ?? null) : null,
    call_relay_script_url: on('relay_script'),
    call_relay_context: relay ? target : null,
    call_relay_context_status_callback_url: relay ? (v.status_callback_url ?? null) : null,
    call_relay_application: relay ? target : null,
    call_relay_connector_id: on('relay_connector'),
    call_sip_endpoint_id: uuidOrNull(on('sip_endpoint')),
    call_verto_resource: on('relay_verto_endpoint'),
    call_video_room_id: uuidOrNull(on('video_room')),
  };
}

function messageFields(m: MessagingRouting) {
  const relay = RELAY_HANDLERS.has(m.handler);
  return {
    message_handler: MESSAGE_HANDLER_OUT[m.handler],
    messaging_handler_resource_id: m.handler === 'messaging_profile' ? uuidOrNull(m.target) : null,
    message_request_url: m.url ?? null,
    message_request_method: m.method ?? 'POST',
    message_fallback_url: m.fallback_url ?? null,
    message_fallback_method: m.fallback_method ?? 'POST',
    message_laml_application_id: m.handler === 'application' ? (m.target ?? null) : null,
    message_relay_topic: relay ? (m.target ?? null) : null,
    message_relay_context: relay ? (m.target ?? null) : null,
  };
}

export function toRelayNumber(r: PhoneNumberRecord) {
  return {
    id: r.id,
    number: r.number,
    name: r.friendly_name,
    capabilities: r.capabilities.filter((c) => ['voice', 'sms', 'mms', 'fax'].includes(c)),
    number_type: r.number_type === 'toll_free' ? 'toll-free' : 'longcode',
    e911_address_id: uuidOrNull(r.emergency_address_id),
    e911_status: E911_STATUS[r.emergency_status] ?? (r.emergency_address_id ? 'unregistered' : null),
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    next_billed_at: r.next_billing_date ? r.next_billing_date.toISOString() : null,
    ...callFields(r.voice_routing),
    ...messageFields(r.messaging_routing),
    country_code: r.country,
  };
}

export function toFilters(q: RelayListQuery): NumberFilters {
  const filters: NumberFilters = {};
  if (q.filter_name) filters.nameContains = q.filter_name;
  if (q.filter_number !== undefined) filters.numberContains = numberPattern(q.filter_number, 'filter_number');
  return filters;
}

/** An update with each null as "": both mean the field is not set. */
type UpdateFields = { [K in keyof RelayUpdateBody]: Exclude<RelayUpdateBody[K], null> };

function blankNulls(body: RelayUpdateBody): UpdateFields {
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, value === null ? '' : value])) as UpdateFields;
}

/** The target of a relay handler: *_relay_application wins over its aliases. */
function relayTarget(handler: string, application?: string, topic?: string, context?: string): string | undefined {
  return application ?? (handler === 'relay_topic' ? (topic ?? context) : (context ?? topic));
}

function callTarget(handler: VoiceHandler, b: UpdateFields): string | undefined {
  switch (handler) {
    case 'relay_context':
    case 'relay_topic':
    case 'relay_application':
      return relayTarget(handler, b.call_relay_application, b.call_relay_topic, b.call_relay_context);
    case 'application':
      return b.call_laml_application_id;
    case 'dialogflow':
      return b.call_dialogflow_agent_id;
    case 'relay_script':
      return b.call_relay_script_url;
    case 'relay_connector':
      return b.call_relay_connector_id;
    case 'sip_endpoint':
      return b.call_sip_endpoint_id;
    case 'relay_verto_endpoint':
      return b.call_verto_resource;
    case 'video_room':
      return b.call_video_room_id;
    default:
      return undefined;
  }
}

const hasAny = (body: object, prefix: string) => Object.keys(body).some((key) => key.startsWith(prefix));

/** Fields for handlers other than the resulting one are ignored, as SignalWire documents. */
function voiceRouting(current: VoiceRouting, b: UpdateFields): VoiceRouting | undefined {
  if (!hasAny(b, 'call_')) return undefined;
  const handler = b.call_handler ? handlerIn<VoiceHandler>(b.call_handler) : current.handler;
  const next: VoiceRouting = { ...current, handler, target: handler === current.handler ? current.target : null };
  const target = callTarget(handler, b);
  if (target !== undefined) next.target = target || null;
  if (b.call_receive_mode) next.receive_mode = b.call_receive_mode;
  if (b.call_request_url !== undefined) next.url = b.call_request_url || null;
  if (b.call_request_method) next.method = b.call_request_method;
  if (b.call_fallback_url !== undefined) next.fallback_url = b.call_fallback_url || null;
  if (b.call_fallback_method) next.fallback_method = b.call_fallback_method;
  if (b.call_status_callback_method) next.status_callback_method = b.call_status_callback_method;
  const status = RELAY_HANDLERS.has(handler)
    ? (b.call_relay_topic_status_callback_url ?? b.call_relay_context_status_callback_url)
    : b.call_status_callback_url;
  if (status !== undefined) next.status_callback_url = status || null;
  return next;
}

function messagingRouting(current: MessagingRouting, b: UpdateFields): MessagingRouting | undefined {
  if (!hasAny(b, 'message_')) return undefined;
  const handler = b.message_handler ? handlerIn<MessagingHandler>(b.message_handler) : current.handler;
  const next: MessagingRouting = { ...current, handler, target: handler === current.handler ? current.target : null };
  const target = RELAY_HANDLERS.has(handler)
    ? relayTarget(handler, b.message_relay_application, b.message_relay_topic, b.message_relay_context)
    : handler === 'application'
      ? b.message_laml_application_id
      : undefined;
  if (target !== undefined) next.target = target || null;
  if (b.message_request_url !== undefined) next.url = b.message_request_url || null;
  if (b.message_request_method) next.method = b.message_request_method;
  if (b.message_fallback_url !== undefined) next.fallback_url = b.message_fallback_url || null;
  if (b.message_fallback_method) next.fallback_method = b.message_fallback_method;
  return next;
}

/** The field of SignalWire's update that names what each call handler hands calls to. */
const CALL_TARGET_FIELDS: Record<string, string> = {
  relay_context: 'call_relay_context',
  relay_topic: 'call_relay_topic',
  relay_application: 'call_relay_application',
  relay_script: 'call_relay_script_url',
  relay_connector: 'call_relay_connector_id',
  relay_sip_endpoint: 'call_sip_endpoint_id',
  relay_verto_endpoint: 'call_verto_resource',
  laml_webhooks: 'call_request_url',
  laml_application: 'call_laml_application_id',
  dialogflow: 'call_dialogflow_agent_id',
  video_room: 'call_video_room_id',
};

const MESSAGE_TARGET_FIELDS: Record<string, string> = {
  relay_context: 'message_relay_context',
  relay_topic: 'message_relay_topic',
  relay_application: 'message_relay_application',
  laml_webhooks: 'message_request_url',
  laml_application: 'message_laml_application_id',
};

/**
 * The services' refusal of a handler without what it hands calls or messages to, in the fields
 * of SignalWire's update: "call_relay_topic is required when call_handler is relay_topic".
 */
export function inRelayBody(error: unknown, body: RelayUpdateBody): unknown {
  if (!(error instanceof AppError)) return error;
  const [, kind] = /^\/(voice|messaging)\/(target|url)$/.exec(error.details.pointer ?? '') ?? [];
  const handlerField = kind === 'voice' ? 'call_handler' : 'message_handler';
  const handler = kind === 'voice' ? body.call_handler : kind === 'messaging' ? body.message_handler : undefined;
  const field = handler && (kind === 'voice' ? CALL_TARGET_FIELDS : MESSAGE_TARGET_FIELDS)[handler];
  if (!field) return error;
  return errors.validation(`${field} is required when ${handlerField} is ${handler}: it says where the ${kind === 'voice' ? 'calls' : 'messages'} go.`, { pointer: `/${field}` });
}

export function toChanges(update: RelayUpdateBody, current: PhoneNumberRecord): NumberChanges {
  const body = blankNulls(update);
  const changes: NumberChanges = {};
  if (body.name !== undefined) changes.friendly_name = body.name || null;
  const voice = voiceRouting(current.voice_routing, body);
  if (voice) changes.voice_routing = voice;
  const messaging = messagingRouting(current.messaging_routing, body);
  if (messaging) changes.messaging_routing = messaging;
  return changes;
}

export function toSearchInput(q: RelaySearchQuery): SearchInput {
  return {
    country: 'US',
    number_type: q.number_type === 'toll-free' ? 'toll_free' : 'local',
    area_code: q.areacode,
    starts_with: q.starts_with,
    contains: q.contains,
    ends_with: q.ends_with,
    region: q.region,
    city: q.city,
    limit: q.max_results ?? 50,
  };
}

export function toRelayAvailable(n: AvailableNumber) {
  const has = (capability: string) => n.capabilities.includes(capability as never);
  return {
    number: n.number,
    ...(n.region ? { region: n.region } : {}),
    ...(n.city ? { city: n.city } : {}),
    capabilities: { voice: has('voice'), sms: has('sms'), mms: has('mms'), fax: has('fax') },
  };
}

const RELAY_CAPABILITIES = ['voice', 'sms', 'mms', 'fax'];

export function toRelayGroup(group: NumberGroup) {
  return { id: group.id, name: group.name, sticky_sender: group.sticky_sender, phone_number_count: group.phone_number_count };
}

export function toRelayMembership(membership: NumberGroupMembership) {
  const number = membership.phone_number;
  return {
    id: membership.id,
    number_group_id: membership.number_group_id,
    phone_number: {
      id: number.id,
      // The document's name is a string: a number without one has none.
      ...(number.friendly_name !== null ? { name: number.friendly_name } : {}),
      number: number.number,
      capabilities: number.capabilities.filter((c) => RELAY_CAPABILITIES.includes(c)),
    },
    created_at: membership.created_at.toISOString(),
    updated_at: membership.updated_at.toISOString(),
  };
}

/** SignalWire names number types as libphonenumber's documentation does ("Fixed Line or Mobile"). */
const RELAY_NUMBER_TYPE: Record<LineType, string> = {
  fixed_line: 'Fixed Line',
  mobile: 'Mobile',
  fixed_line_or_mobile: 'Fixed Line or Mobile',
  toll_free: 'Toll Free',
  premium_rate: 'Premium Rate',
  shared_cost: 'Shared Cost',
  voip: 'VoIP',
  personal_number: 'Personal Number',
  pager: 'Pager',
  uan: 'UAN',
  voicemail: 'Voicemail',
};

/** "Generally either wireless or landline": only the types that are one or the other say so. */
const RELAY_LINE_TYPE: Partial<Record<LineType, string>> = { mobile: 'wireless', fixed_line: 'landline' };

/** Present only when known: the document gives its fields as strings, never null. */
const known = <K extends string>(key: K, value: string | null | undefined) => (value ? ({ [key]: value } as Record<K, string>) : {});

function relayCarrier(lookup: NumberLookup) {
  return {
    ...known('city', lookup.location?.city),
    ...known('state', lookup.location?.region),
    ...known('lec', lookup.original_carrier),
    ...known('linetype', lookup.line_type ? RELAY_LINE_TYPE[lookup.line_type] : null),
  };
}

/**
 * A lookup as SignalWire renders it. carrier and cnam are there when asked for (include), with
 * what the numbering data knows: the caller name needs a live query, so cnam has no caller_id.
 */
export function toRelayLookup(lookup: NumberLookup, include: ReadonlySet<string>) {
  return {
    country_code_number: Number(lookup.country_calling_code),
    national_number: lookup.national_number,
    possible_number: lookup.possible,
    valid_number: lookup.valid,
    national_number_formatted: lookup.national_format,
    international_number_formatted: lookup.international_format,
    e164: lookup.number,
    ...known('location', lookup.location?.description),
    ...known('country_code', lookup.country),
    ...(lookup.time_zones.length ? { timezones: lookup.time_zones } : {}),
    ...known('number_type', lookup.line_type ? RELAY_NUMBER_TYPE[lookup.line_type] : null),
    ...(include.has('carrier') ? { carrier: relayCarrier(lookup) } : {}),
    ...(include.has('cnam') ? { cnam: {} } : {}),
  };
}

/** A sub-address as SignalWire splits it: its kind, when the street's second line begins with one, and the rest. */
function subAddressOf(secondary: string | null): { address_type: string | null; address_number: string | null } {
  if (!secondary) return { address_type: null, address_number: null };
  const [first = '', ...rest] = secondary.split(' ');
  const kind = RELAY_ADDRESS_TYPES.find((type) => type.toLowerCase() === first.toLowerCase());
  return kind ? { address_type: kind, address_number: rest.join(' ') || null } : { address_type: null, address_number: secondary };
}

/**
 * SignalWire's address. Its emergency calling is for US addresses only; validated is whether the
 * address passed Dialtone's check for emergency calling (no carrier is asked).
 */
export function toRelayAddress(a: Address) {
  const name = personNameOf(a);
  const street = streetPartsOf(a);
  return {
    id: a.id,
    label: a.friendly_name ?? '',
    country: a.iso_country,
    first_name: name.first,
    last_name: name.last,
    street_number: street.number,
    street_name: street.name,
    ...subAddressOf(a.street_secondary),
    city: a.city,
    state: a.region,
    postal_code: a.postal_code,
    zip_code: a.postal_code,
    emergency_enabled: a.emergency_enabled && a.iso_country === 'US',
    validated: a.validated_at !== null,
    validated_at: a.validated_at?.toISOString() ?? null,
  };
}

/** An address as SignalWire's create and update give it: every field, the sub-address as the street's second line. */
export function fromRelayAddress(body: RelayAddressBody): AddressInput {
  const country = body.country.toUpperCase();
  return {
    friendly_name: body.label,
    first_name: body.first_name,
    last_name: body.last_name,
    // SignalWire names a person: a business name given elsewhere no longer makes the customer name.
    business_name: null,
    street_number: body.street_number,
    street_name: body.street_name,
    street_secondary: [body.address_type, body.address_number].filter(Boolean).join(' ') || null,
    city: body.city,
    region: body.state,
    postal_code: body.postal_code,
    iso_country: country,
    // Emergency calling is for US addresses only: elsewhere the flag is ignored.
    emergency_enabled: (body.emergency_enabled ?? false) && country === 'US',
  };
}
