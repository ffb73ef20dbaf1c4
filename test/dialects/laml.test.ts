import twilio from 'twilio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, freshNumber, lastAnswer, seedNumbers, signalwireSdk } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { phoneNumberSid } from '../../src/dialects/laml/laml.mapping.js';

const twilioSpec = new SpecValidator('twilio-api-v2010-phone-numbers');
const signalwireSpec = new SpecValidator('signalwire-compatibility-phone-numbers');
const T_LIST = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json';
const T_ONE = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json';
const S_LIST = '/Accounts/{AccountSid}/IncomingPhoneNumbers';
const S_ONE = '/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}';

describeEachDriver('LaML dialect (Twilio 2010-04-01 and SignalWire compatibility)', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    await seedNumbers(app, org.orgId, 5, { capabilities: ['voice', 'sms'], friendly_name: 'Paged' });
  });
  afterAll(() => app.close());

  const twilioClient = () => {
    const client = twilio(org.accountSid, org.key);
    client.api.baseUrl = app.baseUrl;
    return client;
  };
  const signalwireClient = (prefix: '' | '/api/laml' = '') => signalwireSdk(app, org, prefix);
  const twilioAuth = () => ({ authorization: basicAuth(org.accountSid, org.key) });
  const projectAuth = () => ({ authorization: basicAuth(org.orgId, org.key) });

  describe('twilio SDK', () => {
    it('pages through every number with list and each', async () => {
      const listed = await twilioClient().incomingPhoneNumbers.list({ pageSize: 2, friendlyName: 'Paged' });
      expect(listed).toHaveLength(5);
      expect(listed.every((n) => /^PN[0-9a-f]{32}$/.test(n.sid))).toBe(true);
      const seen: string[] = [];
      await new Promise<void>((resolve, reject) =>
        twilioClient().incomingPhoneNumbers.each({ pageSize: 2, friendlyName: 'Paged', done: (e?: Error) => (e ? reject(e) : resolve()) }, (n) => {
          seen.push(n.sid);
        }),
      );
      expect(new Set(seen).size).toBe(5);
    });

    it('fetches, updates and removes a number', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const sid = `PN${record!.id.replace(/-/g, '')}`;
      const client = twilioClient();
      const fetched = await client.incomingPhoneNumbers(sid).fetch();
      expect(fetched.phoneNumber).toBe(record!.number);
      const updated = await client.incomingPhoneNumbers(sid).update({
        friendlyName: 'Front desk',
        voiceUrl: 'https://example.com/voice',
        voiceMethod: 'GET',
        smsUrl: 'https://example.com/sms',
      });
      expect(updated).toMatchObject({ friendlyName: 'Front desk', voiceUrl: 'https://example.com/voice', voiceMethod: 'GET' });
      expect(updated.smsUrl).toBe('https://example.com/sms');
      expect(await client.incomingPhoneNumbers(sid).remove()).toBe(true);
      await expect(client.incomingPhoneNumbers(sid).remove()).rejects.toMatchObject({ status: 404, code: 20404 });
    });

    it('reports errors as RestException with the Twilio code', async () => {
      const client = twilio(org.accountSid, 'dt_wrong');
      client.api.baseUrl = app.baseUrl;
      await expect(client.incomingPhoneNumbers.list()).rejects.toMatchObject({ status: 401, code: 20003 });
    });
  });

  describe('buying with the SDKs', () => {
    it('twilio: searches local numbers and buys one with its voice URL', async () => {
      const client = twilioClient();
      const available = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 3 });
      expect(available.length).toBeGreaterThan(0);
      const bought = await client.incomingPhoneNumbers.create({ phoneNumber: available[0]!.phoneNumber, voiceUrl: 'https://example.com/new' });
      expect(bought).toMatchObject({ phoneNumber: available[0]!.phoneNumber, voiceUrl: 'https://example.com/new', origin: 'twilio' });
      expect(bought.sid).toMatch(/^PN[0-9a-f]{32}$/);
    });

    it('twilio: buys and lists through the Local and TollFree collections', async () => {
      const client = twilioClient();
      const [offer] = await client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
      const bought = await client.incomingPhoneNumbers.tollFree.create({ phoneNumber: offer!.phoneNumber });
      expect(bought.phoneNumber).toBe(offer!.phoneNumber);
      const tollFree = await client.incomingPhoneNumbers.tollFree.list();
      expect(tollFree.map((n) => n.sid)).toContain(bought.sid);
      const local = await client.incomingPhoneNumbers.local.list({ pageSize: 50 });
      expect(local.map((n) => n.sid)).not.toContain(bought.sid);
      const res = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/TollFree.json`, { headers: twilioAuth() });
      twilioSpec.assert('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/TollFree.json', 'get', 200, res.body);
    });

    it('signalwire: buys by area code', async () => {
      const bought = await signalwireClient().incomingPhoneNumbers.create({ areaCode: '212', friendlyName: 'NYC' });
      expect(bought.phoneNumber).toMatch(/^\+1212/);
      expect(bought.friendlyName).toBe('NYC');
    });

    it('documents: available numbers and the created number validate; a taken number is refused', async () => {
      const search = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/TollFree.json?PageSize=2`, {
        headers: twilioAuth(),
      });
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      twilioSpec.assert('/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/TollFree.json', 'get', 200, search.body);
      const swSearch = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers/US/Local?AreaCode=646`, {
        headers: projectAuth(),
      });
      expect(swSearch.status).toBe(200);
      signalwireSpec.assert('/Accounts/{AccountSid}/AvailablePhoneNumbers/{IsoCountry}/Local', 'get', 200, swSearch.body);
      const number = swSearch.body.available_phone_numbers[0].phone_number;
      const created = await app.request('POST', `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers`, {
        headers: projectAuth(),
        body: { PhoneNumber: number },
      });
      expect(created.status).toBe(201);
      signalwireSpec.assert(S_LIST, 'post', 201, created.body);
      const taken = await app.request('POST', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json`, {
        headers: twilioAuth(),
        body: { PhoneNumber: number },
      });
      expect(taken.status).toBe(409);
      expect(taken.body.code).toBe(21422);
      const neither = await app.request('POST', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json`, { headers: twilioAuth(), body: {} });
      expect(neither.status).toBe(400);
    });
  });

  describe('number search by geography', () => {
    const T_LOCAL = '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json';
    const miles = (a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) => {
      const rad = (d: number) => (d * Math.PI) / 180;
      const h = Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
      return 7917.6 * Math.asin(Math.sqrt(h));
    };

    it('twilio SDK: inPostalCode, nearLatLong with distance, and contains with * wildcards', async () => {
      const local = twilioClient().availablePhoneNumbers('US').local;
      const inZip = await local.list({ inPostalCode: '94103', limit: 10 });
      expect(inZip).toHaveLength(10);
      for (const n of inZip) expect(n).toMatchObject({ postalCode: '94103', region: 'CA', locality: 'San Francisco', isoCountry: 'US' });
      const near = await local.list({ nearLatLong: '37.7749,-122.4194', distance: 10, limit: 20 });
      expect(near).toHaveLength(20);
      for (const n of near) expect(miles({ latitude: 37.7749, longitude: -122.4194 }, { latitude: Number(n.latitude), longitude: Number(n.longitude) })).toBeLessThanOrEqual(10);
      const pattern = await local.list({ contains: '415***1*', limit: 10 });
      expect(pattern).toHaveLength(10);
      for (const n of pattern) expect(n.phoneNumber.slice(2)).toMatch(/415\d{3}1\d/);
      const all = await local.list({ inPostalCode: '94103', nearLatLong: '37.7725,-122.4147', distance: 1, contains: '415*', limit: 5 });
      expect(all.length).toBeGreaterThan(0);
      for (const n of all) expect(n.postalCode).toBe('94103');
      const nearNumber = await local.list({ nearNumber: near[0]!.phoneNumber, distance: 5, limit: 5 });
      for (const n of nearNumber) expect(miles({ latitude: Number(near[0]!.latitude), longitude: Number(near[0]!.longitude) }, { latitude: Number(n.latitude), longitude: Number(n.longitude) })).toBeLessThanOrEqual(5);
      const anchored = await local.list({ contains: '+1212555%', limit: 3 });
      for (const n of anchored) expect(n.phoneNumber.startsWith('+1212555')).toBe(true);
      const ends = await local.list({ contains: '%2345678$', limit: 3 });
      expect(ends.length).toBe(3);
      for (const n of ends) expect(n.phoneNumber.endsWith('2345678')).toBe(true);
    });

    it('InLocality alone, InRegion for a number, and PageSize up to 1000; answers validate', async () => {
      const path = (query: string) => `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/Local.json?${query}`;
      const austin = await app.request('GET', path('InLocality=Austin&PageSize=5'), { headers: twilioAuth() });
      expect(austin.status).toBe(200);
      twilioSpec.assert(T_LOCAL, 'get', 200, austin.body);
      for (const n of austin.body.available_phone_numbers) expect(n).toMatchObject({ locality: 'Austin', region: 'TX', lata: null, rate_center: null });
      for (const n of austin.body.available_phone_numbers) expect(n.postal_code).toMatch(/^7\d{4}$/);
      // InLocality narrows AreaCode and Contains, as Twilio's search does.
      const narrowed = await app.request('GET', path('InLocality=Austin&AreaCode=512&Contains=55&PageSize=5'), { headers: twilioAuth() });
      expect(narrowed.status).toBe(200);
      twilioSpec.assert(T_LOCAL, 'get', 200, narrowed.body);
      expect(narrowed.body.available_phone_numbers).toHaveLength(5);
      for (const n of narrowed.body.available_phone_numbers) {
        expect(n).toMatchObject({ locality: 'Austin', phone_number: expect.stringMatching(/^\+1512\d*55/) });
      }
      const sameRegion = await app.request('GET', path(`InRegion=${encodeURIComponent('+14155550100')}&PageSize=5`), { headers: twilioAuth() });
      for (const n of sameRegion.body.available_phone_numbers) expect(n.region).toBe('CA');
      const big = await app.request('GET', path('PageSize=1000'), { headers: twilioAuth() });
      expect(big.status).toBe(200);
      expect(big.body.available_phone_numbers).toHaveLength(1000);
      const sw = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers/US/Local?InLocality=Austin&InRegion=TX`, {
        headers: projectAuth(),
      });
      expect(sw.status).toBe(200);
      signalwireSpec.assert('/Accounts/{AccountSid}/AvailablePhoneNumbers/{IsoCountry}/Local', 'get', 200, sw.body);
      expect(sw.body.available_phone_numbers[0].latitude).toMatch(/^\d+\.\d{6}$/);
    }, 120_000);

    it('InRegion and InLocality in every sandbox country, with regions in the answers; both flavours validate', async () => {
      const client = twilioClient();
      const scotland = await client.availablePhoneNumbers('GB').local.list({ inRegion: 'SCT', limit: 5 });
      expect(scotland).toHaveLength(5);
      for (const n of scotland) expect(n).toMatchObject({ region: 'SCT', isoCountry: 'GB', lata: null, rateCenter: null, postalCode: null });
      const glasgow = await client.availablePhoneNumbers('GB').local.list({ inLocality: 'Glasgow', limit: 3 });
      for (const n of glasgow) expect(n).toMatchObject({ locality: 'Glasgow', region: 'SCT' });
      // A number stands for its own region.
      const sameRegion = await client.availablePhoneNumbers('AU').local.list({ inRegion: '+61731234567', limit: 3 });
      expect(sameRegion).toHaveLength(3);
      for (const n of sameRegion) expect(n.region).toBe('QLD');
      const raw = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/DE/Local.json?InRegion=BY&InLocality=M%C3%BCnchen&PageSize=3`, {
        headers: twilioAuth(),
      });
      expect(raw.status, JSON.stringify(raw.body)).toBe(200);
      twilioSpec.assert(T_LOCAL, 'get', 200, raw.body);
      expect(raw.body.available_phone_numbers).toHaveLength(3);
      for (const n of raw.body.available_phone_numbers) expect(n).toMatchObject({ locality: 'München', region: 'BY', iso_country: 'DE' });
      const sw = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers/FR/Local?InRegion=IDF&InLocality=Paris`, {
        headers: projectAuth(),
      });
      expect(sw.status, JSON.stringify(sw.body)).toBe(200);
      signalwireSpec.assert('/Accounts/{AccountSid}/AvailablePhoneNumbers/{IsoCountry}/Local', 'get', 200, sw.body);
      expect(sw.body.available_phone_numbers.length).toBeGreaterThan(0);
      for (const n of sw.body.available_phone_numbers) expect(n).toMatchObject({ locality: 'Paris', region: 'IDF' });
      const unknown = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/GB/Local.json?InRegion=TX`, { headers: twilioAuth() });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({ code: 20001, status: 400, message: expect.stringContaining('InRegion TX is not a subdivision of GB') });
    });

    it('InPostalCode and the near_ search: US only, refused by name for Canada (no postal-area data) and elsewhere', async () => {
      await expect(twilioClient().availablePhoneNumbers('CA').local.list({ inPostalCode: 'M5V' })).rejects.toMatchObject({
        status: 400,
        code: 20001,
        message: expect.stringMatching(/^InPostalCode cannot be used for CA numbers: Dialtone has no data on Canada's postal areas/),
      });
      await expect(twilioClient().availablePhoneNumbers('GB').local.list({ nearLatLong: '51.5,-0.12' })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('NearLatLong applies to only phone numbers in the US and Canada'),
      });
      const sw = await app.request('GET', `/api/laml/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers/CA/Local?InPostalCode=H2X`, { headers: projectAuth() });
      expect(sw.status).toBe(400);
      expect(sw.body.message).toContain('InPostalCode');
    });

    it('refuses rate centers, LATAs and bad places with errors naming the parameter', async () => {
      const local = twilioClient().availablePhoneNumbers('US').local;
      await expect(local.list({ inRateCenter: 'SNFC CNTRL', inLata: '722' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('InRateCenter') });
      await expect(local.list({ inLata: '722' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('InLata') });
      await expect(local.list({ distance: 10 })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('NearLatLong') });
      await expect(local.list({ inPostalCode: '00000' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('InPostalCode') });
      await expect(local.list({ contains: '41%5' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('Contains') });
      await expect(twilioClient().availablePhoneNumbers('CA').local.list({ nearLatLong: '45.5,-73.6' })).rejects.toMatchObject({
        status: 400,
        message: expect.stringContaining('NearLatLong'),
      });
      const raw = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/AvailablePhoneNumbers/US/Local.json?InRateCenter=X`, { headers: twilioAuth() });
      expect(raw.status).toBe(400);
      // Twilio's document gives no 400 body for this operation; its error shape is code, message, more_info, status.
      expect(raw.body).toMatchObject({ code: expect.any(Number), status: 400, message: expect.stringContaining('rate centers') });
      expect(raw.body.more_info).toMatch(/^https:\/\/www\.twilio\.com\/docs\/errors\/\d+$/);
    });
  });

  describe('SignalWire compatibility SDK', () => {
    it('lists over several pages, updates and removes, addressed by the project id', async () => {
      const client = signalwireClient();
      const listed = await client.incomingPhoneNumbers.list({ pageSize: 2, friendlyName: 'Paged' });
      expect(listed).toHaveLength(5);
      const [record] = await seedNumbers(app, org.orgId, 1);
      const updated = await client.incomingPhoneNumbers(record!.id).update({ voiceUrl: 'https://example.com/sw' });
      expect(updated.voiceUrl).toBe('https://example.com/sw');
      expect(updated.sid).toBe(record!.id);
      expect(await client.incomingPhoneNumbers(record!.id).remove()).toBe(true);
    });
  });

  describe('SignalWire compatibility SDK: what the document adds', () => {
    const AVAILABLE = '/Accounts/{AccountSid}/AvailablePhoneNumbers';

    for (const prefix of ['', '/api/laml'] as const) {
      it(`available numbers: the countries, one country, Local by region, locality and pattern, TollFree (${prefix || '/2010-04-01'})`, async () => {
        const client = signalwireClient(prefix);
        const base = `${prefix}/2010-04-01/Accounts/${org.orgId}/AvailablePhoneNumbers`;
        const countries = await client.availablePhoneNumbers.list();
        signalwireSpec.assert(AVAILABLE, 'get', 200, lastAnswer(client));
        const us = countries.find((c: { countryCode: string }) => c.countryCode === 'US');
        expect(us).toMatchObject({ country: 'United States', beta: false, uri: `${base}/US.json` });
        expect(us.subresourceUris).toEqual({ local: `${base}/US/Local.json`, toll_free: `${base}/US/TollFree.json` });

        const fetched = await client.availablePhoneNumbers('US').fetch();
        signalwireSpec.assert(`${AVAILABLE}/{IsoCountry}`, 'get', 200, lastAnswer(client));
        expect(fetched).toMatchObject({ countryCode: 'US', country: 'United States', subresourceUris: us.subresourceUris });
        await expect(client.availablePhoneNumbers('JP').fetch()).rejects.toMatchObject({ status: 404, code: 20404 });
        signalwireSpec.assertComponent('CompatibilityErrorResponse', lastAnswer(client));

        // Only the parameters SignalWire documents: InRegion (a two-letter state), InLocality, Contains of digits and letters.
        const local = await client.availablePhoneNumbers('US').local.list({ inRegion: 'NY', inLocality: 'New York', limit: 5 });
        signalwireSpec.assert(`${AVAILABLE}/{IsoCountry}/Local`, 'get', 200, lastAnswer(client));
        expect(local).toHaveLength(5);
        for (const n of local) expect(n).toMatchObject({ region: 'NY', locality: 'New York', isoCountry: 'US', beta: false });
        const pattern = await client.availablePhoneNumbers('US').local.list({ inRegion: 'NY', contains: '646', limit: 5 });
        signalwireSpec.assert(`${AVAILABLE}/{IsoCountry}/Local`, 'get', 200, lastAnswer(client));
        expect(pattern).toHaveLength(5);
        for (const n of pattern) {
          expect(n.region).toBe('NY');
          expect(n.phoneNumber.slice(2)).toContain('646');
        }
        const bought = await client.incomingPhoneNumbers.create({ phoneNumber: local[0].phoneNumber });
        signalwireSpec.assert(S_LIST, 'post', 201, lastAnswer(client));
        expect(bought).toMatchObject({ phoneNumber: local[0].phoneNumber, origin: 'signalwire' });

        const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ limit: 3 });
        signalwireSpec.assert(`${AVAILABLE}/{IsoCountry}/TollFree`, 'get', 200, lastAnswer(client));
        expect(tollFree).toHaveLength(3);
        for (const n of tollFree) expect(n.phoneNumber).toMatch(/^\+18(00|33|44|55|66|77|88)/);
        // A toll-free number has no place: InRegion is refused by name, in the documented error shape.
        await expect(client.availablePhoneNumbers('US').tollFree.list({ inRegion: 'NY' })).rejects.toMatchObject({
          status: 400,
          code: 20001,
          message: expect.stringContaining('InRegion'),
        });
        signalwireSpec.assert(`${AVAILABLE}/{IsoCountry}/TollFree`, 'get', 400, lastAnswer(client));
      });
    }

    it("update sets EmergencyAddressSid with the other documented fields; another project's address is refused by name", async () => {
      const address = await app.dialtone.services.addresses.create(org.orgId, {
        customer_name: 'Acme',
        street: '1 Main St',
        city: 'Austin',
        region: 'TX',
        postal_code: '78701',
        iso_country: 'US',
        emergency_enabled: true,
      });
      const stranger = await app.newOrg();
      const theirs = await app.dialtone.services.addresses.create(stranger.orgId, {
        customer_name: 'Them',
        street: '1 Main St',
        city: 'Austin',
        region: 'TX',
        postal_code: '78701',
        iso_country: 'US',
      });
      for (const prefix of ['', '/api/laml'] as const) {
        const [record] = await seedNumbers(app, org.orgId, 1);
        const client = signalwireClient(prefix);
        const updated = await client.incomingPhoneNumbers(record!.id).update({
          emergencyAddressSid: address.id,
          friendlyName: 'Front desk',
          voiceUrl: 'https://example.com/voice',
          voiceMethod: 'GET',
          voiceReceiveMode: 'voice',
          smsUrl: 'https://example.com/sms',
          statusCallback: 'https://example.com/status',
        });
        // What the SDK sent is a request SignalWire documents, and the answer is its IncomingPhoneNumber.
        signalwireSpec.assertComponent('UpdateIncomingPhoneNumberRequest', client.httpClient.lastRequest.data);
        signalwireSpec.assert(S_ONE, 'post', 200, lastAnswer(client));
        expect(updated).toMatchObject({
          sid: record!.id,
          emergencyAddressSid: address.id,
          friendlyName: 'Front desk',
          voiceUrl: 'https://example.com/voice',
          voiceMethod: 'GET',
          smsUrl: 'https://example.com/sms',
          statusCallback: 'https://example.com/status',
        });
        expect((await client.incomingPhoneNumbers(record!.id).fetch()).emergencyAddressSid).toBe(address.id);
        signalwireSpec.assert(S_ONE, 'get', 200, lastAnswer(client));

        await expect(client.incomingPhoneNumbers(record!.id).update({ emergencyAddressSid: theirs.id })).rejects.toMatchObject({
          status: 400,
          code: 20001,
          message: expect.stringContaining('EmergencyAddressSid'),
        });
        signalwireSpec.assert(S_ONE, 'post', 400, lastAnswer(client));
        expect((await client.incomingPhoneNumbers(record!.id).fetch()).emergencyAddressSid).toBe(address.id);
      }
    });
  });

  describe('responses match the official documents', () => {
    it('Twilio: list pages with paths the SDK follows, fetch, update', async () => {
      const base = `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers.json`;
      const first = await app.request('GET', `${base}?PageSize=2`, { headers: twilioAuth() });
      expect(first.status).toBe(200);
      twilioSpec.assert(T_LIST, 'get', 200, first.body);
      expect(first.body).toMatchObject({ page: 0, page_size: 2, start: 0, end: 1, previous_page_uri: null });
      const second = await app.request('GET', first.body.next_page_uri, { headers: twilioAuth() });
      twilioSpec.assert(T_LIST, 'get', 200, second.body);
      expect(second.body.page).toBe(1);
      expect(second.body.previous_page_uri).toContain('Page=0');

      const sid = first.body.incoming_phone_numbers[0].sid;
      const fetched = await app.request('GET', `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${sid}.json`, {
        headers: twilioAuth(),
      });
      twilioSpec.assert(T_ONE, 'get', 200, fetched.body);
      const updated = await fetch(`${app.baseUrl}/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers/${sid}`, {
        method: 'POST',
        headers: { ...twilioAuth(), 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ VoiceApplicationSid: `AP${'a'.repeat(32)}`, VoiceCallerIdLookup: 'true' }),
      });
      const body = await updated.json();
      expect(updated.status, JSON.stringify(body)).toBe(200);
      twilioSpec.assert(T_ONE, 'post', 200, body);
      expect(body).toMatchObject({ voice_application_sid: `AP${'a'.repeat(32)}`, voice_caller_id_lookup: true });
    });

    it('Twilio: partial updates of one number sent at once all land', async () => {
      const base = `/2010-04-01/Accounts/${org.accountSid}/IncomingPhoneNumbers`;
      const record = await app.dialtone.services.numbers.importNumber(org.orgId, { number: freshNumber() });
      const sid = phoneNumberSid(record, 'twilio');
      // Each request sets one field of the voice routing; none may undo another.
      const fields: Record<string, string> = {
        VoiceUrl: 'https://example.com/voice',
        VoiceMethod: 'GET',
        VoiceFallbackUrl: 'https://example.com/fallback',
        VoiceFallbackMethod: 'GET',
        StatusCallback: 'https://example.com/status',
        StatusCallbackMethod: 'GET',
        VoiceCallerIdLookup: 'true',
        SmsUrl: 'https://example.com/sms',
      };
      const answers = await Promise.all(
        Object.entries(fields).map(([field, value]) =>
          fetch(`${app.baseUrl}${base}/${sid}.json`, {
            method: 'POST',
            headers: { ...twilioAuth(), 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ [field]: value }),
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Object.keys(fields).map(() => 200));
      const after = await app.request('GET', `${base}/${sid}.json`, { headers: twilioAuth() });
      expect(after.body).toMatchObject({
        voice_url: 'https://example.com/voice',
        voice_method: 'GET',
        voice_fallback_url: 'https://example.com/fallback',
        voice_fallback_method: 'GET',
        status_callback: 'https://example.com/status',
        status_callback_method: 'GET',
        voice_caller_id_lookup: true,
        sms_url: 'https://example.com/sms',
      });
    });

    it('SignalWire: list, fetch, update (JSON body) under /api/laml', async () => {
      const base = `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers`;
      const list = await app.request('GET', `${base}?PageSize=2`, { headers: projectAuth() });
      expect(list.status).toBe(200);
      signalwireSpec.assert(S_LIST, 'get', 200, list.body);
      const sid = list.body.incoming_phone_numbers[0].sid;
      const one = await app.request('GET', `${base}/${sid}`, { headers: projectAuth() });
      signalwireSpec.assert(S_ONE, 'get', 200, one.body);
      const updated = await app.request('POST', `${base}/${sid}`, { headers: projectAuth(), body: { FriendlyName: 'JSON body' } });
      expect(updated.status).toBe(200);
      signalwireSpec.assert(S_ONE, 'post', 200, updated.body);
      expect(updated.body.friendly_name).toBe('JSON body');
    });

    it('SignalWire: imports a number hosted elsewhere from a form body', async () => {
      const number = freshNumber();
      const form = new URLSearchParams([['number', number], ['number_type', 'longcode'], ['capabilities', 'voice'], ['capabilities', 'sms']]);
      const post = () =>
        fetch(`${app.baseUrl}/api/laml/2010-04-01/Accounts/${org.orgId}/ImportedPhoneNumbers`, {
          method: 'POST',
          headers: { ...projectAuth(), 'content-type': 'application/x-www-form-urlencoded' },
          body: form,
        });
      const res = await post();
      const body = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(201);
      signalwireSpec.assert('/Accounts/{AccountSid}/ImportedPhoneNumbers', 'post', 201, body);
      expect(body).toMatchObject({ phone_number: number, origin: 'hosted', capabilities: { voice: true, sms: true, mms: false, fax: false } });
      const again = await post();
      expect(again.status).toBe(422);
      signalwireSpec.assert('/Accounts/{AccountSid}/ImportedPhoneNumbers', 'post', 422, await again.json());
    });

    it('errors in the Twilio shape: bad credentials, unknown parameter, another account, unknown sid', async () => {
      const base = `/api/laml/2010-04-01/Accounts/${org.orgId}/IncomingPhoneNumbers`;
      const cases: Array<[string, Record<string, string>, number, number]> = [
        [base, {}, 401, 20003],
        [base, { authorization: basicAuth(org.orgId, 'dt_nope') }, 401, 20003],
        [`${base}?Colour=red`, projectAuth(), 400, 20001],
        [`${base}?PageSize=1001`, projectAuth(), 400, 20001],
        [`${base}?PageToken=forged`, projectAuth(), 400, 20001],
        [`${base}/PN${'0'.repeat(32)}`, projectAuth(), 404, 20404],
      ];
      for (const [path, headers, status, code] of cases) {
        const res = await app.request('GET', path, { headers });
        expect(res.status, path).toBe(status);
        expect(res.body.code).toBe(code);
        signalwireSpec.assert(S_LIST, 'get', status === 404 ? 401 : status, res.body);
      }
      const other = await app.newOrg();
      const foreign = await app.request('GET', `/2010-04-01/Accounts/${other.accountSid}/IncomingPhoneNumbers.json`, {
        headers: twilioAuth(),
      });
      expect(foreign.status).toBe(404);
      signalwireSpec.assertComponent('CompatibilityErrorResponse', foreign.body);
      const [record] = await seedNumbers(app, org.orgId, 1);
      const bad = await app.request('POST', `${base}/${record!.id}`, { headers: projectAuth(), body: { VoiceUrl: 'not a url' } });
      expect(bad.status).toBe(400);
      signalwireSpec.assertComponent('CompatibilityErrorResponse', bad.body);
      const reader = await app.newOrg(['phone_numbers:read']);
      const refused = await app.request('DELETE', `/2010-04-01/Accounts/${reader.accountSid}/IncomingPhoneNumbers/PN${'1'.repeat(32)}.json`, {
        headers: { authorization: basicAuth(reader.accountSid, reader.key) },
      });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe(20403);
    });
  });
});
