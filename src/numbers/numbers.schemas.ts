import { Type, type Static } from 'typebox';
import { ExportBody, ExportFormatParameter } from '../exports/export-stream.js';
import { E164, ListOf, Money, Nullable, StringEnum, Timestamp, Uuid } from '../http/schema-kit.js';
import { SORT_KEYS, type NumberFilters } from './list-query.js';
import { numberSearch } from './number-search.js';
import type { CsvImportResult, ImportNumberInput, NumberChanges } from './numbers.service.js';
import {
  CALL_SCREENING,
  CAPABILITIES,
  CARRIERS,
  CLIENT_SETTABLE_STATUSES,
  daysUntilRenewal,
  EMERGENCY_STATUSES,
  FORWARDING_TYPES,
  isDueForRenewal,
  NUMBER_TYPES,
  RECORDING_CHANNELS,
  RECORDING_FORMATS,
  SOURCES,
  STATUSES,
  USAGE_PAYMENT_METHODS,
  type PhoneNumberRecord,
} from './phone-number.js';
import { MESSAGING_HANDLERS, VOICE_HANDLERS } from './routing.js';

/** The native /v1 shapes of a phone number: resource, list query, import and update bodies. */

const HttpMethod = StringEnum(['GET', 'POST'] as const, { description: 'HTTP method for the request.', example: 'POST' });
const Url = (description: string) =>
  Nullable(Type.String({ format: 'uri', maxLength: 2000, description, example: 'https://example.com/calls' }));
const Text = (description: string, example: string, maxLength = 200) =>
  Nullable(Type.String({ maxLength, description, example }));

const webhookFields = {
  url: Type.Optional(Url('Where the webhook handler sends its request.')),
  method: Type.Optional(HttpMethod),
  fallback_url: Type.Optional(Url('Tried when the request to url fails.')),
  fallback_method: Type.Optional(HttpMethod),
  status_callback_url: Type.Optional(Url('Receives status changes.')),
  status_callback_method: Type.Optional(HttpMethod),
  target: Type.Optional(
    Text('The application, SIP endpoint, agent, context or topic the handler hands over to.', 'support-queue'),
  ),
};

export const VoiceRoutingSchema = Type.Object(
  {
    handler: StringEnum(VOICE_HANDLERS, { description: 'What handles inbound calls.', example: 'webhook' }),
    receive_mode: Type.Optional(StringEnum(['voice', 'fax'] as const, { description: 'Receive calls as voice or fax.' })),
    caller_id_lookup: Type.Optional(Type.Boolean({ description: 'Look up the caller name on inbound calls.' })),
    ...webhookFields,
  },
  { additionalProperties: false, description: 'Inbound call routing.' },
);

export const MessagingRoutingSchema = Type.Object(
  {
    handler: StringEnum(MESSAGING_HANDLERS, { description: 'What handles inbound messages.', example: 'webhook' }),
    ...webhookFields,
  },
  { additionalProperties: false, description: 'Inbound message routing.' },
);

const Capabilities = Type.Array(StringEnum(CAPABILITIES, { description: 'A capability.', example: 'voice' }), {
  uniqueItems: true,
  maxItems: CAPABILITIES.length,
  description: 'What the number can do.',
  example: ['voice', 'sms'],
});
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,]+$' }), {
  maxItems: 50,
  uniqueItems: true,
  description: 'Labels of your own.',
  example: ['support', 'emea'],
});

