import { Type, type Static } from 'typebox';

/** Request shapes of the Telnyx v2 phone-number operations (telnyx-phone-numbers.openapi.json). */

const Text = (description: string, maxLength = 200) => Type.String({ minLength: 1, maxLength, description });

const TelnyxStatus = Type.Enum(
  ['purchase-pending', 'purchase-failed', 'port-pending', 'active', 'deleted', 'port-failed', 'emergency-only', 'ported-out', 'port-out-pending'],
  { type: 'string', description: 'Numbers in this status.' },
);

const Filter = Type.Object(
  {
    billing_group_id: Type.Optional(Text('In this billing group; "null" for none.')),
    connection_id: Type.Optional(Text('On this connection.')),
    country_iso_alpha2: Type.Optional(
      Type.Union([Text('ISO country codes, comma-separated.', 200), Type.Array(Text('An ISO country code.', 2), { maxItems: 20 })]),
    ),
    customer_reference: Type.Optional(Text('With this customer reference.')),
    emergency_address_id: Type.Optional(Text('With this emergency address; "null" for none.')),
    number_type: Type.Optional(
      Type.Object(
        { eq: Type.Enum(['local', 'national', 'toll_free', 'mobile', 'shared_cost'], { type: 'string', description: 'The type.' }) },
        { additionalProperties: false },
      ),
    ),
    phone_number: Type.Optional(Text('The number contains these digits; anything but digits matches no number.', 32)),
    source: Type.Optional(Type.Enum(['ported', 'purchased'], { type: 'string', description: 'How the number came.' })),
    status: Type.Optional(TelnyxStatus),
    tag: Type.Optional(Text('With this tag.', 64)),
    'voice.connection_name': Type.Optional(
      Type.Object(
        {
          contains: Type.Optional(Type.String({ minLength: 3, maxLength: 200, description: 'Connection name contains; three characters or more.' })),
          starts_with: Type.Optional(Type.String({ minLength: 3, maxLength: 200, description: 'Connection name starts with; three characters or more.' })),
          ends_with: Type.Optional(Type.String({ minLength: 3, maxLength: 200, description: 'Connection name ends with; three characters or more.' })),
          eq: Type.Optional(Text('Connection name equals.')),
        },
        { additionalProperties: false },
      ),
    ),
    'voice.usage_payment_method': Type.Optional(
      Type.Enum(['pay-per-minute', 'channel'], { type: 'string', description: 'Billing method.' }),
    ),
    without_tags: Type.Optional(Type.Enum(['true', 'false'], { type: 'string', description: 'Only untagged numbers.' })),
  },
  { additionalProperties: false },
);

export const TelnyxListQuerySchema = Type.Object(
  {
    filter: Type.Optional(Filter),
    page: Type.Optional(
      Type.Object(
        {
          // Telnyx's SDKs send 0 for a page they leave unset (the seed's PHP example): the default.
          number: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 1, description: 'Page, from 1; 0 is the first.' })),
          size: Type.Optional(Type.Integer({ minimum: 0, maximum: 250, default: 20, description: 'Numbers per page; 0 is the default, 20.' })),
        },
        { additionalProperties: false },
      ),
    ),
    sort: Type.Optional(
      Type.Enum(['purchased_at', 'phone_number', 'connection_name', 'usage_payment_method'], {
        type: 'string',
        description: 'Sort key; connection_name and usage_payment_method keep the default order.',
      }),
    ),
    handle_messaging_profile_error: Type.Optional(Type.Enum(['true', 'false'], { type: 'string', description: 'Ignored.' })),
  },
  { additionalProperties: false },
);
export type TelnyxListQuery = Static<typeof TelnyxListQuerySchema>;

/**
 * GET /phone_numbers/slim: the list's parameters, and whether to add the tags and the connection.
 * Its document spells one status port_pending (the list's is port-pending): both are taken.
 */
