import { Type, type Static } from 'typebox';
import { ADDRESS_LIMITS } from '../../addresses/address.js';

/** Request shapes of SignalWire's /api/relay/rest/phone_numbers (signalwire-relay-phone-numbers.openapi.json). */

const Method = Type.Enum(['GET', 'POST'], { type: 'string', description: 'HTTP method.' });
const Text = (description: string, maxLength = 500) => Type.String({ maxLength, description });
const Uuid = (description: string) => Type.String({ format: 'uuid', description });
/** SignalWire's documented examples send null for an unset field (call_laml_application_id: null): the same as "". */
const OrNull = <T extends ReturnType<typeof Text>>(schema: T) => Type.Union([schema, Type.Null()]);

export const RelayListQuerySchema = Type.Object(
  {
    filter_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'Name contains this.' })),
    filter_number: Type.Optional(Type.String({ minLength: 1, maxLength: 32, description: 'Number contains this.' })),
    page_number: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Page, from 0.' })),
    page_size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Numbers per page.' })),
    page_token: Type.Optional(Type.String({ minLength: 1, maxLength: 1000, description: 'From the links of the previous page.' })),
  },
  { additionalProperties: false },
);
export type RelayListQuery = Static<typeof RelayListQuerySchema>;

export const RelayIdParams = Type.Object({ id: Uuid('The id of the phone number.') }, { additionalProperties: false });

export const RelayUpdateBodySchema = Type.Object(
  {
    name: Type.Optional(OrNull(Text('Your name for the number.', 200))),
    call_handler: Type.Optional(
      Type.Enum(
        ['relay_context', 'relay_topic', 'relay_script', 'relay_application', 'relay_connector', 'relay_sip_endpoint',
          'relay_verto_endpoint', 'laml_webhooks', 'laml_application', 'dialogflow', 'video_room'],
        { type: 'string', description: 'What handles inbound calls.' },
      ),
    ),
    call_receive_mode: Type.Optional(Type.Enum(['voice', 'fax'], { type: 'string', description: 'Voice or fax.' })),
    call_request_url: Type.Optional(OrNull(Text('laml_webhooks URL.'))),
    call_request_method: Type.Optional(Method),
    call_fallback_url: Type.Optional(OrNull(Text('laml_webhooks fallback URL.'))),
    call_fallback_method: Type.Optional(Method),
    call_status_callback_url: Type.Optional(OrNull(Text('laml_webhooks status callback.'))),
    call_status_callback_method: Type.Optional(Method),
    call_laml_application_id: Type.Optional(OrNull(Text('laml_application id.', 200))),
    call_dialogflow_agent_id: Type.Optional(OrNull(Text('dialogflow agent id.', 200))),
    call_relay_topic: Type.Optional(OrNull(Text('relay_topic topic; alias of call_relay_application.', 200))),
    call_relay_topic_status_callback_url: Type.Optional(OrNull(Text('Relay status callback.'))),
    call_relay_script_url: Type.Optional(OrNull(Text('relay_script URL.'))),
    call_relay_context: Type.Optional(OrNull(Text('Deprecated alias of call_relay_application.', 200))),
    call_relay_context_status_callback_url: Type.Optional(OrNull(Text('Deprecated alias of call_relay_topic_status_callback_url.'))),
    call_relay_application: Type.Optional(OrNull(Text('relay_application; wins over its aliases.', 200))),
    call_relay_connector_id: Type.Optional(OrNull(Text('relay_connector id.', 200))),
    call_sip_endpoint_id: Type.Optional(OrNull(Uuid('relay_sip_endpoint id.'))),
    call_verto_resource: Type.Optional(OrNull(Text('relay_verto_endpoint resource.', 200))),
    call_video_room_id: Type.Optional(OrNull(Uuid('video_room id.'))),
    message_handler: Type.Optional(
      Type.Enum(['relay_context', 'relay_topic', 'relay_application', 'laml_webhooks', 'laml_application'], {
        type: 'string',
        description: 'What handles inbound messages.',
      }),
    ),
    message_request_url: Type.Optional(OrNull(Text('laml_webhooks URL.'))),
    message_request_method: Type.Optional(Method),
    message_fallback_url: Type.Optional(OrNull(Text('laml_webhooks fallback URL.'))),
    message_fallback_method: Type.Optional(Method),
    message_laml_application_id: Type.Optional(OrNull(Text('laml_application id.', 200))),
    message_relay_topic: Type.Optional(OrNull(Text('Alias of message_relay_application.', 200))),
    message_relay_context: Type.Optional(OrNull(Text('Deprecated alias of message_relay_application.', 200))),
    message_relay_application: Type.Optional(OrNull(Text('relay_application; wins over its aliases.', 200))),
  },
  { additionalProperties: false },
);
export type RelayUpdateBody = Static<typeof RelayUpdateBodySchema>;