export const PhoneNumberSchema = Type.Object(
  {
    id: Uuid('The id of the phone number.'),
    object: Type.Literal('phone_number', { description: 'Always phone_number.' }),
    organization_id: Uuid('The organization holding the number.'),
    number: E164,
    country: Type.String({ description: 'ISO 3166-1 alpha-2 country of the number.', example: 'US' }),
    number_type: StringEnum(NUMBER_TYPES, { description: 'The type, from the numbering plan.', example: 'local' }),
    national_format: Type.String({ description: 'As dialled within the country.', example: '(415) 555-2671' }),
    international_format: Type.String({ description: 'As dialled from abroad.', example: '+1 415 555 2671' }),
    friendly_name: Nullable(Type.String({ description: 'Your name for the number.', example: 'Support line' })),
    capabilities: Capabilities,
    supports_inbound: Type.Boolean({ description: 'Receives calls and messages.' }),
    supports_outbound: Type.Boolean({ description: 'Places calls and sends messages.' }),
    status: StringEnum(STATUSES, { description: 'Where the number is in its lifecycle.', example: 'active' }),
    carrier: StringEnum(CARRIERS, { description: 'The carrier or trunk serving the number.', example: 'telnyx' }),
    source: StringEnum(SOURCES, { description: 'How the number came to the organization.', example: 'purchased' }),
    is_sandbox: Type.Boolean({ description: 'Bought from the built-in sandbox carrier.' }),
    tags: Tags,
    customer_reference: Nullable(Type.String({ description: 'Your reference for look-ups.', example: 'ACME-001' })),
    connection_id: Nullable(Type.String({ description: 'The SIP connection or trunk.', example: '1293384261075731499' })),
    connection_name: Nullable(Type.String({ description: 'The name of the connection.', example: 'main-trunk' })),
    billing_group_id: Nullable(Type.String({ description: 'The billing group.', example: 'bg-emea' })),
    messaging_profile_id: Nullable(Type.String({ description: 'The messaging profile.', example: 'mp-1' })),
    messaging_profile_name: Nullable(Type.String({ description: 'Its name.', example: 'regional-customers' })),
    emergency: Type.Object(
      {
        enabled: Type.Boolean({ description: 'Emergency (E911) calling is on.' }),
        address_id: Nullable(Type.String({ description: 'The emergency address: one of the organization\'s addresses (/v1/addresses).', example: '0b9f7c64-3d2e-4f5a-8b1c-6e7d8f9a0b1c' })),
        status: StringEnum(EMERGENCY_STATUSES, { description: 'Provisioning state.', example: 'active' }),
      },
      { description: 'Emergency calling.' },
    ),
    regulatory: Type.Object(
      {
        address_id: Nullable(Uuid('The address the number is registered at: one of the organization\'s addresses (/v1/addresses).')),
        identity_sid: Nullable(Type.String({ description: 'The regulatory identity the number was filed with.', example: 'IT0123456789abcdef0123456789abcdef' })),
        bundle_sid: Nullable(Type.String({ description: 'The regulatory bundle the number was filed with.', example: 'BU0123456789abcdef0123456789abcdef' })),
      },
      { description: 'What regulation asks of the number: its address and filings.' },
    ),
    features: Type.Object(
      {
        call_forwarding: Type.Boolean({ description: 'Call forwarding.' }),
        call_forwarding_to: Nullable({ ...E164, description: 'Where forwarded calls go; none, no call is forwarded.' }),
        call_forwarding_type: StringEnum(FORWARDING_TYPES, { description: 'Forward every call, or only calls not answered.', example: 'always' }),
        cnam_listing: Type.Boolean({ description: 'CNAM listing.' }),
        cnam_listing_details: Nullable(Type.String({ description: 'The caller name listed: up to 15 letters, digits or spaces.', example: 'ACME SUPPORT' })),
        caller_id_name: Type.Boolean({ description: 'Caller ID name on inbound calls.' }),
        call_recording: Type.Boolean({ description: 'Inbound call recording.' }),
        call_recording_format: StringEnum(RECORDING_FORMATS, { description: 'The recordings\' file format.', example: 'wav' }),
        call_recording_channels: StringEnum(RECORDING_CHANNELS, { description: 'single, or dual: the caller on one channel, the rest on the other.', example: 'single' }),
        t38_fax_gateway: Type.Boolean({ description: 'T.38 fax gateway.' }),
        hd_voice: Type.Boolean({ description: 'HD voice.' }),
        inbound_call_screening: StringEnum(CALL_SCREENING, { description: 'Screening of fraudulent calls.' }),
        usage_payment_method: StringEnum(USAGE_PAYMENT_METHODS, { description: 'Voice usage billed by the minute or against concurrent channels.', example: 'per_minute' }),
      },
      { description: 'Per-number voice features.' },
    ),
    provider_settings: Type.Object(
      {
        telnyx: Type.Optional(
          Type.Object(
            {
              tech_prefix_enabled: Type.Optional(Type.Boolean({ description: 'Tech prefix.' })),
              translated_number: Type.Optional(Type.String({ description: 'What the dialled number is rewritten to.', example: '+13035559999' })),
              rtp_auto_adjust_enabled: Type.Optional(Type.Boolean({ description: 'RTP auto-adjust.' })),
              accept_any_rtp_packets_enabled: Type.Optional(Type.Boolean({ description: 'Accept RTP packets from any address.' })),
              messaging_product: Type.Optional(Type.String({ description: 'The messaging product.', example: 'P2P' })),
            },
            { description: 'Set through the Telnyx API (/v2).' },
          ),
        ),
      },
      { description: 'Settings only one provider API speaks of, kept as its clients set them; Dialtone does not act on them.' },
    ),
    deletion_lock_enabled: Type.Boolean({ description: 'While on, the number cannot be released.' }),
    external_pin_set: Type.Boolean({ description: 'A port-out PIN is set (the PIN itself is never returned).' }),
    voice: VoiceRoutingSchema,
    messaging: MessagingRoutingSchema,
    assignment: Type.Object(
      {
        status: StringEnum(['assigned', 'free'] as const, { description: 'Assigned to an agent or free.' }),
        agent_id: Nullable(Type.String({ description: 'The agent or application.', example: 'agent_b2c3d4' })),
        assigned_at: Nullable(Timestamp('When it was assigned.')),
      },
      { description: 'Which agent the number is assigned to.' },
    ),
    pricing: Type.Object(
      {
        monthly_cost: Nullable(Money('Cost per month.')),
        upfront_cost: Nullable(Money('One-time cost at purchase.')),
        currency: Type.String({ description: 'ISO 4217 currency.', example: 'USD' }),
      },
      { description: 'What the number costs.' },
    ),
    renewal: Type.Object(
      {
        auto_renew: Type.Boolean({ description: 'Renew at the end of each period; otherwise release.' }),
        next_billing_date: Nullable(Timestamp('When the number is next billed.')),
        days_until_renewal: Nullable(Type.Integer({ description: 'Whole days until then.', example: 15 })),
        due_for_renewal: Type.Boolean({ description: 'The billing date has come.' }),
      },
      { description: 'Renewal of the number.' },
    ),
    created_at: Timestamp('When the number was added.'),
    updated_at: Timestamp('When the number last changed.'),
    purchased_at: Nullable(Timestamp('When the number was bought.')),
    released_at: Nullable(Timestamp('When the number was released.')),
  },
  { description: 'A phone number held by an organization.' },
);
export type PhoneNumberResource = Static<typeof PhoneNumberSchema>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toResource(r: PhoneNumberRecord, now = new Date()): PhoneNumberResource {
  return {
    id: r.id,
    object: 'phone_number',
    organization_id: r.organization_id,
    number: r.number,
    country: r.country,
    number_type: r.number_type,
    national_format: r.national_format,
    international_format: r.international_format,
    friendly_name: r.friendly_name,
    capabilities: r.capabilities,
    supports_inbound: r.supports_inbound,
    supports_outbound: r.supports_outbound,
    status: r.status,
    carrier: r.carrier,
    source: r.source,
    is_sandbox: r.is_sandbox,
    tags: r.tags,
    customer_reference: r.customer_reference,
    connection_id: r.connection_id,
    connection_name: r.connection_name,
    billing_group_id: r.billing_group_id,
    messaging_profile_id: r.messaging_profile_id,
    messaging_profile_name: r.messaging_profile_name,
    emergency: {
      enabled: r.emergency_enabled,
      address_id: r.emergency_address_id,
      status: r.emergency_status,
    },
    regulatory: { address_id: r.address_id, identity_sid: r.identity_sid, bundle_sid: r.bundle_sid },
    features: {
      call_forwarding: r.call_forwarding_enabled,
      call_forwarding_to: r.call_forwarding_to,
      call_forwarding_type: r.call_forwarding_type,
      cnam_listing: r.cnam_listing_enabled,
      cnam_listing_details: r.cnam_listing_details,
      caller_id_name: r.caller_id_name_enabled,
      call_recording: r.call_recording_enabled,
      call_recording_format: r.call_recording_format,
      call_recording_channels: r.call_recording_channels,
      t38_fax_gateway: r.t38_fax_gateway_enabled,
      hd_voice: r.hd_voice_enabled,
      inbound_call_screening: r.inbound_call_screening,
      usage_payment_method: r.usage_payment_method,
    },
    provider_settings: r.provider_settings,
    deletion_lock_enabled: r.deletion_lock_enabled,
    external_pin_set: r.external_pin_set,
    voice: r.voice_routing,
    messaging: r.messaging_routing,
    assignment: {
      status: r.assigned_agent_id ? 'assigned' : 'free',
      agent_id: r.assigned_agent_id,
      assigned_at: iso(r.assigned_at),
    },
    pricing: { monthly_cost: r.monthly_cost, upfront_cost: r.upfront_cost, currency: r.currency },
    renewal: {
      auto_renew: r.auto_renew,
      next_billing_date: iso(r.next_billing_date),
      days_until_renewal: daysUntilRenewal(r, now),
      due_for_renewal: isDueForRenewal(r, now),
    },
    created_at: r.created_at.toISOString(),
    updated_at: r.updated_at.toISOString(),
    purchased_at: iso(r.purchased_at),
    released_at: iso(r.released_at),
  };
}

