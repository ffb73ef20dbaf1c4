import type { Address, AddressInput } from '../../src/addresses/address.js';
import type { TestApp } from './harness.js';

/** An address of an organization, made through the shared service: a number's address or emergency address must be one. */
export async function seedAddress(app: TestApp, orgId: string, input: Partial<AddressInput> = {}): Promise<Address> {
  return app.dialtone.services.addresses.create(orgId, {
    customer_name: 'Acme Inc.',
    street: '600 Congress Avenue',
    city: 'Austin',
    region: 'TX',
    postal_code: '78701',
    iso_country: 'US',
    ...input,
  });
}