export const SlimListQuerySchema = Type.Object(
  {
    ...TelnyxListQuerySchema.properties,
    filter: Type.Optional(
      Type.Object(
        {
          ...Filter.properties,
          status: Type.Optional(Type.Enum([...TelnyxStatus.enum, 'port_pending'], { type: 'string', description: 'Numbers in this status; port_pending is port-pending.' })),
        },
        { additionalProperties: false },
      ),
    ),
    include_connection: Type.Optional(Type.Boolean({ description: 'Add connection_name.' })),
    include_tags: Type.Optional(Type.Boolean({ description: 'Add the tags.' })),
  },
  { additionalProperties: false },
);

/** GET /phone_numbers/voice: the numbers with their voice settings. */
export const VoiceListQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        {
          connection_name: Type.Optional(
            Type.Object({ contains: Type.Optional(Text('The connection name contains this (three characters or more).')) }, { additionalProperties: false }),
          ),
          customer_reference: Type.Optional(Text('With this customer reference.')),
          phone_number: Type.Optional(Text('The number contains these digits.', 32)),
          'voice.usage_payment_method': Type.Optional(Type.Enum(['pay-per-minute', 'channel'], { type: 'string', description: 'Billing method.' })),
        },
        { additionalProperties: false },
      ),
    ),
    page: TelnyxListQuerySchema.properties.page,
    sort: TelnyxListQuerySchema.properties.sort,
  },
  { additionalProperties: false },
);
export type VoiceListQuery = Static<typeof VoiceListQuerySchema>;

/** GET /phone_numbers/messaging: flat parameters, as its document gives them (filter[phone_number] and filter[phone_number][contains] both). */
export const MessagingListQuerySchema = Type.Object(
  {
    'filter[messaging_profile_id]': Type.Optional(Type.String({ format: 'uuid', description: 'On this messaging profile.' })),
    'filter[phone_number]': Type.Optional(Text('These numbers exactly, comma-separated.', 2000)),
    'filter[phone_number][contains]': Type.Optional(Text('The number contains these digits.', 32)),
    'filter[type]': Type.Optional(Type.Enum(['tollfree', 'longcode', 'shortcode'], { type: 'string', description: 'The type of number.' })),
    'sort[phone_number]': Type.Optional(Type.Enum(['asc', 'desc'], { type: 'string', description: 'By number.' })),
    'page[number]': Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page, from 1.' })),
    'page[size]': Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 20, description: 'Numbers per page.' })),
  },
  { additionalProperties: false },
);
export type MessagingListQuery = Static<typeof MessagingListQuerySchema>;

/** The filters of a CSV download and of an update job: those of the list that their document gives, and has_bundle. */
export const DownloadAndJobFilter = Type.Object(
  {
    ...Type.Omit(Filter, ['country_iso_alpha2', 'number_type', 'source', 'without_tags']).properties,
    has_bundle: Type.Optional(
      Type.Enum(['true', 'false'], { type: 'string', description: 'Numbers filed with a regulatory bundle (Twilio’s BundleSid), or with none.' }),
    ),
  },
  { additionalProperties: false },
);

/** POST /phone_numbers/csv_downloads: the format and the filters. */
export const CsvDownloadCreateQuerySchema = Type.Object(
  {
    csv_format: Type.Optional(Type.Enum(['V1', 'V2'], { type: 'string', description: 'Both give the columns of the Dialtone export.' })),
    filter: Type.Optional(DownloadAndJobFilter),
  },
  { additionalProperties: false },
);
export type CsvDownloadCreateQuery = Static<typeof CsvDownloadCreateQuerySchema>;

export const CsvDownloadListQuerySchema = Type.Object({ page: TelnyxListQuerySchema.properties.page }, { additionalProperties: false });

export const CsvDownloadParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, description: 'The CSV download.' }) },
  { additionalProperties: false },
);

