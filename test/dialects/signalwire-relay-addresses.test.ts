import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { seedAddress } from '../support/addresses-fixture.js';

const spec = new SpecValidator('signalwire-relay-phone-numbers');
const ADDRESSES = '/api/relay/rest/addresses';
const ADDRESS = '/api/relay/rest/addresses/{id}';
const E911 = '/api/relay/rest/phone_numbers/{id}/e911_address';

/** The document's example address. */
const BROWN = {
  label: 'My Address',
  country: 'US',
  first_name: 'Emmett',
  last_name: 'Brown',
  street_number: '1640',
  street_name: 'Riverside Drive',
  address_type: 'Apartment',
  address_number: '42',
  city: 'Alexandria',
  state: 'CA',
  postal_code: '91905',
};

describeEachDriver('SignalWire Relay REST: E911 addresses, and the E911 address of a number', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  let other: Awaited<ReturnType<TestApp['newOrg']>>;
  const auth = (who = org) => ({ authorization: basicAuth(who.orgId, who.key) });
  const create = (body: unknown, who = org) => app.request('POST', ADDRESSES, { headers: auth(who), body });

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    other = await app.newOrg();
  });
  afterAll(() => app.close());

  it('creates, lists, retrieves, updates and deletes addresses as documented, on the one address model', async () => {
    const created = await create(BROWN);
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    spec.assert(ADDRESSES, 'post', 200, created.body);
    expect(created.body).toMatchObject({ ...BROWN, zip_code: '91905', emergency_enabled: false, validated: false, validated_at: null });
    const id = created.body.id;

    // The same address natively, its whole fields made of the parts.
    const native = await app.request('GET', `/v1/addresses/${id}`, { key: org.key });
    expect(native.body).toMatchObject({ customer_name: 'Emmett Brown', street: '1640 Riverside Drive', street_secondary: 'Apartment 42', friendly_name: 'My Address' });

    for (const label of ['Warehouse', 'Second home']) expect((await create({ ...BROWN, label })).status).toBe(200);
    const first = await app.request('GET', `${ADDRESSES}?filter_label=HOME&page_size=1`, { headers: auth() });
    expect(first.status).toBe(200);
    spec.assert(ADDRESSES, 'get', 200, first.body);
    expect(first.body.data.map((a: { label: string }) => a.label)).toEqual(['Second home']);
    expect(first.body.links.next).toBeUndefined();
    const paged = await app.request('GET', `${ADDRESSES}?page_size=2`, { headers: auth() });
    expect(paged.body.data.map((a: { label: string }) => a.label)).toEqual(['Second home', 'Warehouse']);
    const second = await app.request('GET', paged.body.links.next, { headers: auth() });
    spec.assert(ADDRESSES, 'get', 200, second.body);
    expect(second.body.data.map((a: { id: string }) => a.id)).toEqual([id]);
    expect(second.body.links.prev).toContain('page_number=0');

    const got = await app.request('GET', `${ADDRESSES}/${id}`, { headers: auth() });
    spec.assert(ADDRESS, 'get', 200, got.body);
    expect(got.body).toEqual(created.body);

    const moved = { ...BROWN, label: 'Lab', street_number: '9303', street_name: 'Lyon Drive', address_type: undefined, address_number: undefined };
    const updated = await app.request('PUT', `${ADDRESSES}/${id}`, { headers: auth(), body: moved });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    spec.assert(ADDRESS, 'put', 200, updated.body);
    expect(updated.body).toMatchObject({ label: 'Lab', street_number: '9303', street_name: 'Lyon Drive', address_type: null, address_number: null });
    expect((await app.request('GET', `/v1/addresses/${id}`, { key: org.key })).body).toMatchObject({ street: '9303 Lyon Drive', street_secondary: null });

    const deleted = await app.request('DELETE', `${ADDRESSES}/${id}`, { headers: auth() });
    expect(deleted.status).toBe(204);
    const gone = await app.request('GET', `${ADDRESSES}/${id}`, { headers: auth() });
    expect(gone.status).toBe(404);
    spec.assert(ADDRESS, 'get', 404, gone.body);
  });

  it('shows an address made elsewhere split as the document splits it', async () => {
    const made = await seedAddress(app, org.orgId, { customer_name: 'Marty McFly', street: '9303 Lyon Drive', street_secondary: 'Unit 7' });
    const got = await app.request('GET', `${ADDRESSES}/${made.id}`, { headers: auth() });
    spec.assert(ADDRESS, 'get', 200, got.body);
    expect(got.body).toMatchObject({ first_name: 'Marty', last_name: 'McFly', street_number: '9303', street_name: 'Lyon Drive', address_type: 'Unit', address_number: '7', label: '' });
  });

  it('checks a US address enabled for emergency calling: corrected by default, refused when malformed or when correcting is declined', async () => {
    const sloppy = { ...BROWN, state: 'ca', postal_code: '919051234', emergency_enabled: true };
    const corrected = await create(sloppy);
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
    spec.assert(ADDRESSES, 'post', 200, corrected.body);
    expect(corrected.body).toMatchObject({ state: 'CA', postal_code: '91905-1234', emergency_enabled: true, validated: true });
    expect(Date.parse(corrected.body.validated_at)).not.toBeNaN();

    const declined = await create({ ...sloppy, auto_correct_address: false });
    expect(declined.status).toBe(422);
    spec.assert(ADDRESSES, 'post', 422, declined.body);
    expect(declined.body.errors[0].detail).toContain('91905-1234');

    const malformed = await create({ ...BROWN, state: 'ZZ', emergency_enabled: true });
    expect(malformed.status).toBe(422);
    spec.assert(ADDRESSES, 'post', 422, malformed.body);
    expect(malformed.body.errors[0].detail).toContain('ZZ is not a region code of US');

    // Outside the US the flag is ignored, as the document says.
    const abroad = await create({ ...BROWN, country: 'GB', state: 'London', postal_code: 'SW1A 1AA', emergency_enabled: true });
    expect(abroad.status).toBe(200);
    expect(abroad.body).toMatchObject({ country: 'GB', emergency_enabled: false, validated: false });
  });

  it('refuses bodies the document refuses, and what Dialtone cannot keep, naming the field', async () => {
    const refusals: unknown[] = [
      { ...BROWN, first_name: undefined },
      { ...BROWN, address_type: 'Castle' },
      { ...BROWN, label: 'x'.repeat(65) },
      { ...BROWN, colour: 'red' },
    ];
    for (const body of refusals) {
      const res = await create(body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      spec.assert(ADDRESSES, 'post', 422, res.body);
    }
    const long = await create({ ...BROWN, label: 'x'.repeat(65) });
    expect(long.body.errors[0].detail).toContain('label');
  });

  it("keeps each project's addresses its own: another project's is not found, and anonymous callers are refused", async () => {
    const theirs = await create(BROWN, other);
    for (const [method, body] of [['GET', undefined], ['PUT', BROWN], ['DELETE', undefined]] as const) {
      const res = await app.request(method, `${ADDRESSES}/${theirs.body.id}`, { headers: auth(), body });
      expect(res.status, method).toBe(404);
      spec.assert(ADDRESS, method.toLowerCase(), 404, res.body);
    }
    const mine = await app.request('GET', ADDRESSES, { headers: auth() });
    expect(mine.body.data.map((a: { id: string }) => a.id)).not.toContain(theirs.body.id);
    const anonymous = await app.request('GET', ADDRESSES);
    expect(anonymous.status).toBe(401);
    spec.assert(ADDRESSES, 'get', 401, anonymous.body);
    const reader = await app.newOrg(['phone_numbers:read']);
    expect((await app.request('POST', ADDRESSES, { headers: auth(reader), body: BROWN })).status).toBe(403);
  });

  it('assigns only an address of the project as a number\'s E911 address; an address in use is not deleted', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const path = `/api/relay/rest/phone_numbers/${record!.id}/e911_address`;
    const theirs = await create(BROWN, other);
    for (const unknown of [theirs.body.id, '3fa85f64-5717-4562-b3fc-2c963f66afa6']) {
      const refused = await app.request('POST', path, { headers: auth(), body: { e911_address_id: unknown } });
      expect(refused.status, unknown).toBe(422);
      spec.assert(E911, 'post', 422, refused.body);
      expect(refused.body.errors[0]).toMatchObject({ code: 'invalid_parameter', status: '422' });
      expect(refused.body.errors[0].detail).toContain('not an address of this organization');
    }
    expect((await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key })).body.emergency).toMatchObject({ enabled: false, address_id: null });

    const mine = await create({ ...BROWN, emergency_enabled: true });
    const assigned = await app.request('POST', path, { headers: auth(), body: { e911_address_id: mine.body.id } });
    expect(assigned.status).toBe(200);
    spec.assert(E911, 'post', 200, assigned.body);
    expect(assigned.body).toMatchObject({ e911_address_id: mine.body.id, e911_status: 'active' });

    const inUse = await app.request('DELETE', `${ADDRESSES}/${mine.body.id}`, { headers: auth() });
    expect(inUse.status).toBe(400);
    spec.assert(ADDRESS, 'delete', 400, inUse.body);
    expect((await app.request('DELETE', path, { headers: auth() })).status).toBe(200);
    expect((await app.request('DELETE', `${ADDRESSES}/${mine.body.id}`, { headers: auth() })).status).toBe(204);
  });
});
