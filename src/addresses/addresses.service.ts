import { changesBetween, type AuditNote } from '../changes/journal.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import { errors } from '../errors/catalogue.js';
import {
  ADDRESS_LIMITS,
  customerNameOf,
  NAME_PARTS,
  STREET_PARTS,
  streetOf,
  type Address,
  type AddressFilters,
  type AddressInput,
  type AddressSort,
} from './address.js';
import { checkAddress, isWrittenAsSuggested, knowsFormatOf, oneLine, type AddressCheck, type CheckedAddress } from './address-check.js';
import type { AddressesRepo, AddressPaging } from './addresses.repo.js';

/** The fields that may be left empty (stored as null); every other text field needs a value. */
const OPTIONAL_TEXT = new Set<string>(['friendly_name', 'street_secondary', ...NAME_PARTS, ...STREET_PARTS, 'neighborhood', 'borough', 'phone_number', 'customer_reference']);

export interface AddressRepos extends JournaledRepos {
  addresses: AddressesRepo;
}

const ISO_COUNTRY = /^[A-Z]{2}$/;

/** The fields of an address an audit record compares. */
function fieldsOf(address: Address | null): Record<string, unknown> | null {
  if (!address) return null;
  const { id: _id, organization_id: _org, created_at: _created, updated_at: _updated, ...fields } = address;
  return fields;
}

function addressAudit(action: string, before: Address | null, after: Address | null): AuditNote {
  const address = (after ?? before)!;
  return {
    organizationId: address.organization_id,
    action: `address.${action}`,
    resourceType: 'address',
    resourceId: address.id,
    changes: changesBetween(fieldsOf(before), fieldsOf(after)),
  };
}

/** Text fields trimmed; empty optional ones become null; every field within its length. */
function normalized(input: Partial<AddressInput>): Partial<AddressInput> {
  const out: Partial<AddressInput> = {};
  for (const key of Object.keys(input) as (keyof AddressInput)[]) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== 'string') {
      (out as Record<string, unknown>)[key] = value;
      continue;
    }
    const text = value.trim();
    const limit = ADDRESS_LIMITS[key as keyof typeof ADDRESS_LIMITS];
    if (limit !== undefined && text.length > limit) throw errors.validation(`${key} is at most ${limit} characters.`, { pointer: `/${key}` });
    if (OPTIONAL_TEXT.has(key)) (out as Record<string, unknown>)[key] = text || null;
    else if (key === 'iso_country') out.iso_country = text.toUpperCase();
    else if (!text) throw errors.validation(`${key} cannot be empty.`, { pointer: `/${key}` });
    else (out as Record<string, unknown>)[key] = text;
  }
  if (out.iso_country !== undefined && !ISO_COUNTRY.test(out.iso_country)) {
    throw errors.validation('iso_country is an ISO 3166-1 alpha-2 code, such as US.', { pointer: '/iso_country' });
  }
  return out;
}

/**
 * The address as a change leaves it: customer_name and street made of their parts when only
 * parts were given, and the parts let go of when the whole was given without them (they would
 * no longer make it up).
 */
function withWholes(before: Partial<Address>, fields: Partial<AddressInput>): Partial<AddressInput> {
  const out = { ...fields };
  for (const [whole, parts, compose] of [
    ['customer_name', NAME_PARTS, customerNameOf],
    ['street', STREET_PARTS, streetOf],
  ] as const) {
    const partsGiven = parts.some((part) => fields[part] !== undefined);
    if (fields[whole] === undefined && partsGiven) out[whole] = compose({ ...before, ...fields });
    else if (fields[whole] !== undefined && !partsGiven) for (const part of parts) if (before[part] != null) out[part] = null;
    if (out[whole] !== undefined && !out[whole]) {
      throw errors.validation(`${whole} cannot be empty: give it, or the parts it is made of (${parts.join(', ')}).`, { pointer: `/${whole}` });
    }
    const limit = ADDRESS_LIMITS[whole];
    if (out[whole] !== undefined && out[whole]!.length > limit) {
      throw errors.validation(`${whole} is at most ${limit} characters, with its parts put together.`, { pointer: `/${whole}` });
    }
  }
  return out;
}

/** How a change of an address is checked: a correctable address is stored corrected unless autoCorrect is false (then refused). */
export interface CheckOptions {
  autoCorrect?: boolean;
}

/** The fields Dialtone's address check reads. */
const CHECKED_FIELDS = ['street', 'street_secondary', 'city', 'region', 'postal_code', 'iso_country'] as const;

type CheckedChange = Partial<AddressInput> & { validated_at?: Date | null };

/**
 * An address enabled for emergency calling, in a country whose format Dialtone knows, is
 * checked when it is made, turned on or changed: refused if it is no valid postal address,
 * stored in the form the check suggests (or refused, if the client will not have it
 * corrected), and marked validated. A change the check does not pass over clears the mark.
 */
function checkedForEmergency(before: Address | null, fields: Partial<AddressInput>, options: CheckOptions): CheckedChange {
  const turnedOn = fields.emergency_enabled === true && !before?.emergency_enabled;
  if (before && !turnedOn && !CHECKED_FIELDS.some((field) => fields[field] !== undefined)) return fields;
  const merged = { ...before, ...fields };
  const next: CheckedAddress = {
    street: merged.street ?? '',
    street_secondary: merged.street_secondary ?? null,
    city: merged.city ?? '',
    region: merged.region ?? '',
    postal_code: merged.postal_code ?? '',
    iso_country: merged.iso_country ?? '',
  };
  if (!merged.emergency_enabled || !knowsFormatOf(next.iso_country)) return { ...fields, validated_at: null };
  const check = checkAddress(next);
  if (!check.valid) {
    const detail = check.problems.map((problem) => problem.detail).join(' ');
    throw errors.validation(`An address for emergency calling must be a valid postal address: ${detail}`, { pointer: `/${check.problems[0]!.field}` });
  }
  if (isWrittenAsSuggested(next, check)) return { ...fields, validated_at: new Date() };
  if (options.autoCorrect === false) {
    throw errors.validation(`The address is written otherwise than its postal form, ${oneLine(check.suggested)}: send it so, or let it be corrected.`, {
      pointer: '/',
      suggested: check.suggested,
    });
  }
  return { ...fields, ...check.suggested, validated_at: new Date() };
}