// ---- list ---------------------------------------------------------------------------------

const Digits = (description: string) => Type.String({ pattern: '^[0-9]{1,15}$', description, example: '555' });
const DateBound = (description: string) => Type.String({ format: 'date-time', description, example: '2026-01-01T00:00:00Z' });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2.', example: 'US' });

/** What a list of numbers is narrowed by: the list's filters, the export's and the CLI's. */
const listFilterFields = {
  status: Type.Optional(ListOf(StringEnum(STATUSES, { description: 'A status.' }), 'Any of these statuses (released numbers are listed only when asked for).')),
  number_type: Type.Optional(ListOf(StringEnum(NUMBER_TYPES, { description: 'A type.' }), 'Any of these number types.')),
  country: Type.Optional(ListOf(Country, 'Any of these countries.')),
  capability: Type.Optional(ListOf(StringEnum(CAPABILITIES, { description: 'A capability.' }), 'All of these capabilities.')),
  carrier: Type.Optional(ListOf(StringEnum(CARRIERS, { description: 'A carrier.' }), 'Any of these carriers.')),
  source: Type.Optional(ListOf(StringEnum(SOURCES, { description: 'A source.' }), 'Any of these sources.')),
  tag: Type.Optional(ListOf(Type.String({ minLength: 1, maxLength: 64 }), 'All of these tags.')),
  without_tags: Type.Optional(Type.Boolean({ description: 'true: only numbers with no tags; false: only tagged numbers.' })),
  assigned: Type.Optional(Type.Boolean({ description: 'true: assigned to an agent; false: free.' })),
  assigned_agent_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Assigned to this agent.' })),
  connection_id: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'On this connection.' })),
  connection_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The connection is named exactly this.' })),
  connection_name_contains: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "The connection's name contains this, ignoring case." }),
  ),
  connection_name_starts_with: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "The connection's name starts with this, ignoring case." }),
  ),
  connection_name_ends_with: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: "The connection's name ends with this, ignoring case." }),
  ),
  billing_group_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'In this billing group; "none" for numbers in none.' }),
  ),
  emergency_address_id: Type.Optional(
    Type.String({ minLength: 1, maxLength: 200, description: 'With this emergency address; "none" for numbers with none.' }),
  ),
  customer_reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'With this reference.' })),
  number_contains: Type.Optional(Digits('The number contains these digits.')),
  number_starts_with: Type.Optional(Digits('The number, country code included, starts with these digits.')),
  number_ends_with: Type.Optional(Digits('The number ends with these digits.')),
  name_contains: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'The name contains this, ignoring case.' })),
  search: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      description:
        'Matches a name, an id, or a number: its digits anywhere in it, or the number itself in any format (a national one, such as 020 4386 6669, exactly in a country filtered by, and by the digits after its trunk 0 in any).',
      example: '020 4386 6669',
    }),
  ),
  created_after: Type.Optional(DateBound('Added at or after this time.')),
  created_before: Type.Optional(DateBound('Added before this time.')),
  renewal_after: Type.Optional(DateBound('Next billed at or after this time.')),
  renewal_before: Type.Optional(DateBound('Next billed before this time.')),
};

