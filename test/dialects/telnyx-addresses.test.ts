import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';

const spec = new SpecValidator('telnyx-phone-numbers');
const LIST = '/addresses';
const ONE = '/addresses/{id}';
const VALIDATE = '/addresses/actions/validate';
const ACCEPT = '/addresses/{id}/actions/accept_suggestions';

/** The SDK's example address, with the postal code and state Dialtone needs to keep it. */
const FOSTER = {
  business_name: "Toy-O'Kon",
  first_name: 'Alfred',
  last_name: 'Foster',
  street_address: '600 Congress Avenue',
  extended_address: '14th Floor',
  locality: 'Austin',
  administrative_area: 'TX',
  postal_code: '78701',
  country_code: 'US',
};

/**
 * An answer checked against the document: by the schema it gives; an error it documents without
 * one (the addresses' 4xx answers), in the errors[] shape of Telnyx's numbers API.
 */
function conforms(path: string, method: string, status: number, body: unknown): void {
  if (spec.documents(path, method, status)) return spec.assert(path, method, status, body);
  expect(() => spec.assert(path, method, status, body)).toThrow(/has no body schema/);
  spec.assertComponent('numbers_Errors', body);
}

describeEachDriver('Telnyx /v2/addresses', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  const client = (key = org.key) => new Telnyx({ apiKey: key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });
  /** An answer of the server, checked against the document. */
  const checked = async (method: string, path: string, docPath: string, status: number, body?: unknown, key = org.key) => {
    const res = await app.request(method, `/v2${path}`, { key, body });
    expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(status);
    conforms(docPath, method.toLowerCase(), status, res.body);
    return res.body;
  };

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  describe('official SDK', () => {
    it('creates, retrieves, lists and deletes an address, the same one every surface shows', async () => {
      const sdk = client();
      const created = await sdk.addresses.create({ ...FOSTER, customer_reference: 'MY REF 001', phone_number: '+12125559000' });
      expect(created.data).toMatchObject({ ...FOSTER, record_type: 'address', customer_reference: 'MY REF 001', address_book: true, validate_address: true });
      const id = created.data!.id!;
      await checked('GET', `/addresses/${id}`, ONE, 200);
      expect((await sdk.addresses.retrieve(id)).data).toEqual(created.data);

      const native = await app.request('GET', `/v1/addresses/${id}`, { key: org.key });
      expect(native.body).toMatchObject({ customer_name: "Toy-O'Kon", street: '600 Congress Avenue', street_secondary: '14th Floor', emergency_enabled: true });

      const listed: string[] = [];
      for await (const address of sdk.addresses.list({ filter: { customer_reference: { eq: 'MY REF 001' } } })) listed.push(address.id!);
      expect(listed).toEqual([id]);

      const deleted = await sdk.addresses.delete(id);
      expect(deleted.data).toMatchObject({ id, street_address: '600 Congress Avenue' });
      await expect(sdk.addresses.retrieve(id)).rejects.toMatchObject({ status: 404 });
    });

    it('validates an address and accepts its suggestions', async () => {
      const sdk = client();
      const valid = await sdk.addresses.actions.validate({ country_code: 'us', street_address: ' 600  Congress Avenue', postal_code: '787011234', administrative_area: 'tx', locality: 'Austin' });
      expect(valid.data).toMatchObject({
        record_type: 'address_validation',
        result: 'valid',
        suggested: { street_address: '600 Congress Avenue', postal_code: '78701-1234', administrative_area: 'TX', country_code: 'US', locality: 'Austin' },
        errors: [],
      });
      const invalid = await sdk.addresses.actions.validate({ country_code: 'US', street_address: '600 Congress Avenue', postal_code: '7870', administrative_area: 'Texas' });
      expect(invalid.data!.result).toBe('invalid');
      expect(invalid.data!.errors!.map((e) => e.source?.pointer)).toEqual(['/postal_code', '/administrative_area']);

      // An address kept as written (not for emergency use, so not corrected) takes its suggestions when accepted.
      const kept = await sdk.addresses.create({ ...FOSTER, administrative_area: 'tx', postal_code: '787011234', validate_address: false });
      expect(kept.data).toMatchObject({ administrative_area: 'tx', postal_code: '787011234', validate_address: false });
      const accepted = await sdk.addresses.actions.acceptSuggestions(kept.data!.id!);
      expect(accepted.data).toEqual({ id: kept.data!.id, accepted: true, record_type: 'address_suggestion' });
      expect((await sdk.addresses.retrieve(kept.data!.id!)).data).toMatchObject({ administrative_area: 'TX', postal_code: '78701-1234' });
    });
  });

  describe('documents', () => {
    it('answers as documented: create, retrieve, delete, validate, accept_suggestions (202 when it rewrites, 200 when nothing is left to accept)', async () => {
      const created = await checked('POST', LIST, LIST, 200, { ...FOSTER, validate_address: false, administrative_area: 'tx' });
      const id = created.data.id;
      await checked('GET', `/addresses/${id}`, ONE, 200);
      const rewritten = await checked('POST', `/addresses/${id}/actions/accept_suggestions`, ACCEPT, 202, {});
      expect(rewritten.data).toMatchObject({ id, accepted: true });
      const again = await checked('POST', `/addresses/${id}/actions/accept_suggestions`, ACCEPT, 200, { id });
      expect(again.data.accepted).toBe(true);
      await checked('POST', `/addresses/${crypto.randomUUID()}/actions/accept_suggestions`, ACCEPT, 404, {});
      await checked('POST', VALIDATE, VALIDATE, 200, { country_code: 'CA', street_address: '24 Sussex Drive', postal_code: 'k1m1m4', administrative_area: 'on' });
      await checked('DELETE', `/addresses/${id}`, ONE, 200);
      await checked('DELETE', `/addresses/${id}`, ONE, 404);
      await checked('GET', '/addresses/1293384261075731499', ONE, 404);
    });

    it('lists with every documented filter, the sorts, and a truthful meta', async () => {
      const lister = await app.newOrg();
      const make = (fields: Record<string, unknown>) => checked('POST', LIST, LIST, 200, { ...FOSTER, ...fields }, lister.key);
      const a = (await make({ business_name: '', first_name: 'Zoe', last_name: 'Adams', street_address: '1 Alpha Road', customer_reference: 'Team-North' })).data.id;
      const b = (await make({ business_name: 'Beta LLC', street_address: '2 Bravo Street', customer_reference: 'team-south', address_book: false })).data.id;
      const c = (await make({ business_name: 'Gamma Inc', street_address: '3 Charlie Way' })).data.id;
      const [number] = await seedNumbers(app, lister.orgId, 1);
      await app.dialtone.services.numbers.update(lister.orgId, number!.id, { emergency_enabled: true, emergency_address_id: b });

      const ids = async (query: string) => {
        const body = await checked('GET', `/addresses?${query}`, LIST, 200, undefined, lister.key);
        return body.data.map((address: { id: string }) => address.id);
      };
      expect(await ids('')).toEqual([c, b, a]);
      expect(await ids('filter[customer_reference]=TEAM')).toEqual([b, a]);
      expect(await ids('filter[customer_reference][contains]=south')).toEqual([b]);
      expect(await ids('filter[customer_reference][eq]=team-south')).toEqual([b]);
      expect(await ids('filter[customer_reference][eq]=TEAM-SOUTH')).toEqual([]);
      expect(await ids('filter[used_as_emergency]=true')).toEqual([b]);
      expect(await ids('filter[used_as_emergency]=false')).toEqual([c, a]);
      expect(await ids('filter[street_address][contains]=bravo')).toEqual([b]);
      expect(await ids('filter[address_book][eq]=false')).toEqual([b]);
      expect(await ids('filter[address_book][eq]=true')).toEqual([c, a]);
      expect(await ids('sort=street_address')).toEqual([a, b, c]);
      expect(await ids('sort=-street_address')).toEqual([c, b, a]);
      expect(await ids('sort=created_at')).toEqual([a, b, c]);
      // Equal last names keep the newest first.
      expect(await ids('sort=last_name')).toEqual([a, c, b]);

      const page = await checked('GET', '/addresses?page[size]=2&page[number]=2', LIST, 200, undefined, lister.key);
      expect(page.meta).toEqual({ page_number: 2, page_size: 2, total_pages: 2, total_results: 3 });
      expect(page.data.map((address: { id: string }) => address.id)).toEqual([a]);

      // An address a held number uses for emergency calling is not deleted, as natively.
      const inUse = await checked('DELETE', `/addresses/${b}`, ONE, 422, undefined, lister.key);
      expect(inUse.errors[0].detail).toContain('uses address');
      expect((await app.request('DELETE', `/v1/addresses/${b}`, { key: lister.key })).status).toBe(409);
    });

    it('refuses what it cannot keep or take, naming the field, in the documented shape', async () => {
      const refusals: Array<[unknown, string]> = [
        [{ ...FOSTER, postal_code: undefined }, '/postal_code'],
        [{ ...FOSTER, business_name: '', first_name: 'Alfred', last_name: '' }, '/business_name'],
        [{ ...FOSTER, administrative_area: 'Texas' }, '/administrative_area'],
        [{ ...FOSTER, colour: 'red' }, '/colour'],
      ];
      for (const [body, pointer] of refusals) {
        const res = await app.request('POST', '/v2/addresses', { key: org.key, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        conforms(LIST, 'post', 422, res.body);
        expect(res.body.errors[0].source?.pointer, JSON.stringify(res.body)).toBe(pointer);
      }
      const shortStreet = await app.request('GET', '/v2/addresses?filter[street_address][contains]=ab', { key: org.key });
      expect(shortStreet.status).toBe(400);
      conforms(LIST, 'get', 400, shortStreet.body);
      expect(shortStreet.body.errors[0].source).toEqual({ parameter: 'filter[street_address][contains]' });
      const badSort = await app.request('GET', '/v2/addresses?sort=city', { key: org.key });
      expect(badSort.status).toBe(400);
    });

    it("keeps each organization's addresses its own, and asks for a key with the scope", async () => {
      const other = await app.newOrg();
      const theirs = await seedAddress(app, other.orgId);
      await expect(client().addresses.retrieve(theirs.id)).rejects.toMatchObject({ status: 404 });
      await expect(client().addresses.delete(theirs.id)).rejects.toMatchObject({ status: 404 });
      await checked('POST', `/addresses/${theirs.id}/actions/accept_suggestions`, ACCEPT, 404, {});
      const listed = await app.request('GET', '/v2/addresses', { key: org.key });
      expect(listed.body.data.map((a: { id: string }) => a.id)).not.toContain(theirs.id);
      const anonymous = await app.request('GET', '/v2/addresses');
      expect(anonymous.status).toBe(401);
      conforms(LIST, 'get', 401, anonymous.body);
      const reader = await app.newOrg(['phone_numbers:read']);
      await expect(client(reader.key).addresses.create(FOSTER)).rejects.toMatchObject({ status: 403 });
    });
  });

  describe("a number's emergency address", () => {
    it('an update_emergency_settings job and a number update take only an address of the organization', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const mine = (await client().addresses.create(FOSTER)).data!.id!;
      const theirs = (await seedAddress(app, (await app.newOrg()).orgId)).id;
      const refused = await app.request('POST', '/v2/phone_numbers/jobs/update_emergency_settings', {
        key: org.key,
        body: { emergency_enabled: true, emergency_address_id: theirs, phone_numbers: [record!.number] },
      });
      expect(refused.status).toBe(422);
      expect(refused.body.errors[0]).toMatchObject({ source: { pointer: '/emergency_address_id' } });
      const updated = await client().phoneNumbers.update(String(record!.seq), { address_id: mine });
      expect(updated.data).toMatchObject({ emergency_address_id: mine });
      const filtered = await app.request('GET', `/v2/phone_numbers?filter[emergency_address_id]=${mine}`, { key: org.key });
      expect(filtered.body.data.map((n: { id: string }) => n.id)).toEqual([String(record!.seq)]);
    });

    it('enable_emergency takes only an address of the organization, and answers the voice settings', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const id = String(record!.seq);
      const path = `/phone_numbers/${id}/actions/enable_emergency`;
      const doc = '/phone_numbers/{id}/actions/enable_emergency';
      const theirs = (await seedAddress(app, (await app.newOrg()).orgId)).id;
      for (const unknown of [theirs, '53829456729313']) {
        const refused = await checked('POST', path, doc, 422, { emergency_enabled: true, emergency_address_id: unknown });
        expect(refused.errors[0]).toMatchObject({ code: '10015', source: { pointer: '/emergency_address_id' } });
      }
      const mine = (await seedAddress(app, org.orgId)).id;
      const enabled = await client().phoneNumbers.actions.enableEmergency(id, { emergency_enabled: true, emergency_address_id: mine });
      expect(enabled.data).toMatchObject({ id, emergency: { emergency_enabled: true, emergency_address_id: mine, emergency_status: 'active' } });
      await checked('POST', path, doc, 200, { emergency_enabled: true, emergency_address_id: mine });
      await checked('POST', '/phone_numbers/1234567890123456/actions/enable_emergency', doc, 404, { emergency_enabled: true, emergency_address_id: mine });
    });
  });
});
