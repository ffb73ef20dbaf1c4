import type { AddressCheck, AddressProblem, CheckedAddress } from '../../addresses/address-check.js';
import type { Address, AddressFilters, AddressInput, AddressSort, AddressSortKey } from '../../addresses/address.js';
import { errors } from '../../errors/catalogue.js';
import { telnyxError } from './telnyx.errors.js';
import type { TelnyxAddressBody, TelnyxAddressListQuery, TelnyxValidateBody } from './telnyx.addresses.schemas.js';

/** Telnyx's name of each field of an address Dialtone's check reads. */
const TELNYX_FIELDS: Record<keyof CheckedAddress, string> = {
  street: 'street_address',
  street_secondary: 'extended_address',
  city: 'locality',
  region: 'administrative_area',
  postal_code: 'postal_code',
  iso_country: 'country_code',
};

/** Where Telnyx's body has each field the addresses service names. */
export const ADDRESS_POINTERS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(TELNYX_FIELDS).map(([native, telnyx]) => [`/${native}`, `/${telnyx}`])),
  '/customer_name': '/business_name',
};

/**
 * Telnyx's address. A person's name is shown as given (an address made elsewhere has none: its
 * customer name is its business name); validate_address is whether it is for emergency use.
 */
export function toTelnyxAddress(a: Address) {
  const person = a.first_name !== null || a.last_name !== null;
  const optional = { neighborhood: a.neighborhood, borough: a.borough, phone_number: a.phone_number, customer_reference: a.customer_reference };
  return {
    id: a.id,
    record_type: 'address',
    first_name: a.first_name ?? '',
    last_name: a.last_name ?? '',
    business_name: a.business_name ?? (person ? '' : a.customer_name),
    street_address: a.street,
    extended_address: a.street_secondary ?? '',
    locality: a.city,
    administrative_area: a.region,
    postal_code: a.postal_code,
    country_code: a.iso_country,
    ...Object.fromEntries(Object.entries(optional).filter(([, value]) => value !== null)),
    address_book: a.address_book,
    validate_address: a.emergency_enabled,
    created_at: a.created_at.toISOString(),
    updated_at: a.updated_at.toISOString(),
  };
}

const orNull = (value: string | undefined) => (value === undefined ? undefined : value || null);

/** An address as Telnyx's create gives it; validate_address (true unless said) makes it one for emergency use, checked as it is made. */
export function fromTelnyxAddress(body: TelnyxAddressBody): AddressInput {
  if (!body.business_name && !(body.first_name && body.last_name)) {
    throw errors.validation('An address has a first and last name or a business name.', { pointer: '/business_name' });
  }
  return {
    first_name: orNull(body.first_name),
    last_name: orNull(body.last_name),
    business_name: orNull(body.business_name),
    street: body.street_address,
    street_secondary: orNull(body.extended_address),
    city: body.locality,
    region: body.administrative_area ?? '',
    postal_code: body.postal_code ?? '',
    iso_country: body.country_code,
    neighborhood: orNull(body.neighborhood),
    borough: orNull(body.borough),
    phone_number: orNull(body.phone_number),
    customer_reference: orNull(body.customer_reference),
    address_book: body.address_book,
    emergency_enabled: body.validate_address ?? true,
  };
}

/** The fields of Telnyx's address check request, in the native names. */
export function toCheckedAddress(body: TelnyxValidateBody): CheckedAddress {
  return {
    street: body.street_address,
    street_secondary: body.extended_address || null,
    city: body.locality ?? '',
    region: body.administrative_area ?? '',
    postal_code: body.postal_code,
    iso_country: body.country_code,
  };
}

function problemEntry(problem: AddressProblem) {
  const field = TELNYX_FIELDS[problem.field];
  const { entry } = telnyxError('validation_failed', problem.detail, { pointer: `/${field}` });
  return { code: entry.code, title: `Invalid ${field}`, description: problem.detail, source: entry.source, meta: entry.meta };
}

/** The answer of Telnyx's address check: the result, the suggested form in Telnyx's names, and the problems. */
export function toTelnyxValidation(check: AddressCheck) {
  const s = check.suggested;
  return {
    record_type: 'address_validation',
    result: check.valid ? 'valid' : 'invalid',
    suggested: {
      street_address: s.street,
      ...(s.street_secondary ? { extended_address: s.street_secondary } : {}),
      locality: s.city,
      administrative_area: s.region,
      postal_code: s.postal_code,
      country_code: s.iso_country,
    },
    errors: check.problems.map(problemEntry),
  };
}

const SORT_KEYS: Record<string, AddressSortKey> = {
  created_at: 'created_at',
  first_name: 'first_name',
  last_name: 'last_name',
  business_name: 'business_name',
  street_address: 'street',
};

export function toAddressSort(sort: string | undefined): AddressSort | undefined {
  if (!sort) return undefined;
  const descending = sort.startsWith('-');
  return { key: SORT_KEYS[descending ? sort.slice(1) : sort]!, descending };
}

export function toAddressFilters(filter: TelnyxAddressListQuery['filter']): AddressFilters {
  const filters: AddressFilters = {};
  const reference = filter?.customer_reference;
  if (typeof reference === 'string') filters.customer_reference_contains = reference;
  else if (reference?.eq !== undefined) filters.customer_reference = reference.eq;
  if (typeof reference === 'object' && reference.contains !== undefined) filters.customer_reference_contains = reference.contains;
  if (filter?.used_as_emergency !== undefined) filters.used_as_emergency = filter.used_as_emergency === 'true';
  if (filter?.street_address?.contains !== undefined) filters.street_contains = filter.street_address.contains;
  if (filter?.address_book?.eq !== undefined) filters.address_book = filter.address_book.eq === 'true';
  return filters;
}