export const TelnyxIdParams = Type.Object(
  { id: Type.String({ pattern: '^[0-9]{1,19}$', description: 'The numeric id of the phone number.' }) },
  { additionalProperties: false },
);

export const TelnyxUpdateBodySchema = Type.Object(
  {
    address_id: Type.Optional(Text('The emergency address.')),
    billing_group_id: Type.Optional(Text('The billing group.')),
    connection_id: Type.Optional(Text('The connection.')),
    customer_reference: Type.Optional(Text('Your reference.')),
    external_pin: Type.Optional(Type.String({ pattern: '^[0-9A-Za-z]{4,12}$', description: 'Port-out PIN.' })),
    hd_voice_enabled: Type.Optional(Type.Boolean({ description: 'HD voice.' })),
    id: Type.Optional(Type.String({ maxLength: 19, description: 'Read-only; ignored.' })),
    tags: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,]+$' }), { maxItems: 50, uniqueItems: true, description: 'Tags.' }),
    ),
  },
  { additionalProperties: false },
);
export type TelnyxUpdateBody = Static<typeof TelnyxUpdateBodySchema>;

const Pattern = (description: string) => Type.String({ pattern: '^[0-9A-Za-z]{1,15}$', description: `${description} 1 to 15 digits or keypad letters.` });

