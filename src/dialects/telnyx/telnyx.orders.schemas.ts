import { Type, type Static } from 'typebox';

/** Request shapes of Telnyx's number orders and their numbers (telnyx-phone-numbers.openapi.json). */

export const NumberOrderBodySchema = Type.Object(
  {
    phone_numbers: Type.Array(
      Type.Object(
        {
          phone_number: Type.String({ minLength: 3, maxLength: 32, description: 'A number to buy, E.164.' }),
          bundle_id: Type.Optional(Type.String({ maxLength: 100, description: 'Ignored: no bundles needed.' })),
          requirement_group_id: Type.Optional(Type.String({ maxLength: 100, description: 'Ignored.' })),
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 20, description: 'The numbers to buy.' },
    ),
    customer_reference: Type.Optional(Type.String({ maxLength: 200, description: 'Your reference.' })),
    connection_id: Type.Optional(Type.String({ maxLength: 200, description: 'Put the bought numbers on this connection.' })),
    messaging_profile_id: Type.Optional(Type.String({ maxLength: 200, description: 'And this messaging profile.' })),
    billing_group_id: Type.Optional(Type.String({ maxLength: 200, description: 'And this billing group.' })),
  },
  { additionalProperties: false },
);

export const NumberOrderParams = Type.Object(
  { number_order_id: Type.String({ format: 'uuid', description: 'The order.' }) },
  { additionalProperties: false },
);

const Page = Type.Optional(
  Type.Object(
    {
      // Telnyx's SDKs send 0 for a page they leave unset: the default.
      number: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000, default: 1, description: 'Page, from 1.' })),
      size: Type.Optional(Type.Integer({ minimum: 0, maximum: 250, default: 20, description: 'Per page; 0 is the default, 20.' })),
    },
    { additionalProperties: false },
  ),
);

/** A moment: an ISO 8601 date-time, or a date (its midnight, UTC). */
const Moment = (description: string) =>
  Type.Union([Type.String({ format: 'date-time' }), Type.String({ format: 'date' })], { description });

/** GET /number_orders: its documented filters. */
export const NumberOrderListQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Enum(['pending', 'success', 'failure'], { type: 'string', description: 'Orders in this status.' })),
          created_at: Type.Optional(
            Type.Object(
              { gt: Type.Optional(Moment('Created after this.')), lt: Type.Optional(Moment('Created before this.')) },
              { additionalProperties: false },
            ),
          ),
          phone_numbers_count: Type.Optional(Type.String({ pattern: '^[0-9]{1,3}$', description: 'Orders of exactly this many numbers.' })),
          customer_reference: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'With this customer reference.' })),
          requirements_met: Type.Optional(Type.Boolean({ description: 'Whether every number met its requirements (Dialtone asks for none: always true).' })),
        },
        { additionalProperties: false },
      ),
    ),
    page: Page,
  },
  { additionalProperties: false },
);
export type NumberOrderListQuery = Static<typeof NumberOrderListQuerySchema>;

const RegulatoryRequirements = Type.Array(
  Type.Object(
    {
      requirement_id: Type.Optional(Type.String({ format: 'uuid', description: 'The requirement.' })),
      field_value: Type.Optional(Type.String({ maxLength: 1000, description: 'Its value.' })),
    },
    { additionalProperties: false },
  ),
  { maxItems: 50, description: 'Values for the regulatory requirements of the numbers.' },
);

/** PATCH /number_orders/{id}. */
export const NumberOrderUpdateBodySchema = Type.Object(
  {
    customer_reference: Type.Optional(Type.String({ maxLength: 200, description: 'Your reference for the order; empty removes it.' })),
    regulatory_requirements: Type.Optional(RegulatoryRequirements),
  },
  { additionalProperties: false },
);
export type NumberOrderUpdateBody = Static<typeof NumberOrderUpdateBodySchema>;

/**
 * An order or an ordered number by its id, a UUID: a path with an id of another form names
 * nothing (the provider's 404, before any body is read), as does one that matches nothing.
 */
export const OrderIdParams = Type.Object(
  { number_order_id: Type.String({ format: 'uuid', description: 'The order.' }) },
  { additionalProperties: false },
);

export const OrderPhoneNumberParams = Type.Object(
  { number_order_phone_number_id: Type.String({ format: 'uuid', description: 'The ordered number.' }) },
  { additionalProperties: false },
);

/** GET /number_order_phone_numbers: by country, a page at a time. */
export const OrderPhoneNumberListQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        { country_code: Type.Optional(Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.' })) },
        { additionalProperties: false },
      ),
    ),
    page: Page,
  },
  { additionalProperties: false },
);
export type OrderPhoneNumberListQuery = Static<typeof OrderPhoneNumberListQuerySchema>;

/** PATCH /number_order_phone_numbers/{id}. */
export const OrderPhoneNumberUpdateBodySchema = Type.Object(
  { regulatory_requirements: Type.Optional(RegulatoryRequirements) },
  { additionalProperties: false },
);
