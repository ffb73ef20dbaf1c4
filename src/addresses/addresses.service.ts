import { changesBetween, type AuditNote } from '../changes/journal.js';
import type { JournaledRepos, Transact } from '../db/unit-of-work.js';
import { isUuid } from '../db/uuid.js';
import { errors, type ErrorDetails } from '../errors/catalogue.js';
import { ADDRESS_LIMITS, type Address, type AddressFilters, type AddressInput } from './address.js';
import type { AddressesRepo, AddressPaging } from './addresses.repo.js';

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
    if (key === 'friendly_name' || key === 'street_secondary') (out as Record<string, unknown>)[key] = text || null;
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
 * An organization's addresses: made, changed and deleted here, each change with its audit
 * record. Numbers refer to them (a number's address, its emergency address); an address a
 * held number uses is not deleted.
 */
export class AddressesService {
  constructor(
    private readonly repo: AddressesRepo,
    private readonly transact: Transact<AddressRepos>,
  ) {}

  async create(organizationId: string, input: AddressInput): Promise<Address> {
    const fields = normalized(input) as AddressInput;
    return this.transact(async ({ addresses, journal }) => {
      const address = await addresses.insert({
        organization_id: organizationId,
        customer_name: fields.customer_name,
        friendly_name: fields.friendly_name ?? null,
        street: fields.street,
        street_secondary: fields.street_secondary ?? null,
        city: fields.city,
        region: fields.region,
        postal_code: fields.postal_code,
        iso_country: fields.iso_country,
        emergency_enabled: fields.emergency_enabled ?? false,
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

  list(organizationId: string, filters: AddressFilters, paging: AddressPaging): Promise<Address[]> {
    return this.repo.list(organizationId, filters, paging);
  }

  async update(organizationId: string, id: string, changes: Partial<AddressInput>, shownAs = id): Promise<Address> {
    const fields = normalized(changes);
    if (!isUuid(id)) throw errors.notFound('address', shownAs);
    return this.transact(async ({ addresses, journal }) => {
      const before = await addresses.lock(organizationId, id);
      if (!before) throw errors.notFound('address', shownAs);
      if (Object.keys(fields).length === 0) return before;
      const after = (await addresses.update(organizationId, id, fields))!;
      journal.audit(addressAudit('updated', before, after));
      return after;
    });
  }

  /** Deletes the address unless a held number uses it; it is locked meanwhile, so none takes it up. */
  async delete(organizationId: string, id: string, shownAs = id): Promise<void> {
    if (!isUuid(id)) throw errors.notFound('address', shownAs);
    await this.transact(async ({ addresses, journal }) => {
      const before = await addresses.lock(organizationId, id);
      if (!before) throw errors.notFound('address', shownAs);
      const users = await addresses.countHeldUsers(organizationId, id);
      if (users > 0) throw errors.addressInUse(shownAs, users);
      await addresses.delete(organizationId, id);
      journal.audit(addressAudit('deleted', before, null));
    });
  }

  /**
   * The address a number is to use, by id: one of the organization's, or a validation error at
   * `where` (the field the client named it in). Another organization's address is no address.
   */
  async forNumber(organizationId: string, id: string, shownAs: string, where: ErrorDetails): Promise<Address> {
    const address = isUuid(id) ? await this.repo.get(organizationId, id) : undefined;
    if (!address) throw errors.validation(`${shownAs} is not an address of this account.`, where);
    return address;
  }
}