const sortFields = {
  sort: Type.Optional(StringEnum(SORT_KEYS, { description: 'Sort key (ties broken by id).', example: 'created_at' })),
  order: Type.Optional(
    StringEnum(['asc', 'desc'] as const, { description: 'Direction; created_at defaults to desc, the others to asc.' }),
  ),
};

export const ListQuerySchema = Type.Object(
  {
    ...listFilterFields,
    ...sortFields,
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Page size.' })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'next_cursor of the previous page.' })),
    include_total: Type.Optional(Type.Boolean({ description: 'Also count every match (costs a count query).' })),
  },
  { additionalProperties: false },
);
export type ListQuery = Static<typeof ListQuerySchema>;

/** The list's filters and sort, without its paging, and the file's format. */
export const ExportQuerySchema = Type.Object(
  {
    ...listFilterFields,
    ...sortFields,
    format: ExportFormatParameter("csv (the import's columns, with a header row) or ndjson (one number a line, as the list shows it).", 'csv'),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuerySchema>;

/** The exported file, streamed as it is read. */
export const ExportBodySchema = ExportBody(
  "Every number matching the filters, in the sort's order: CSV with a header row (text/csv) or NDJSON (application/x-ndjson).",
);

type FilterQuery = Pick<ListQuery, keyof typeof listFilterFields>;

/** Query parameters that take several values, for splitting comma lists. */
export const LIST_PARAMETERS = ['status', 'number_type', 'country', 'capability', 'carrier', 'source', 'tag'] as const;

export const ListResponseSchema = Type.Object({
  object: Type.Literal('list', { description: 'Always list.' }),
  data: Type.Array(PhoneNumberSchema),
  has_more: Type.Boolean({ description: 'More numbers follow this page.' }),
  next_cursor: Nullable(Type.String({ description: 'Send as cursor to get the next page.' })),
  total_count: Type.Optional(Type.Integer({ description: 'Every match, when include_total=true.' })),
});

/** The path of one number: /v1/phone-numbers/:id. */
export const NumberIdParams = Type.Object({ id: Uuid('The id of the phone number.') }, { additionalProperties: false });

/** A number looked up by the number itself, in any common form. */
export const LookupQuery = Type.Object(
  { number: Type.String({ minLength: 3, maxLength: 32, description: 'The number, in any common form.', example: '+14155552671' }) },
  { additionalProperties: false },
);

/** Who holds a number, and the number with its routing: the operator's routing lookup. */
export const RouteResponse = Type.Object({
  organization_id: Uuid('The organization holding the number.'),
  phone_number: PhoneNumberSchema,
});

const date = (value: string | undefined) => (value === undefined ? undefined : new Date(value));

export function toFilters(q: FilterQuery): NumberFilters {
  const filters: NumberFilters = {
    status: q.status,
    numberType: q.number_type,
    country: q.country,
    capability: q.capability,
    carrier: q.carrier,
    source: q.source,
    tag: q.tag,
    withoutTags: q.without_tags,
    assigned: q.assigned,
    assignedAgentId: q.assigned_agent_id,
    connectionId: q.connection_id,
    connectionName: q.connection_name,
    connectionNameContains: q.connection_name_contains,
    connectionNameStartsWith: q.connection_name_starts_with,
    connectionNameEndsWith: q.connection_name_ends_with,
    billingGroupId: q.billing_group_id === 'none' ? null : q.billing_group_id,
    emergencyAddressId: q.emergency_address_id === 'none' ? null : q.emergency_address_id,
    customerReference: q.customer_reference,
    numberContains: q.number_contains,
    numberStartsWith: q.number_starts_with,
    numberEndsWith: q.number_ends_with,
    nameContains: q.name_contains,
    search: q.search === undefined ? undefined : numberSearch(q.search, q.country),
    createdAfter: date(q.created_after),
    createdBefore: date(q.created_before),
    renewalAfter: date(q.renewal_after),
    renewalBefore: date(q.renewal_before),
  };
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as NumberFilters;
}

// ---- writes -------------------------------------------------------------------------------

const writableFields = {
  friendly_name: Type.Optional(Text('Your name for the number.', 'Support line')),
  tags: Type.Optional(Tags),
  capabilities: Type.Optional(Capabilities),
  supports_inbound: Type.Optional(Type.Boolean({ description: 'Receives calls and messages.' })),
  supports_outbound: Type.Optional(Type.Boolean({ description: 'Places calls and sends messages.' })),
  customer_reference: Type.Optional(Text('Your reference.', 'ACME-001')),
  connection_id: Type.Optional(Text('The SIP connection or trunk.', 'trunk-1')),
  connection_name: Type.Optional(Text('The name of the connection.', 'main-trunk')),
  billing_group_id: Type.Optional(Text('The billing group.', 'bg-emea')),
  messaging_profile_id: Type.Optional(Text('The messaging profile.', 'mp-1')),
  messaging_profile_name: Type.Optional(Text('Its name.', 'regional-customers')),
  emergency: Type.Optional(
    Type.Object(
      {
        enabled: Type.Optional(Type.Boolean({ description: 'Turn emergency calling on or off.' })),
        address_id: Type.Optional(Text('The emergency address: the id of one of the organization\'s addresses (/v1/addresses).', '0b9f7c64-3d2e-4f5a-8b1c-6e7d8f9a0b1c')),
      },
      { additionalProperties: false, description: 'Emergency calling.' },
    ),
  ),
  features: Type.Optional(
    Type.Object(
      {
        call_forwarding: Type.Optional(Type.Boolean({ description: 'Call forwarding.' })),
        call_forwarding_to: Type.Optional(
          Nullable(Type.String({ minLength: 3, maxLength: 32, description: 'Where forwarded calls go, in any common form; null: nowhere.', example: '+13035559123' })),
        ),
        call_forwarding_type: Type.Optional(StringEnum(FORWARDING_TYPES, { description: 'Forward every call, or only calls not answered.', example: 'always' })),
        cnam_listing: Type.Optional(Type.Boolean({ description: 'CNAM listing.' })),
        cnam_listing_details: Type.Optional(
          Nullable(Type.String({ pattern: '^[A-Za-z0-9 ]{1,15}$', description: 'The caller name listed (needs cnam_listing on).', example: 'ACME SUPPORT' })),
        ),
        caller_id_name: Type.Optional(Type.Boolean({ description: 'Caller ID name.' })),
        call_recording: Type.Optional(Type.Boolean({ description: 'Call recording.' })),
        call_recording_format: Type.Optional(StringEnum(RECORDING_FORMATS, { description: 'Recording file format.', example: 'mp3' })),
        call_recording_channels: Type.Optional(StringEnum(RECORDING_CHANNELS, { description: 'single or dual channels.', example: 'dual' })),
        t38_fax_gateway: Type.Optional(Type.Boolean({ description: 'T.38 fax gateway.' })),
        hd_voice: Type.Optional(Type.Boolean({ description: 'HD voice.' })),
        inbound_call_screening: Type.Optional(StringEnum(CALL_SCREENING, { description: 'Call screening.' })),
        usage_payment_method: Type.Optional(StringEnum(USAGE_PAYMENT_METHODS, { description: 'How voice usage is billed.', example: 'channel' })),
      },
      { additionalProperties: false, description: 'Per-number voice features.' },
    ),
  ),
  deletion_lock_enabled: Type.Optional(Type.Boolean({ description: 'While on, the number cannot be released.' })),
  external_pin: Type.Optional(
    Nullable(Type.String({ pattern: '^[0-9A-Za-z]{4,12}$', description: 'Port-out PIN; write-only.', example: '1234' })),
  ),
  voice: Type.Optional(VoiceRoutingSchema),
  messaging: Type.Optional(MessagingRoutingSchema),
  assignment: Type.Optional(
    Type.Object(
      { agent_id: Text('Assign to this agent or application; null frees the number.', 'agent_b2c3d4') },
      { additionalProperties: false, description: 'Assignment to an agent.' },
    ),
  ),
  renewal: Type.Optional(
    Type.Object(
      { auto_renew: Type.Boolean({ description: 'Renew automatically at the end of each period.' }) },
      { additionalProperties: false, description: 'Renewal.' },
    ),
  ),
};

export const UpdateBodySchema = Type.Object(
  {
    ...writableFields,
    status: Type.Optional(
      StringEnum(CLIENT_SETTABLE_STATUSES, { description: 'Suspend, resume or restart a failed port.', example: 'suspended' }),
    ),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type UpdateBody = Static<typeof UpdateBodySchema>;

export const ImportBodySchema = Type.Object(
  {
    number: Type.String({ minLength: 3, maxLength: 32, description: 'The number, E.164 or national with country.', example: '+14155552671' }),
    country: Type.Optional(Country),
    carrier: Type.Optional(StringEnum(['sip', 'byoc', 'telnyx', 'signalwire', 'twilio'] as const, { description: 'Who serves it.', example: 'byoc' })),
    source: Type.Optional(StringEnum(['imported', 'ported'] as const, { description: 'ported starts the number as port_pending.' })),
    pricing: Type.Optional(
      Type.Object(
        {
          monthly_cost: Type.Optional(Nullable(Money('Cost per month.'))),
          upfront_cost: Type.Optional(Nullable(Money('One-time cost.'))),
          currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217.', example: 'USD' })),
        },
        { additionalProperties: false },
      ),
    ),
    next_billing_date: Type.Optional(Nullable(Timestamp('When the number is next billed.'))),
    ...writableFields,
  },
  { additionalProperties: false },
);
export type ImportBody = Static<typeof ImportBodySchema>;

type WritableBody = Omit<UpdateBody, 'status'>;

export function toChanges(body: WritableBody & { status?: UpdateBody['status'] }): NumberChanges {
  const { emergency, features, voice, messaging, assignment, renewal, ...plain } = body;
  const changes: NumberChanges = { ...plain };
  if (emergency?.enabled !== undefined) changes.emergency_enabled = emergency.enabled;
  if (emergency?.address_id !== undefined) changes.emergency_address_id = emergency.address_id;
  if (features) {
    const map = {
      call_forwarding: 'call_forwarding_enabled',
      call_forwarding_to: 'call_forwarding_to',
      call_forwarding_type: 'call_forwarding_type',
      cnam_listing: 'cnam_listing_enabled',
      cnam_listing_details: 'cnam_listing_details',
      caller_id_name: 'caller_id_name_enabled',
      call_recording: 'call_recording_enabled',
      call_recording_format: 'call_recording_format',
      call_recording_channels: 'call_recording_channels',
      t38_fax_gateway: 't38_fax_gateway_enabled',
      hd_voice: 'hd_voice_enabled',
      inbound_call_screening: 'inbound_call_screening',
      usage_payment_method: 'usage_payment_method',
    } as const satisfies Record<string, keyof NumberChanges>;
    for (const [field, column] of Object.entries(map)) {
      const value = features[field as keyof typeof features];
      if (value !== undefined) (changes as Record<string, unknown>)[column] = value;
    }
  }
  if (voice) changes.voice_routing = voice;
  if (messaging) changes.messaging_routing = messaging;
  if (assignment) changes.assigned_agent_id = assignment.agent_id;
  if (renewal) changes.auto_renew = renewal.auto_renew;
  return changes;
}

export function toImportInput(body: ImportBody): ImportNumberInput {
  const { number, country, carrier, source, pricing, next_billing_date, ...writable } = body;
  return {
    ...toChanges(writable),
    number,
    country,
    carrier,
    source,
    monthly_cost: pricing?.monthly_cost,
    upfront_cost: pricing?.upfront_cost,
    currency: pricing?.currency,
    next_billing_date: next_billing_date ? new Date(next_billing_date) : next_billing_date === null ? null : undefined,
  };
}

// ---- CSV import ---------------------------------------------------------------------------

export const CsvImportBodySchema = Type.Object(
  {
    csv: Type.String({
      minLength: 1,
      maxLength: 1_000_000,
      description:
        'The CSV: a header row naming any of the columns number (required), country, friendly_name, tags, capabilities ' +
        '(tags and capabilities separated by ;), carrier, customer_reference, connection_id, billing_group_id, then at most ' +
        '2,000 rows. What GET /v1/phone-numbers/export writes imports as it is.',
      example: 'number,friendly_name,tags\n+14155552671,Support,support;emea\n',
    }),
    dry_run: Type.Optional(
      Type.Boolean({ description: 'Check the rows and answer what the import would do, writing nothing.', default: false, example: true }),
    ),
  },
  { additionalProperties: false },
);
export type CsvImportBody = Static<typeof CsvImportBodySchema>;

export const CsvImportResultSchema = Type.Object(
  {
    object: Type.Literal('phone_number_import', { description: 'Always phone_number_import.' }),
    dry_run: Type.Boolean({ description: 'Nothing was written: the answer is what the import would do now.' }),
    row_count: Type.Integer({ description: 'The rows of the CSV, besides its header.', example: 3 }),
    imported_count: Type.Integer({ description: 'The numbers imported (on a dry run: that would be).', example: 2 }),
    rejected: Type.Array(
      Type.Object({
        line: Type.Integer({ description: "The row's line in the CSV, the header being line 1.", example: 3 }),
        number: Type.String({ description: 'The number as the row gives it.', example: '+1415555' }),
        code: Type.String({ description: 'The error code from the closed catalogue.', example: 'invalid_phone_number' }),
        detail: Type.String({ description: 'Why the row is left out.', example: '"+1415555" is not a valid phone number.' }),
      }),
      { description: 'Every row left out (on a dry run: that would be), by line.' },
    ),
  },
  { description: 'What a CSV import did, or on a dry run would do.' },
);

export function toCsvImportResource(result: CsvImportResult, dryRun: boolean): Static<typeof CsvImportResultSchema> {
  return {
    object: 'phone_number_import',
    dry_run: dryRun,
    row_count: result.rows,
    imported_count: result.imported,
    rejected: result.rejected,
  };
}