/**
 * An organization's addresses: made, changed and deleted here, each change with its audit
 * record. Numbers refer to them (a number's address, its emergency address); an address a
 * held number uses is not deleted.
 */
export class AddressesService {
  constructor(
    private readonly repo: AddressesRepo,
    private readonly transact: Transact<AddressRepos>,
  ) {}

  async create(organizationId: string, input: AddressInput, options: CheckOptions = {}): Promise<Address> {
    const given = withWholes({}, normalized(input));
    for (const required of ['customer_name', 'street', 'city', 'region', 'postal_code', 'iso_country'] as const) {
      if (!given[required]) throw errors.validation(`${required} is required.`, { pointer: `/${required}` });
    }
    const fields = checkedForEmergency(null, given, options);
    return this.transact(async ({ addresses, journal }) => {
      const address = await addresses.insert({
        organization_id: organizationId,
        customer_name: fields.customer_name!,
        friendly_name: fields.friendly_name ?? null,
        street: fields.street!,
        street_secondary: fields.street_secondary ?? null,
        city: fields.city!,
        region: fields.region!,
        postal_code: fields.postal_code!,
        iso_country: fields.iso_country!,
        emergency_enabled: fields.emergency_enabled ?? false,
        first_name: fields.first_name ?? null,
        last_name: fields.last_name ?? null,
        business_name: fields.business_name ?? null,
        street_number: fields.street_number ?? null,
        street_name: fields.street_name ?? null,
        neighborhood: fields.neighborhood ?? null,
        borough: fields.borough ?? null,
        phone_number: fields.phone_number ?? null,
        customer_reference: fields.customer_reference ?? null,
        address_book: fields.address_book ?? true,
        validated_at: fields.validated_at ?? null,
      });
      journal.audit(addressAudit('created', null, address));
      return address;
    });
  }

  /** The organization's address; shownAs is the id as the client gave it, for the not-found answer. */
  async get(organizationId: string, id: string, shownAs = id): Promise<Address> {
    const address = isUuid(id) ? await this.repo.get(organizationId, id) : undefined;
    if (!address) throw errors.notFound('address', shownAs);
    return address;
  }

  list(organizationId: string, filters: AddressFilters, paging: AddressPaging, sort?: AddressSort): Promise<Address[]> {
    return this.repo.list(organizationId, filters, paging, sort);
  }

  /** How many of the organization's addresses the filters match. */
  count(organizationId: string, filters: AddressFilters): Promise<number> {
    return this.repo.count(organizationId, filters);
  }

  async update(organizationId: string, id: string, changes: Partial<AddressInput>, shownAs = id, options: CheckOptions = {}): Promise<Address> {
    const fields = normalized(changes);
    if (!isUuid(id)) throw errors.notFound('address', shownAs);
    return this.transact(async ({ addresses, journal }) => {
      const before = await addresses.lock(organizationId, id);
      if (!before) throw errors.notFound('address', shownAs);
      if (Object.keys(fields).length === 0) return before;
      const after = (await addresses.update(organizationId, id, checkedForEmergency(before, withWholes(before, fields), options)))!;
      journal.audit(addressAudit('updated', before, after));
      return after;
    });
  }

  /** Checks an address before it is stored: whether it is well formed for its country, and its best written form. */
  check(address: CheckedAddress): AddressCheck {
    return checkAddress(address);
  }

  /**
   * Stores the address in the form its check suggests. Accepted is whether it is valid in that
   * form; changed, whether it was written otherwise before (and is now rewritten).
   */
  async acceptSuggestions(organizationId: string, id: string, shownAs = id): Promise<{ address: Address; accepted: boolean; changed: boolean }> {
    if (!isUuid(id)) throw errors.notFound('address', shownAs);
    return this.transact(async ({ addresses, journal }) => {
      const before = await addresses.lock(organizationId, id);
      if (!before) throw errors.notFound('address', shownAs);
      const check = checkAddress(before);
      if (!check.valid || isWrittenAsSuggested(before, check)) return { address: before, accepted: check.valid, changed: false };
      const after = (await addresses.update(organizationId, id, checkedForEmergency(before, check.suggested, {})))!;
      journal.audit(addressAudit('updated', before, after));
      return { address: after, accepted: true, changed: true };
    });
  }

  /** Deletes the address unless a held number uses it; it is locked meanwhile, so none takes it up. Returns it as it was. */
  async delete(organizationId: string, id: string, shownAs = id): Promise<Address> {
    if (!isUuid(id)) throw errors.notFound('address', shownAs);
    return this.transact(async ({ addresses, journal }) => {
      const before = await addresses.lock(organizationId, id);
      if (!before) throw errors.notFound('address', shownAs);
      const users = await addresses.countHeldUsers(organizationId, id);
      if (users > 0) throw errors.addressInUse(shownAs, users);
      await addresses.delete(organizationId, id);
      journal.audit(addressAudit('deleted', before, null));
      return before;
    });
  }
}