export const AvailableQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        {
          country_code: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO country.' })),
          phone_number_type: Type.Optional(
            Type.Enum(['local', 'toll_free', 'mobile', 'national', 'shared_cost'], { type: 'string', description: 'The type.' }),
          ),
          national_destination_code: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'Area code.' })),
          phone_number: Type.Optional(
            Type.Object(
              {
                starts_with: Type.Optional(Pattern('Starts with.')),
                contains: Type.Optional(Pattern('Contains.')),
                ends_with: Type.Optional(Pattern('Ends with.')),
              },
              { additionalProperties: false },
            ),
          ),
          administrative_area: Type.Optional(Type.String({ minLength: 1, maxLength: 6, description: 'State or region: ISO 3166-2 subdivision, e.g. TX, or BY in DE.' })),
          locality: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'City, with or without administrative_area.' })),
          rate_center: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'Refused by name: Dialtone has no rate-center data.' })),
          features: Type.Optional(
            Type.Union([
              Type.String({ pattern: '^[a-z_]+(,[a-z_]+)*$', description: 'Comma-separated features.' }),
              Type.Array(Type.String({ pattern: '^[a-z_]+$' }), { maxItems: 8 }),
            ]),
          ),
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, description: 'At most this many.' })),
          best_effort: Type.Optional(Type.Boolean({ description: 'Ignored: results are exact.' })),
          exclude_held_numbers: Type.Optional(Type.Boolean({ description: 'Ignored: held numbers are never offered.' })),
          quickship: Type.Optional(Type.Boolean({ description: 'Ignored: every number ships at once.' })),
          reservable: Type.Optional(Type.Boolean({ description: 'Ignored.' })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type AvailableQuery = Static<typeof AvailableQuerySchema>;

const Switch = (description: string) => Type.Optional(Type.Boolean({ description }));

/** PATCH /phone_numbers/{id}/voice: every field its document gives. */
export const VoiceSettingsBodySchema = Type.Object(
  {
    call_forwarding: Type.Optional(
      Type.Object(
        {
          call_forwarding_enabled: Switch('Forward calls (on by default when forwards_to is given).'),
          forwarding_type: Type.Optional(Type.Enum(['always', 'on-failure'], { type: 'string', description: 'Every call, or only calls not answered.' })),
          forwards_to: Type.Optional(
            Type.String({ pattern: '^(\\+[1-9][0-9]{6,14})?$', description: 'Where calls are forwarded, +E.164; empty: nowhere.' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    call_recording: Type.Optional(
      Type.Object(
        {
          inbound_call_recording_enabled: Switch('Record inbound calls.'),
          inbound_call_recording_format: Type.Optional(Type.Enum(['wav', 'mp3'], { type: 'string', description: 'The file format.' })),
          inbound_call_recording_channels: Type.Optional(Type.Enum(['single', 'dual'], { type: 'string', description: 'single or dual (stereo).' })),
        },
        { additionalProperties: false },
      ),
    ),
    cnam_listing: Type.Optional(
      Type.Object(
        {
          cnam_listing_enabled: Switch('List the caller name.'),
          cnam_listing_details: Type.Optional(
            Type.String({ pattern: '^[A-Za-z0-9 ]{1,15}$', description: 'The name listed: 1 to 15 letters, digits or spaces.' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    caller_id_name_enabled: Switch('Caller ID name on inbound calls.'),
    media_features: Type.Optional(
      Type.Object(
        {
          t38_fax_gateway_enabled: Switch('Accept T.38 re-INVITEs.'),
          rtp_auto_adjust_enabled: Switch('RTP auto-adjust.'),
          accept_any_rtp_packets_enabled: Switch('Accept RTP packets from any address.'),
        },
        { additionalProperties: false },
      ),
    ),
    inbound_call_screening: Type.Optional(
      Type.Enum(['disabled', 'reject_calls', 'flag_calls'], { type: 'string', description: 'Screening of fraudulent calls.' }),
    ),
    tech_prefix_enabled: Switch('Tech prefix.'),
    translated_number: Type.Optional(
      Type.String({ pattern: '^\\+?[0-9A-Za-z]{0,32}$', description: 'Rewrite the dialled number to this (letters and digits); empty: no rewrite.' }),
    ),
    usage_payment_method: Type.Optional(Type.Enum(['pay-per-minute', 'channel'], { type: 'string', description: 'How voice usage is billed.' })),
  },
  { additionalProperties: false },
);
export type VoiceSettingsBody = Static<typeof VoiceSettingsBodySchema>;

/** POST /phone_numbers/{id}/actions/enable_emergency: emergency calling on or off, with the address it uses. */
export const EnableEmergencyBodySchema = Type.Object(
  {
    emergency_enabled: Type.Boolean({ description: 'Emergency calling on or off.' }),
    emergency_address_id: Type.String({ minLength: 1, maxLength: 100, description: 'One of the account\'s addresses (/v2/addresses).' }),
  },
  { additionalProperties: false },
);

/** PATCH /phone_numbers/{id}/messaging: a field left out or null keeps its value. */
export const MessagingSettingsBodySchema = Type.Object(
  {
    messaging_product: Type.Optional(
      Type.Union([Type.String({ minLength: 1, maxLength: 64, description: 'A product the number is eligible for (eligible_messaging_products).' }), Type.Null()]),
    ),
    messaging_profile_id: Type.Optional(Type.Union([Type.String({ maxLength: 200, description: 'The messaging profile; empty removes it.' }), Type.Null()])),
    tags: Type.Optional(
      Type.Union([
        Type.Array(Type.String({ minLength: 1, maxLength: 64, pattern: '^[^,]+$' }), { maxItems: 50, uniqueItems: true, description: 'Tags.' }),
        Type.Null(),
      ]),
    ),
  },
  { additionalProperties: false },
);
export type MessagingSettingsBody = Static<typeof MessagingSettingsBodySchema>;

/** POST /phone_numbers/actions/verify_ownership: the numbers to check, in E.164. */
export const VerifyOwnershipBodySchema = Type.Object(
  {
    phone_numbers: Type.Array(Type.String({ minLength: 1, maxLength: 32, description: 'A phone number in E.164.' }), {
      minItems: 1,
      maxItems: 1000,
      description: 'The numbers to check; each is found (held by the organization, not being released) or not found.',
    }),
  },
  { additionalProperties: false },
);
export type VerifyOwnershipBody = Static<typeof VerifyOwnershipBodySchema>;

export type EnableEmergencyBody = Static<typeof EnableEmergencyBodySchema>;