export const RelaySearchQuerySchema = Type.Object(
  {
    areacode: Type.Optional(Type.String({ pattern: '^[0-9]{1,5}$', description: 'An area code to search within.' })),
    number_type: Type.Optional(Type.Enum(['local', 'toll-free'], { type: 'string', description: 'Local or toll-free; local by default.' })),
    starts_with: Type.Optional(Type.String({ minLength: 3, maxLength: 7, description: '3 to 7 digits the number starts with.' })),
    contains: Type.Optional(Type.String({ minLength: 3, maxLength: 7, description: '3 to 7 digits the number contains.' })),
    ends_with: Type.Optional(Type.String({ minLength: 3, maxLength: 7, description: '3 to 7 digits the number ends with.' })),
    max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50, description: 'At most this many.' })),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 6, description: 'ISO 3166-2 region, e.g. TX.' })),
    city: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'A city; needs region.' })),
  },
  { additionalProperties: false },
);
export type RelaySearchQuery = Static<typeof RelaySearchQuerySchema>;

export const RelayPurchaseBodySchema = Type.Object(
  { number: Type.String({ minLength: 3, maxLength: 32, description: 'The number to buy, in E.164.' }) },
  { additionalProperties: false },
);

export const RelayImportBodySchema = Type.Object(
  {
    number: Type.String({ minLength: 5, maxLength: 30, pattern: '^\\+?[0-9]{4,29}$', description: 'The number, E.164.' }),
    number_type: Type.Enum(['longcode', 'tollfree'], { type: 'string', description: 'Informational: the type comes from the numbering plan.' }),
    capabilities: Type.Optional(
      Type.Array(Type.Enum(['sms', 'voice', 'fax', 'mms'], { type: 'string' }), {
        minItems: 1,
        maxItems: 4,
        uniqueItems: true,
        description: 'What the number can do; all four when absent.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const E911BodySchema = Type.Object(
  { e911_address_id: Uuid('A validated E911 address of the project.') },
  { additionalProperties: false },
);

/* Number groups and their memberships (the same document's number_groups paths). */

const PageNumber = Type.Integer({ minimum: 0, maximum: 1_000_000, default: 0, description: 'Page, from 0.' });
const PageSize = Type.Integer({ minimum: 1, maximum: 1000, default: 50, description: 'Items per page.' });
const PageToken = Type.String({ minLength: 1, maxLength: 1000, description: 'From the links of the previous page.' });
const GroupName = Type.String({ maxLength: 255, description: 'The name of the group.' });
const StickySender = Type.Boolean({ description: "Whether a recipient keeps getting the same 'From' number of the group." });

export const RelayGroupListQuerySchema = Type.Object(
  {
    filter_name: Type.Optional(Type.String({ minLength: 1, maxLength: 255, description: 'Name contains this.' })),
    page_number: Type.Optional(PageNumber),
    page_size: Type.Optional(PageSize),
    page_token: Type.Optional(PageToken),
  },
  { additionalProperties: false },
);
export type RelayGroupListQuery = Static<typeof RelayGroupListQuerySchema>;

export const RelayMembershipListQuerySchema = Type.Object(
  { page_number: Type.Optional(PageNumber), page_size: Type.Optional(PageSize), page_token: Type.Optional(PageToken) },
  { additionalProperties: false },
);
export type RelayMembershipListQuery = Static<typeof RelayMembershipListQuerySchema>;

/** Create and update take the same body: the name is required in both. */
export const RelayGroupBodySchema = Type.Object({ name: GroupName, sticky_sender: Type.Optional(StickySender) }, { additionalProperties: false });

export const RelayAddMemberBodySchema = Type.Object(
  { phone_number_id: Uuid('A phone number of the project.') },
  { additionalProperties: false },
);

export const RelayGroupIdParams = Type.Object({ id: Uuid('The id of the number group.') }, { additionalProperties: false });
export const RelayMembershipsParams = Type.Object({ NumberGroupId: Uuid('The id of the number group.') }, { additionalProperties: false });
export const RelayMembershipIdParams = Type.Object({ id: Uuid('The id of the number group membership.') }, { additionalProperties: false });

/* E911 addresses (the same document's addresses paths), over the native addresses. */

/** SignalWire's kinds of sub-address (address_type). */
export const RELAY_ADDRESS_TYPES = ['Apartment', 'Basement', 'Building', 'Department', 'Floor', 'Office', 'Penthouse', 'Suite', 'Trailer', 'Unit'] as const;

const AddressText = (description: string, maxLength: number) => Type.String({ minLength: 1, maxLength, description });

/** Create and update (PUT) take the same body. The lengths are Dialtone's, where shorter than SignalWire's 250. */
export const RelayAddressBodySchema = Type.Object(
  {
    label: Type.String({ maxLength: ADDRESS_LIMITS.friendly_name, description: `Your name for the address; Dialtone keeps up to ${ADDRESS_LIMITS.friendly_name} characters.` }),
    country: Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.' }),
    first_name: AddressText('First name of the occupant.', ADDRESS_LIMITS.first_name),
    last_name: AddressText('Last name of the occupant.', ADDRESS_LIMITS.last_name),
    street_number: AddressText('The number of the street address.', ADDRESS_LIMITS.street_number),
    street_name: AddressText('The street.', ADDRESS_LIMITS.street_name),
    address_type: Type.Optional(Type.Enum([...RELAY_ADDRESS_TYPES], { type: 'string', description: 'The kind of sub-address.' })),
    address_number: Type.Optional(Type.String({ maxLength: 100, description: 'Which sub-address.' })),
    city: AddressText('City.', ADDRESS_LIMITS.city),
    state: AddressText('State, province or region; in the US and Canada its two-letter code.', ADDRESS_LIMITS.region),
    postal_code: AddressText('Postal code.', ADDRESS_LIMITS.postal_code),
    emergency_enabled: Type.Optional(Type.Boolean({ description: 'For emergency calling: a US address is checked before it is stored.' })),
    auto_correct_address: Type.Optional(Type.Boolean({ description: 'Store a correctable address corrected (the default), or refuse it.' })),
  },
  { additionalProperties: false },
);
export type RelayAddressBody = Static<typeof RelayAddressBodySchema>;

export const RelayAddressListQuerySchema = Type.Object(
  {
    filter_label: Type.Optional(Type.String({ minLength: 1, maxLength: ADDRESS_LIMITS.friendly_name, description: 'Label contains this.' })),
    page_number: Type.Optional(PageNumber),
    page_size: Type.Optional(PageSize),
    page_token: Type.Optional(PageToken),
  },
  { additionalProperties: false },
);
export type RelayAddressListQuery = Static<typeof RelayAddressListQuerySchema>;

export const RelayAddressIdParams = Type.Object({ id: Uuid('The id of the address.') }, { additionalProperties: false });

/* Phone number lookup. */

export const RelayLookupParams = Type.Object(
  { e164_number: Type.String({ pattern: '^\\+?[1-9][0-9]{1,16}$', description: 'The number in E.164.' }) },
  { additionalProperties: false },
);

export const RelayLookupQuerySchema = Type.Object(
  {
    include: Type.Optional(
      Type.String({
        pattern: '^(carrier|cnam)(,(carrier|cnam))?$',
        description: 'carrier, cnam, or both separated by a comma.',
      }),
    ),
  },
  { additionalProperties: false },
);
