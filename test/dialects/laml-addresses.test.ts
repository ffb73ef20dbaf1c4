import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phoneNumberSid } from '../../src/dialects/laml/laml.mapping.js';
import { basicAuth, lastAnswer, seedNumbers, signalwireSdk } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

/**
 * Twilio's Addresses (with DependentPhoneNumbers) and AvailablePhoneNumbers countries, and a
 * number's address references, through the official twilio SDK and validated against Twilio's
 * and SignalWire's documents; the native /v1/addresses they share. The same Addresses under
 * SignalWire's /api/laml base, by uuid, through the SignalWire compatibility SDK.
 */

const twilioSpec = new SpecValidator('twilio-api-v2010-phone-numbers');
const signalwireSpec = new SpecValidator('signalwire-compatibility-phone-numbers');
const T = '/2010-04-01/Accounts/{AccountSid}';
const ADDRESS = { customerName: 'Acme Inc.', street: '1 Market St', city: 'San Francisco', region: 'CA', postalCode: '94105', isoCountry: 'US' };

type Org = Awaited<ReturnType<TestApp['newOrg']>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const hexOf = (uuid: string) => uuid.replace(/-/g, '');

/**
 * SignalWire's document has no Addresses: under /api/laml they are Twilio's resources named by
 * uuid. An answer is checked against Twilio's document with each uuid written as the Twilio sid
 * over it (AD…, PN…, AC…), after checking that it is a uuid.
 */
function inTwilioSids(kind: 'address' | 'number', resource: any) {
  for (const field of ['sid', 'account_sid']) expect(resource[field], field).toMatch(UUID);
  const sid = `${kind === 'address' ? 'AD' : 'PN'}${hexOf(resource.sid)}`;
  const emergency = resource.emergency_address_sid;
  return { ...resource, sid, account_sid: `AC${hexOf(resource.account_sid)}`, ...(emergency ? { emergency_address_sid: `AD${hexOf(emergency)}` } : {}) };
}

