import { Type } from 'typebox';
import { CursorPageQuery, Nullable, Timestamp, Uuid } from '../http/schema-kit.js';
import { ADDRESS_LIMITS, type Address } from './address.js';

/** The native /v1 shapes of addresses. */

const text = (max: number, description: string, example: string) => Type.String({ minLength: 1, maxLength: max, description, example });

const CustomerName = text(ADDRESS_LIMITS.customer_name, 'Whose address it is: the person or business.', 'Acme Inc.');
const FriendlyName = Type.String({ maxLength: ADDRESS_LIMITS.friendly_name, description: 'Your name for the address.', example: 'Head office' });
const Street = text(ADDRESS_LIMITS.street, 'Number and street.', '1 Market St');
const StreetSecondary = Type.String({ maxLength: ADDRESS_LIMITS.street_secondary, description: 'Suite, floor, unit.', example: 'Suite 300' });
const City = text(ADDRESS_LIMITS.city, 'City or locality.', 'San Francisco');
const Region = text(ADDRESS_LIMITS.region, 'State, province or region.', 'CA');
const PostalCode = text(ADDRESS_LIMITS.postal_code, 'Postal or ZIP code.', '94105');
const IsoCountry = Type.String({ pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2 country.', example: 'US' });
const EmergencyEnabled = Type.Boolean({ description: 'Registered for emergency calling.', example: false });

export const AddressSchema = Type.Object(
  {
    id: Uuid('The address id.'),
    object: Type.Literal('address', { description: 'Always address.' }),
    customer_name: CustomerName,
    friendly_name: Nullable(FriendlyName),
    street: Street,
    street_secondary: Nullable(StreetSecondary),
    city: City,
    region: Region,
    postal_code: PostalCode,
    iso_country: Type.String({ description: 'ISO 3166-1 alpha-2 country, upper case.', example: 'US' }),
    emergency_enabled: EmergencyEnabled,
    created_at: Timestamp('When it was created.'),
    updated_at: Timestamp('When it last changed.'),
  },
  { description: "An address of the organization: a number's regulatory address or its emergency address." },
);

export const CreateAddressBody = Type.Object(
  {
    customer_name: CustomerName,
    friendly_name: Type.Optional(FriendlyName),
    street: Street,
    street_secondary: Type.Optional(StreetSecondary),
    city: City,
    region: Region,
    postal_code: PostalCode,
    iso_country: IsoCountry,
    emergency_enabled: Type.Optional(EmergencyEnabled),
  },
  { additionalProperties: false },
);

export const UpdateAddressBody = Type.Object(
  {
    customer_name: Type.Optional(CustomerName),
    friendly_name: Type.Optional(Nullable(FriendlyName)),
    street: Type.Optional(Street),
    street_secondary: Type.Optional(Nullable(StreetSecondary)),
    city: Type.Optional(City),
    region: Type.Optional(Region),
    postal_code: Type.Optional(PostalCode),
    iso_country: Type.Optional(IsoCountry),
    emergency_enabled: Type.Optional(EmergencyEnabled),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const AddressIdParams = Type.Object({ id: Uuid('The address id.') }, { additionalProperties: false });

export const ADDRESSES_PAGE_SIZE = 50;
export const AddressesListQuery = Type.Object(
  {
    ...CursorPageQuery(ADDRESSES_PAGE_SIZE, 200).properties,
    customer_name: Type.Optional(text(ADDRESS_LIMITS.customer_name, 'Only addresses of this customer name, exactly.', 'Acme Inc.')),
    friendly_name: Type.Optional(text(ADDRESS_LIMITS.friendly_name, 'Only addresses with this friendly name, exactly.', 'Head office')),
    iso_country: Type.Optional(IsoCountry),
    emergency_enabled: Type.Optional(EmergencyEnabled),
  },
  { additionalProperties: false },
);

export function toAddressResource(a: Address) {
  return {
    id: a.id,
    object: 'address' as const,
    customer_name: a.customer_name,
    friendly_name: a.friendly_name,
    street: a.street,
    street_secondary: a.street_secondary,
    city: a.city,
    region: a.region,
    postal_code: a.postal_code,
    iso_country: a.iso_country,
    emergency_enabled: a.emergency_enabled,
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
  };
}
