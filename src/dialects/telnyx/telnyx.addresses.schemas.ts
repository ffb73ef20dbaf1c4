import { Type, type Static } from 'typebox';
import { ADDRESS_LIMITS } from '../../addresses/address.js';

/** Request shapes of Telnyx's /v2/addresses (telnyx-phone-numbers.openapi.json), bounded by Dialtone's lengths. */

const Text = (description: string, maxLength: number) => Type.String({ maxLength, description });
const Required = (description: string, maxLength: number) => Type.String({ minLength: 1, maxLength, description });
const CountryCode = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.' });

/** The fields Telnyx's address check reads (ValidateAddressRequest). */
const checkedFields = {
  street_address: Required('The street address.', ADDRESS_LIMITS.street),
  extended_address: Type.Optional(Text('Suite, floor, unit.', ADDRESS_LIMITS.street_secondary)),
  locality: Type.Optional(Text('City.', ADDRESS_LIMITS.city)),
  administrative_area: Type.Optional(Text('State or region; for US addresses the state.', ADDRESS_LIMITS.region)),
  postal_code: Type.Optional(Text('Postal code.', ADDRESS_LIMITS.postal_code)),
  country_code: CountryCode,
};

export const TelnyxAddressBodySchema = Type.Object(
  {
    ...checkedFields,
    locality: Required('City.', ADDRESS_LIMITS.city),
    first_name: Text('First name; an address has a first and last name or a business name.', ADDRESS_LIMITS.first_name),
    last_name: Text('Last name.', ADDRESS_LIMITS.last_name),
    business_name: Text('Business name.', ADDRESS_LIMITS.business_name),
    neighborhood: Type.Optional(Text('Neighborhood, outside the US.', ADDRESS_LIMITS.neighborhood)),
    borough: Type.Optional(Text('Borough, outside the US.', ADDRESS_LIMITS.borough)),
    phone_number: Type.Optional(Text('A contact number for the address.', ADDRESS_LIMITS.phone_number)),
    customer_reference: Type.Optional(Text('Your reference.', ADDRESS_LIMITS.customer_reference)),
    address_book: Type.Optional(Type.Boolean({ description: 'Among the addresses shown for everyday use (default true).' })),
    validate_address: Type.Optional(Type.Boolean({ description: 'Check the address for emergency use when it is made (default true).' })),
  },
  { additionalProperties: false },
);
export type TelnyxAddressBody = Static<typeof TelnyxAddressBodySchema>;

export const TelnyxValidateBodySchema = Type.Object(
  { ...checkedFields, postal_code: Required('Postal code.', ADDRESS_LIMITS.postal_code) },
  { additionalProperties: false },
);
export type TelnyxValidateBody = Static<typeof TelnyxValidateBodySchema>;

/** The orders of a list; "-" before one reverses it. */
export const TELNYX_ADDRESS_SORTS = ['created_at', 'first_name', 'last_name', 'business_name', 'street_address'] as const;

export const TelnyxAddressListQuerySchema = Type.Object(
  {
    filter: Type.Optional(
      Type.Object(
        {
          customer_reference: Type.Optional(
            Type.Union([
              Text('Customer reference contains this, in any case.', ADDRESS_LIMITS.customer_reference),
              Type.Object(
                {
                  eq: Type.Optional(Text('Customer reference is this.', ADDRESS_LIMITS.customer_reference)),
                  contains: Type.Optional(Text('Customer reference contains this, in any case.', ADDRESS_LIMITS.customer_reference)),
                },
                { additionalProperties: false },
              ),
            ]),
          ),
          used_as_emergency: Type.Optional(Type.Enum(['true', 'false'], { type: 'string', description: 'Used (or not) as a held number\'s emergency address.' })),
          street_address: Type.Optional(
            Type.Object(
              { contains: Type.Optional(Type.String({ minLength: 3, maxLength: ADDRESS_LIMITS.street, description: 'Street contains this, in any case.' })) },
              { additionalProperties: false },
            ),
          ),
          address_book: Type.Optional(
            Type.Object(
              { eq: Type.Optional(Type.Enum(['true', 'false'], { type: 'string', description: 'In the address book, or not.' })) },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    page: Type.Optional(
      Type.Object(
        {
          number: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1, description: 'Page, from 1.' })),
          size: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 20, description: 'Addresses per page.' })),
        },
        { additionalProperties: false },
      ),
    ),
    sort: Type.Optional(
      Type.Enum(
        TELNYX_ADDRESS_SORTS.flatMap((key) => [key, `-${key}`]),
        { type: 'string', description: 'The order, ascending; "-" first for descending. Without it, newest first.' },
      ),
    ),
  },
  { additionalProperties: false },
);
export type TelnyxAddressListQuery = Static<typeof TelnyxAddressListQuerySchema>;

export const TelnyxAddressParams = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 100, description: 'The address.' }) },
  { additionalProperties: false },
);

export const TelnyxAcceptSuggestionsBodySchema = Type.Object(
  { id: Type.Optional(Type.String({ maxLength: 100, description: 'The address, as in the path.' })) },
  { additionalProperties: false },
);