describeEachDriver('Twilio Addresses and AvailablePhoneNumbers countries', (driver) => {
  let app: TestApp;
  let org: Org;
  let other: Org;

  beforeAll(async () => {
    app = await startTestApp(driver);
    [org, other] = await Promise.all([app.newOrg(), app.newOrg()]);
  });
  afterAll(() => app.close());

  const clientOf = (o: Org) => {
    const client = twilio(o.accountSid, o.key);
    client.api.baseUrl = app.baseUrl;
    return client;
  };
  const auth = (o: Org = org) => ({ authorization: basicAuth(o.accountSid, o.key) });
  const form = (method: string, path: string, fields: Record<string, string>, o: Org = org) =>
    fetch(`${app.baseUrl}${path}`, {
      method,
      headers: { ...auth(o), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));

  describe('Addresses through the twilio SDK', () => {
    it('creates, lists over pages, fetches, updates and deletes an address', async () => {
      const client = clientOf(org);
      const created = await client.addresses.create({ ...ADDRESS, friendlyName: 'HQ', emergencyEnabled: true, streetSecondary: 'Suite 300' });
      expect(created.sid).toMatch(/^AD[0-9a-f]{32}$/);
      expect(created).toMatchObject({ accountSid: org.accountSid, customerName: 'Acme Inc.', friendlyName: 'HQ', emergencyEnabled: true, streetSecondary: 'Suite 300' });
      await client.addresses.create({ ...ADDRESS, customerName: 'Other Co', isoCountry: 'us' });
      await client.addresses.create({ ...ADDRESS, customerName: 'Third Co' });

      const all = await client.addresses.list({ pageSize: 2 });
      expect(all).toHaveLength(3);
      expect((await client.addresses.list({ customerName: 'Other Co' })).map((a) => a.isoCountry)).toEqual(['US']);
      expect((await client.addresses.list({ emergencyEnabled: true })).map((a) => a.sid)).toEqual([created.sid]);

      const fetched = await client.addresses(created.sid).fetch();
      expect(fetched.street).toBe('1 Market St');
      const updated = await client.addresses(created.sid).update({ street: '2 Market St', friendlyName: 'Head office' });
      expect(updated).toMatchObject({ street: '2 Market St', friendlyName: 'Head office', city: 'San Francisco' });

      expect(await client.addresses(created.sid).remove()).toBe(true);
      await expect(client.addresses(created.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
      expect(await clientOf(other).addresses.list()).toEqual([]);
    });

    it("ties a number to addresses with the SDK's update; dependents list it; an address in use is kept", async () => {
      const client = clientOf(org);
      const address = await client.addresses.create({ ...ADDRESS, friendlyName: 'Registered' });
      const emergency = await client.addresses.create({ ...ADDRESS, friendlyName: 'E911', emergencyEnabled: true });
      const [record] = await seedNumbers(app, org.orgId, 1);
      const sid = phoneNumberSid(record!, 'twilio');
      const identitySid = `RI${'1'.repeat(32)}`;
      const bundleSid = `BU${'2'.repeat(32)}`;
      const trunkSid = `TK${'3'.repeat(32)}`;
      const updated = await client.incomingPhoneNumbers(sid).update({
        addressSid: address.sid,
        emergencyAddressSid: emergency.sid,
        emergencyStatus: 'Active',
        identitySid,
        bundleSid,
        trunkSid,
      });
      expect(updated).toMatchObject({ addressSid: address.sid, emergencyAddressSid: emergency.sid, emergencyStatus: 'Active', identitySid, bundleSid, trunkSid });
      expect((await client.incomingPhoneNumbers(sid).fetch()).addressSid).toBe(address.sid);

      // Through the numbers' owner: the change has its event and its audit record.
      const events = await app.request('GET', `/v1/events?resource_id=${record!.id}&order=desc&limit=1`, { key: org.key });
      const regulatory = events.body.data[0].data.regulatory;
      expect(regulatory).toEqual({ address_id: expect.any(String), identity_sid: identitySid, bundle_sid: bundleSid });
      expect(`AD${regulatory.address_id.replace(/-/g, '')}`).toBe(address.sid);
      expect(events.body.data[0].data.emergency).toMatchObject({ enabled: true });
      const audit = await app.request('GET', `/v1/audit-log?resource_id=${record!.id}&surface=twilio`, { key: org.key });
      expect(audit.status, JSON.stringify(audit.body)).toBe(200);
      expect(JSON.stringify(audit.body.data)).toContain(bundleSid);
      const native = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(native.body.regulatory.address_id).toBe(events.body.data[0].data.regulatory.address_id);

      const dependents = await client.addresses(address.sid).dependentPhoneNumbers.list();
      expect(dependents.map((d) => d.sid)).toEqual([sid]);
      expect(await client.addresses(emergency.sid).dependentPhoneNumbers.list()).toEqual([]);

      for (const inUse of [address.sid, emergency.sid]) {
        await expect(client.addresses(inUse).remove()).rejects.toMatchObject({ status: 409, code: 20001 });
      }
      const cleared = await client.incomingPhoneNumbers(sid).update({ addressSid: '', emergencyStatus: 'Inactive', emergencyAddressSid: '' });
      expect(cleared).toMatchObject({ addressSid: null, emergencyAddressSid: null, emergencyStatus: 'Inactive' });
      expect(await client.addresses(address.sid).remove()).toBe(true);
      expect(await client.addresses(emergency.sid).remove()).toBe(true);
    });

    it("refuses another account's address, or none, at the field that names it; another account's address is not found", async () => {
      const theirs = await clientOf(other).addresses.create(ADDRESS);
      const [record] = await seedNumbers(app, org.orgId, 1);
      const path = `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${phoneNumberSid(record!, 'twilio')}.json`;
      for (const field of ['AddressSid', 'EmergencyAddressSid']) {
        for (const value of [theirs.sid, `AD${'0'.repeat(32)}`]) {
          const res = await form('POST', path, { [field]: value });
          expect(res.status, `${field} ${value}`).toBe(400);
          expect(res.body).toMatchObject({ code: 20001, status: 400 });
          expect(res.body.message).toContain(field);
        }
      }
      const malformed = await form('POST', path, { AddressSid: 'AD123' });
      expect(malformed.status).toBe(400);
      const after = await app.request('GET', path, { headers: auth() });
      expect(after.body.address_sid).toBeNull();
      await expect(clientOf(org).addresses(theirs.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
      await expect(clientOf(org).addresses(theirs.sid).update({ city: 'Oakland' })).rejects.toMatchObject({ status: 404 });
      await expect(clientOf(org).addresses(theirs.sid).remove()).rejects.toMatchObject({ status: 404 });
      await expect(clientOf(org).addresses(theirs.sid).dependentPhoneNumbers.list()).rejects.toMatchObject({ status: 404 });
      expect((await clientOf(other).addresses(theirs.sid).fetch()).city).toBe('San Francisco');
    });

    it('answers in the official shapes; refuses what the document does not allow, in Twilio\'s error shape', async () => {
      const base = `/2010-04-01/Accounts/${org.accountSid}/Addresses`;
      const created = await form('POST', `${base}.json`, {
        CustomerName: 'Shape Co', Street: '3 Main St', City: 'Austin', Region: 'TX', PostalCode: '78701', IsoCountry: 'US', AutoCorrectAddress: 'false',
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      twilioSpec.assert(`${T}/Addresses.json`, 'post', 201, created.body);
      expect(created.body.uri).toBe(`${base}/${created.body.sid}.json`);
      const list = await app.request('GET', `${base}.json?PageSize=1&CustomerName=Shape%20Co`, { headers: auth() });
      twilioSpec.assert(`${T}/Addresses.json`, 'get', 200, list.body);
      expect(list.body).toMatchObject({ page: 0, page_size: 1, next_page_uri: null, addresses: [{ sid: created.body.sid }] });
      const one = await app.request('GET', `${base}/${created.body.sid}.json`, { headers: auth() });
      twilioSpec.assert(`${T}/Addresses/{Sid}.json`, 'get', 200, one.body);
      const updated = await form('POST', `${base}/${created.body.sid}.json`, { EmergencyEnabled: 'true', StreetSecondary: 'Floor 2' });
      twilioSpec.assert(`${T}/Addresses/{Sid}.json`, 'post', 200, updated.body);
      expect(updated.body).toMatchObject({ emergency_enabled: true, street_secondary: 'Floor 2' });

      const [record] = await seedNumbers(app, org.orgId, 1);
      const linked = await form('POST', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${phoneNumberSid(record!, 'twilio')}.json`, {
        AddressSid: created.body.sid,
      });
      twilioSpec.assert(`${T}/IncomingPhoneNumbers/{Sid}.json`, 'post', 200, linked.body);
      const dependents = await app.request('GET', `${base}/${created.body.sid}/DependentPhoneNumbers.json`, { headers: auth() });
      twilioSpec.assert(`${T}/Addresses/{AddressSid}/DependentPhoneNumbers.json`, 'get', 200, dependents.body);
      expect(dependents.body.dependent_phone_numbers[0]).toMatchObject({ phone_number: record!.number, uri: linked.body.uri });

      const cases: Array<[string, string, Record<string, string>, number]> = [
        ['POST', `${base}.json`, { CustomerName: 'No street', City: 'Austin', Region: 'TX', PostalCode: '78701', IsoCountry: 'US' }, 400],
        ['POST', `${base}.json`, { ...{ CustomerName: 'x', Street: 'y', City: 'z', Region: 'TX', PostalCode: '1' }, IsoCountry: 'USA' }, 400],
        ['POST', `${base}/${created.body.sid}.json`, { IsoCountry: 'GB' }, 400],
        ['POST', `${base}/${created.body.sid}.json`, { Colour: 'red' }, 400],
        ['GET', `${base}/not-a-sid.json`, {}, 404],
      ];
      for (const [method, path, fields, status] of cases) {
        const res = method === 'GET' ? await app.request('GET', path, { headers: auth() }) : await form(method, path, fields);
        expect(res.status, `${method} ${path} ${JSON.stringify(fields)}`).toBe(status);
        expect(res.body).toMatchObject({ status, more_info: expect.stringContaining('twilio.com') });
      }
      const reader = await app.newOrg(['phone_numbers:read']);
      const refused = await app.request('GET', `/2010-04-01/Accounts/${reader.accountSid}/Addresses.json`, { headers: auth(reader) });
      expect(refused.body).toMatchObject({ status: 403, code: 20403 });
      const foreign = await app.request('GET', `/2010-04-01/Accounts/${other.accountSid}/Addresses.json`, { headers: auth() });
      expect(foreign.body).toMatchObject({ status: 404, code: 20404 });
    });
  });

  describe('AvailablePhoneNumbers countries', () => {
    it('lists the countries and fetches one with the SDK; kinds a country has none of are empty', async () => {
      const client = clientOf(org);
      const countries = await client.availablePhoneNumbers.list();
      const us = countries.find((c) => c.countryCode === 'US');
      expect(us).toMatchObject({ country: 'United States', beta: false });
      expect(us!.subresourceUris).toEqual({
        local: `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/Local.json`,
        toll_free: `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/TollFree.json`,
      });
      expect(countries.find((c) => c.countryCode === 'GB')!.subresourceUris).toHaveProperty('mobile');
      const gb = await client.availablePhoneNumbers('GB').fetch();
      expect(gb).toMatchObject({ countryCode: 'GB', country: 'United Kingdom' });
      expect((await client.availablePhoneNumbers('GB').mobile.list({ limit: 2 })).length).toBe(2);

      const us2 = client.availablePhoneNumbers('US');
      const lists = [() => us2.national.list(), () => us2.voip.list(), () => us2.sharedCost.list(), () => us2.machineToMachine.list(), () => us2.mobile.list()];
      for (const list of lists) expect(await list()).toEqual([]);
      await expect(client.availablePhoneNumbers('JP').fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
    });

    it('answers in the official shapes, on both surfaces', async () => {
      const list = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers.json`, { headers: auth() });
      expect(list.status).toBe(200);
      twilioSpec.assert(`${T}/AvailablePhoneNumbers.json`, 'get', 200, list.body);
      const one = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/ca.json`, { headers: auth() });
      twilioSpec.assert(`${T}/AvailablePhoneNumbers/{CountryCode}.json`, 'get', 200, one.body);
      expect(one.body.uri).toBe(`/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/CA.json`);
      for (const kind of ['National', 'Voip', 'SharedCost', 'MachineToMachine']) {
        const empty = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/${kind}.json?PageSize=5`, { headers: auth() });
        expect(empty.status, kind).toBe(200);
        twilioSpec.assert(`${T}/AvailablePhoneNumbers/{CountryCode}/${kind}.json`, 'get', 200, empty.body);
        expect(empty.body.available_phone_numbers).toEqual([]);
      }

      const project = { authorization: basicAuth(org.orgId, org.key) };
      const base = `/api/laml/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers`;
      const swList = await app.request('GET', base, { headers: project });
      signalwireSpec.assert('/Accounts/{AccountSid}/AvailablePhoneNumbers', 'get', 200, swList.body);
      expect(swList.body.countries.find((c: { country_code: string }) => c.country_code === 'GB').subresource_uris).toEqual({
        local: `${base}/GB/Local`,
        toll_free: `${base}/GB/TollFree`,
      });
      const swOne = await app.request('GET', `${base}/US`, { headers: project });
      signalwireSpec.assert('/Accounts/{AccountSid}/AvailablePhoneNumbers/{IsoCountry}', 'get', 200, swOne.body);
      const missing = await app.request('GET', `${base}/JP`, { headers: project });
      expect(missing.status).toBe(404);
      signalwireSpec.assertComponent('CompatibilityErrorResponse', missing.body);
    });
  });

  describe('Addresses under /api/laml through the SignalWire SDK', () => {
    const sdk = (o: Org = org) => signalwireSdk(app, o, '/api/laml');
    const project = (o: Org = org) => ({ authorization: basicAuth(o.orgId, o.key) });
    const laml = (o: Org = org) => `/api/laml/2010-04-01/Accounts/${o.orgId}`;

    it('creates, lists over pages, fetches, updates and deletes an address by uuid; answers are Twilio\'s resources', async () => {
      const owner = await app.newOrg();
      const client = sdk(owner);
      // This SDK predates StreetSecondary (it neither sends nor reads it); the plain requests below cover it.
      const created = await client.addresses.create({ ...ADDRESS, friendlyName: 'HQ', emergencyEnabled: true });
      twilioSpec.assert(`${T}/Addresses.json`, 'post', 201, inTwilioSids('address', lastAnswer(client)));
      expect(created.sid).toMatch(UUID);
      expect(created).toMatchObject({
        accountSid: owner.orgId,
        customerName: 'Acme Inc.',
        friendlyName: 'HQ',
        emergencyEnabled: true,
        uri: `${laml(owner)}/Addresses/${created.sid}.json`,
      });
      await client.addresses.create({ ...ADDRESS, customerName: 'Other Co' });
      await client.addresses.create({ ...ADDRESS, customerName: 'Third Co' });

      // Three addresses two to a page: the SDK follows next_page_uri, which stays under /api/laml.
      const all = await client.addresses.list({ pageSize: 2 });
      expect(all).toHaveLength(3);
      const lastPage = lastAnswer(client);
      expect(lastPage).toMatchObject({ page: 1, page_size: 2, next_page_uri: null });
      expect(lastPage.uri.startsWith(`${laml(owner)}/Addresses.json`)).toBe(true);
      twilioSpec.assert(`${T}/Addresses.json`, 'get', 200, { ...lastPage, addresses: lastPage.addresses.map((a: any) => inTwilioSids('address', a)) });
      // The filters this SDK sends (it has no EmergencyEnabled filter).
      expect((await client.addresses.list({ customerName: 'Other Co' })).map((a: any) => a.customerName)).toEqual(['Other Co']);
      expect((await client.addresses.list({ friendlyName: 'HQ', isoCountry: 'US' })).map((a: any) => a.sid)).toEqual([created.sid]);

      const fetched = await client.addresses(created.sid).fetch();
      twilioSpec.assert(`${T}/Addresses/{Sid}.json`, 'get', 200, inTwilioSids('address', lastAnswer(client)));
      expect(fetched).toMatchObject({ sid: created.sid, street: '1 Market St' });
      const updated = await client.addresses(created.sid).update({ street: '2 Market St', friendlyName: 'Head office' });
      twilioSpec.assert(`${T}/Addresses/{Sid}.json`, 'post', 200, inTwilioSids('address', lastAnswer(client)));
      expect(updated).toMatchObject({ street: '2 Market St', friendlyName: 'Head office', city: 'San Francisco' });
      // It is the native address, by the same uuid.
      expect((await app.request('GET', `/v1/addresses/${created.sid}`, { key: owner.key })).body.street).toBe('2 Market St');

      expect(await client.addresses(created.sid).remove()).toBe(true);
      await expect(client.addresses(created.sid).fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
      signalwireSpec.assertComponent('CompatibilityErrorResponse', lastAnswer(client));
      // Another project sees none of them.
      const seen = (await sdk(org).addresses.list()).map((a: any) => a.sid);
      for (const address of all) expect(seen).not.toContain(address.sid);
    });

    it('DependentPhoneNumbers lists the numbers registered at an address; an address in use is kept', async () => {
      const client = sdk();
      const address = await client.addresses.create({ ...ADDRESS, friendlyName: 'Registered' });
      const [record, unrelated] = await seedNumbers(app, org.orgId, 2);
      const linked = await client.incomingPhoneNumbers(record!.id).update({ addressSid: address.sid });
      signalwireSpec.assert('/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}', 'post', 200, lastAnswer(client));
      expect(linked.addressSid).toBe(address.sid);

      const dependents = await client.addresses(address.sid).dependentPhoneNumbers.list();
      const page = lastAnswer(client);
      twilioSpec.assert(`${T}/Addresses/{AddressSid}/DependentPhoneNumbers.json`, 'get', 200, {
        ...page,
        dependent_phone_numbers: page.dependent_phone_numbers.map((n: any) => inTwilioSids('number', n)),
      });
      expect(dependents.map((d: any) => d.sid)).toEqual([record!.id]);
      expect(dependents[0]).toMatchObject({ phoneNumber: record!.number, accountSid: org.orgId, uri: `${laml()}/IncomingPhoneNumbers/${record!.id}.json` });
      expect(dependents.map((d: any) => d.sid)).not.toContain(unrelated!.id);

      await expect(client.addresses(address.sid).remove()).rejects.toMatchObject({ status: 409, code: 20001 });
      signalwireSpec.assertComponent('CompatibilityErrorResponse', lastAnswer(client));
      expect(lastAnswer(client).more_info).toContain('signalwire.com');
      await client.incomingPhoneNumbers(record!.id).update({ addressSid: '' });
      expect(await client.addresses(address.sid).dependentPhoneNumbers.list()).toEqual([]);
      expect(await client.addresses(address.sid).remove()).toBe(true);
    });

    it("another project's address is not found; bad input, scopes and other accounts are refused in SignalWire's error shape", async () => {
      const theirs = await sdk(other).addresses.create(ADDRESS);
      const client = sdk();
      for (const call of [
        () => client.addresses(theirs.sid).fetch(),
        () => client.addresses(theirs.sid).update({ city: 'Oakland' }),
        () => client.addresses(theirs.sid).remove(),
        () => client.addresses(theirs.sid).dependentPhoneNumbers.list(),
      ]) {
        await expect(call()).rejects.toMatchObject({ status: 404, code: 20404 });
        signalwireSpec.assertComponent('CompatibilityErrorResponse', lastAnswer(client));
      }
      expect((await sdk(other).addresses(theirs.sid).fetch()).city).toBe('San Francisco');

      // Plain requests on SignalWire's form of the paths, without .json.
      const base = `${laml()}/Addresses`;
      const created = await app.request('POST', base, {
        headers: project(),
        body: { CustomerName: 'Shape Co', Street: '3 Main St', City: 'Austin', Region: 'TX', PostalCode: '78701', IsoCountry: 'US' },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      twilioSpec.assert(`${T}/Addresses.json`, 'post', 201, inTwilioSids('address', created.body));
      expect(created.body.uri).toBe(`${base}/${created.body.sid}`);
      const updated = await app.request('POST', created.body.uri, { headers: project(), body: { StreetSecondary: 'Floor 2' } });
      twilioSpec.assert(`${T}/Addresses/{Sid}.json`, 'post', 200, inTwilioSids('address', updated.body));
      expect(updated.body.street_secondary).toBe('Floor 2');
      const one = await app.request('GET', created.body.uri, { headers: project() });
      expect(one.body).toEqual(updated.body);
      const dependents = await app.request('GET', `${created.body.uri}/DependentPhoneNumbers`, { headers: project() });
      expect(dependents.status).toBe(200);
      twilioSpec.assert(`${T}/Addresses/{AddressSid}/DependentPhoneNumbers.json`, 'get', 200, dependents.body);
      expect(dependents.body).toMatchObject({ dependent_phone_numbers: [], uri: `${created.body.uri}/DependentPhoneNumbers` });

      const reader = await app.newOrg(['phone_numbers:read']);
      const cases: Array<[string, string, Record<string, string> | undefined, Record<string, string>, number]> = [
        ['POST', base, { CustomerName: 'No street', City: 'Austin', Region: 'TX', PostalCode: '78701', IsoCountry: 'US' }, project(), 400],
        ['POST', base, { CustomerName: 'x', Street: 'y', City: 'z', Region: 'TX', PostalCode: '1', IsoCountry: 'USA' }, project(), 400],
        ['POST', `${base}/${created.body.sid}`, { Colour: 'red' }, project(), 400],
        ['GET', `${base}/not-an-address`, undefined, project(), 404],
        ['GET', base, undefined, {}, 401],
        ['GET', `${laml(reader)}/Addresses`, undefined, project(reader), 403],
        ['GET', `${laml(other)}/Addresses`, undefined, project(), 404],
      ];
      for (const [method, path, body, headers, status] of cases) {
        const res = await app.request(method, path, { headers, ...(body ? { body } : {}) });
        expect(res.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(status);
        signalwireSpec.assertComponent('CompatibilityErrorResponse', res.body);
        expect(res.body).toMatchObject({ status, more_info: expect.stringContaining('signalwire.com') });
      }
    });
  });

  describe('SignalWire LaML: a number\'s emergency address', () => {
    it('takes an address of the project by uuid, and refuses another project\'s', async () => {
      const project = { authorization: basicAuth(org.orgId, org.key) };
      const mine = await app.request('POST', '/v1/addresses', {
        key: org.key,
        body: { customer_name: 'Acme', street: '1 Main St', city: 'Austin', region: 'TX', postal_code: '78701', iso_country: 'US', emergency_enabled: true },
      });
      const theirs = await app.request('POST', '/v1/addresses', {
        key: other.key,
        body: { customer_name: 'Them', street: '1 Main St', city: 'Austin', region: 'TX', postal_code: '78701', iso_country: 'US' },
      });
      const [record] = await seedNumbers(app, org.orgId, 1);
      const path = `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers/${record!.id}`;
      const ok = await app.request('POST', path, { headers: project, body: { EmergencyAddressSid: mine.body.id } });
      expect(ok.status, JSON.stringify(ok.body)).toBe(200);
      signalwireSpec.assert('/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}', 'post', 200, ok.body);
      expect(ok.body.emergency_address_sid).toBe(mine.body.id);
      const refused = await app.request('POST', path, { headers: project, body: { EmergencyAddressSid: theirs.body.id } });
      expect(refused.status).toBe(400);
      signalwireSpec.assertComponent('CompatibilityErrorResponse', refused.body);
      const deleted = await app.request('DELETE', `/v1/addresses/${mine.body.id}`, { key: org.key });
      expect(deleted.status).toBe(409);
      expect(deleted.body.code).toBe('address_in_use');
    });
  });
});
