import { randomBytes } from 'node:crypto';
import { parsePhoneNumber } from 'libphonenumber-js/max';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

/** Great-circle distance in miles, computed here independently of the server's own. */
function miles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.latitude - a.latitude) / 2) ** 2 + Math.cos(rad(a.latitude)) * Math.cos(rad(b.latitude)) * Math.sin(rad(b.longitude - a.longitude) / 2) ** 2;
  return 7917.6 * Math.asin(Math.sqrt(h));
}

const LIB_TYPE = { local: ['FIXED_LINE', 'FIXED_LINE_OR_MOBILE'], mobile: ['MOBILE'], toll_free: ['TOLL_FREE'] } as const;

describeEachDriver('GET /v1/available-phone-numbers (sandbox)', (driver) => {
  let app: TestApp;
  let key: string;
  const search = (query: string, k = key) => app.request('GET', `/v1/available-phone-numbers?${query}`, { key: k });

  beforeAll(async () => {
    app = await startTestApp(driver);
    ({ key } = await app.newOrg());
  });
  afterAll(() => app?.close());

  describe('inventory', () => {
    const cases: Array<[string, keyof typeof LIB_TYPE]> = [
      ['US', 'local'], ['US', 'toll_free'], ['CA', 'local'], ['CA', 'toll_free'],
      ['GB', 'local'], ['GB', 'mobile'], ['GB', 'toll_free'], ['DE', 'local'], ['DE', 'mobile'], ['DE', 'toll_free'],
      ['FR', 'local'], ['FR', 'mobile'], ['FR', 'toll_free'], ['AU', 'local'], ['AU', 'mobile'], ['AU', 'toll_free'],
      ['BR', 'local'], ['BR', 'mobile'], ['BR', 'toll_free'],
    ];
    it.each(cases)('%s %s numbers are valid for their country and type, priced, and placed when local', async (country, type) => {
      const res = await search(`country=${country}&number_type=${type}&limit=20`);
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(20);
      for (const offer of res.body.data) {
        const parsed = parsePhoneNumber(offer.number);
        expect(parsed.isValid()).toBe(true);
        // North American toll-free codes are shared by the NANP countries; libphonenumber files them under US.
        expect(parsed.country).toBe(country === 'CA' && type === 'toll_free' ? 'US' : country);
        expect(LIB_TYPE[type]).toContain(parsed.getType());
        expect(offer).toMatchObject({ object: 'available_phone_number', country, number_type: type, carrier: 'sandbox', currency: 'USD' });
        expect(offer.monthly_cost).toMatch(/^\d+\.\d{4}$/);
        expect(offer.national_format).toBe(parsed.formatNational());
        if (type === 'local') expect(offer.city).toBeTruthy();
        if (type === 'local' && ['US', 'CA', 'BR'].includes(country)) expect(offer.region).toMatch(/^[A-Z]{2}$/);
        // Elsewhere the region is the ISO 3166-2 subdivision where the numbering plan and the gazetteer tell it.
        if (type === 'local' && offer.region !== null) expect(offer.region).toMatch(/^[A-Z0-9]{2,3}$/);
        if (type !== 'local') expect(offer.region).toBeNull();
      }
    });

    it('answers the same search with the same numbers, and a smaller limit with a prefix of them', async () => {
      const a = await search('country=US&area_code=212&limit=10');
      const b = await search('country=US&area_code=212&limit=10');
      const c = await search('country=US&area_code=212&limit=4');
      expect(a.body.data.map((o: any) => o.number)).toEqual(b.body.data.map((o: any) => o.number));
      expect(c.body.data.map((o: any) => o.number)).toEqual(a.body.data.slice(0, 4).map((o: any) => o.number));
    });
  });

  describe('filters', () => {
    it('area_code gives numbers of that area code, in its cities', async () => {
      const res = await search('country=US&area_code=415&limit=30');
      expect(res.body.data).toHaveLength(30);
      for (const o of res.body.data) {
        expect(o.number.startsWith('+1415')).toBe(true);
        expect(o.region).toBe('CA');
      }
    });

    it('starts_with, contains and ends_with match the national number', async () => {
      const starts = await search('country=US&starts_with=512&limit=25');
      expect(starts.body.data).toHaveLength(25);
      for (const o of starts.body.data) expect(o.number.slice(2).startsWith('512')).toBe(true);
      const contains = await search('country=GB&contains=4242&limit=25');
      expect(contains.body.data).toHaveLength(25);
      for (const o of contains.body.data) expect(o.number.slice(3)).toContain('4242');
      const ends = await search('country=DE&number_type=mobile&ends_with=0000&limit=25');
      expect(ends.body.data).toHaveLength(25);
      for (const o of ends.body.data) expect(o.number.endsWith('0000')).toBe(true);
    });

    it('vanity letters are read as keypad digits (CALL = 2255)', async () => {
      const res = await search('country=US&contains=CALL&limit=50');
      expect(res.body.data).toHaveLength(50);
      for (const o of res.body.data) expect(o.number.slice(2)).toContain('2255');
      const tollFree = await search('country=US&number_type=toll_free&ends_with=FLOWERS&limit=5');
      for (const o of tollFree.body.data) expect(o.number.endsWith('3569377')).toBe(true);
      expect(tollFree.body.data.length).toBe(5);
    });

    it('region and city use the numbering-plan geography', async () => {
      const tx = await search('country=US&region=TX&limit=30');
      expect(tx.body.data).toHaveLength(30);
      for (const o of tx.body.data) expect(o.region).toBe('TX');
      const austin = await search('country=US&region=US-TX&city=austin&limit=10');
      expect(austin.body.data).toHaveLength(10);
      for (const o of austin.body.data) expect(o).toMatchObject({ region: 'TX', city: 'Austin' });
      const saoPaulo = await search('country=BR&region=SP&city=Sao%20Paulo&limit=5');
      expect(saoPaulo.body.data).toHaveLength(5);
      for (const o of saoPaulo.body.data) expect(o.city).toBe('São Paulo');
    });

    it('region and city in every sandbox country: ISO 3166-2 subdivisions from the numbering plan and the gazetteer', async () => {
      const cases: Array<[string, string, string]> = [
        ['GB', 'SCT', 'GB-SCT'], ['GB', 'NIR', 'NIR'], ['DE', 'BY', 'DE-BY'], ['FR', 'IDF', 'idf'], ['AU', 'QLD', 'QLD'], ['AU', 'TAS', 'AU-TAS'],
      ];
      for (const [country, region, asked] of cases) {
        const res = await search(`country=${country}&region=${asked}&limit=15`);
        expect(res.status, `${country} ${asked}`).toBe(200);
        expect(res.body.data, `${country} ${asked}`).toHaveLength(15);
        for (const o of res.body.data) expect(o).toMatchObject({ country, region, number_type: 'local' });
      }
      const glasgow = await search('country=GB&city=glasgow&limit=5');
      expect(glasgow.body.data).toHaveLength(5);
      for (const o of glasgow.body.data) expect(o).toMatchObject({ city: 'Glasgow', region: 'SCT' });
      const munich = await search('country=DE&region=BY&city=M%C3%BCnchen&limit=5');
      expect(munich.body.data).toHaveLength(5);
      for (const o of munich.body.data) expect(o).toMatchObject({ city: 'München', region: 'BY' });
      expect(munich.body.data[0].number).toMatch(/^\+4989/);
      // Every result of a country search carries its region where known: Cardiff's numbers are in Wales.
      const cardiff = await search('country=GB&city=Cardiff&limit=3');
      for (const o of cardiff.body.data) expect(o.region).toBe('WLS');
    });

    it('postal_code gives numbers in that ZIP code, with its centre; a number stands for its own ZIP code', async () => {
      const res = await search('country=US&postal_code=94103&limit=10');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(10);
      for (const o of res.body.data) {
        expect(o).toMatchObject({ postal_code: '94103', region: 'CA', city: 'San Francisco' });
        expect(o.latitude).toBeCloseTo(37.77, 1);
        expect(o.longitude).toBeCloseTo(-122.41, 1);
      }
      const same = await search(`postal_code=${encodeURIComponent(res.body.data[0].number)}&limit=5`);
      expect(same.body.data).toHaveLength(5);
      for (const o of same.body.data) expect(o.postal_code).toBe('94103');
    });

    it('near_lat_long and near_number give numbers within distance miles', async () => {
      const austin = { latitude: 30.2672, longitude: -97.7431 };
      const res = await search('near_lat_long=30.2672,-97.7431&distance=20&limit=40');
      expect(res.body.data).toHaveLength(40);
      for (const o of res.body.data) expect(miles(austin, o)).toBeLessThanOrEqual(20);
      expect(new Set(res.body.data.map((o: any) => o.postal_code)).size).toBeGreaterThan(1);
      const [first] = res.body.data;
      const near = await search(`near_number=${encodeURIComponent(first.number)}&distance=5&limit=20`);
      expect(near.body.data).toHaveLength(20);
      for (const o of near.body.data) expect(miles(first, o)).toBeLessThanOrEqual(5);
      // The default distance is 25 miles.
      const byDefault = await search('near_lat_long=40.7128,-74.0060&limit=20');
      for (const o of byDefault.body.data) expect(miles({ latitude: 40.7128, longitude: -74.006 }, o)).toBeLessThanOrEqual(25);
    });

    it('a place and digits narrow each other: city, region, area code and a pattern together', async () => {
      const res = await search('country=US&region=TX&city=Austin&area_code=512&contains=55&limit=10');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(10);
      for (const o of res.body.data) {
        expect(o).toMatchObject({ region: 'TX', city: 'Austin' });
        expect(o.number.startsWith('+1512')).toBe(true);
        expect(o.number.slice(2)).toContain('55');
      }
      const vanity = await search('country=US&city=Austin&ends_with=CALL&limit=5');
      expect(vanity.body.data.length).toBeGreaterThan(0);
      for (const o of vanity.body.data) expect(o).toMatchObject({ city: 'Austin', number: expect.stringMatching(/2255$/) });
      // Where they never meet, the answer is an empty page, not a refusal.
      const apart = await search('country=US&region=TX&area_code=212&limit=5');
      expect(apart.status).toBe(200);
      expect(apart.body.data).toEqual([]);
    });

    it('city alone searches every region for that city', async () => {
      const res = await search('city=Austin&limit=10');
      expect(res.body.data).toHaveLength(10);
      for (const o of res.body.data) expect(o.city).toBe('Austin');
    });

    it('* in a pattern is any one digit; ends_with takes a whole subscriber number', async () => {
      const res = await search('contains=415***1*&limit=20');
      expect(res.body.data).toHaveLength(20);
      for (const o of res.body.data) expect(o.number.slice(2)).toMatch(/415\d{3}1\d/);
      const long = await search('ends_with=2345678&limit=5');
      expect(long.body.data).toHaveLength(5);
      for (const o of long.body.data) expect(o.number.endsWith('2345678')).toBe(true);
    });

    it('answers up to 1000 numbers in one search', async () => {
      const res = await search('country=US&limit=1000');
      expect(res.status).toBe(200);
      expect(res.body.data).toHaveLength(1000);
      expect(new Set(res.body.data.map((o: any) => o.number)).size).toBe(1000);
    }, 120_000);

    it('capabilities filter, and a capability the type lacks gives nothing', async () => {
      const fax = await search('country=US&capabilities=fax,sms&limit=5');
      expect(fax.body.data).toHaveLength(5);
      for (const o of fax.body.data) expect(o.capabilities).toEqual(expect.arrayContaining(['fax', 'sms']));
      const none = await search('country=GB&capabilities=sms');
      expect(none.body.data).toEqual([]);
    });
  });

  describe('rules', () => {
    const rejects: Array<[string, string, string]> = [
      ['starts_with=415&contains=555', 'contains', 'one of starts_with'],
      ['contains=555&ends_with=1234', 'ends_with', 'one of starts_with'],
      ['distance=10', 'distance', 'near_number or near_lat_long'],
      ['near_lat_long=1,1&near_number=%2B14155550100', 'near_lat_long', 'not both'],
      ['near_lat_long=91,0', 'near_lat_long', 'latitude,longitude'],
      ['near_number=%2B442071838750', 'near_number', 'not of US'],
      ['postal_code=00000', 'postal_code', 'not a ZIP code'],
      ['postal_code=941', 'postal_code', '5-digit'],
      ['country=CA&postal_code=94103', 'postal_code', "Canada's postal areas"],
      ['country=CA&near_lat_long=45.5,-73.6', 'near_lat_long', "Canada's postal areas"],
      ['country=GB&postal_code=SW1A', 'postal_code', 'applies to only phone numbers in the US and Canada'],
      ['country=AU&near_lat_long=-33.9,151.2', 'near_lat_long', 'applies to only phone numbers in the US and Canada'],
      ['number_type=toll_free&postal_code=94103', 'postal_code', 'Toll-free'],
      ['number_type=toll_free&region=TX', 'region', 'Toll-free'],
      ['contains=***', 'contains', '1 to 15 keys'],
      ['contains=1234567890123456', 'contains', '1 to 15 keys'],
      ['contains=55-5', 'contains', '1 to 15 keys'],
      ['area_code=15', 'area_code', '3 digits'],
      ['limit=1001', 'limit', ''],
      ['country=JP', 'country', 'stocks numbers in'],
      ['country=US&number_type=mobile', 'number_type', 'stocks'],
      ['country=GB&region=TX', 'region', 'it knows ENG, NIR, SCT, WLS'],
      ['country=US&region=ZZ', 'region', 'not a subdivision of US'],
      ['country=XX', 'country', 'ISO 3166-1'],
      ['colour=blue', 'colour', 'Unknown'],
    ];
    it.each(rejects)('%s is a 400 naming %s', async (query, parameter, words) => {
      const res = await search(query);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.parameter).toBe(parameter);
      expect(res.body.detail).toContain(words);
    });

    it('needs an API key', async () => {
      const res = await app.request('GET', '/v1/available-phone-numbers');
      expect(res.status).toBe(401);
    });
  });
});

describeEachDriver('GET /v1/available-phone-numbers/countries', (driver) => {
  let app: TestApp;
  let key: string;
  const countries = (query = '', k = key) => app.request('GET', `/v1/available-phone-numbers/countries${query}`, { key: k });

  beforeAll(async () => {
    app = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
    ({ key } = await app.newOrg());
  });
  afterAll(() => app?.close());

  it("lists the sandbox's countries with their types, each of which a search answers and no other", async () => {
    const res = await countries();
    expect(res.status).toBe(200);
    expect(res.body.object).toBe('list');
    expect(res.body.data.map((c: any) => c.country)).toEqual(['US', 'CA', 'GB', 'DE', 'FR', 'AU', 'BR']);
    expect(res.body.data[0]).toEqual({ object: 'available_country', country: 'US', number_types: ['local', 'toll_free'], region_search: true });
    for (const { country, number_types, region_search } of res.body.data) {
      for (const type of ['local', 'mobile', 'toll_free']) {
        const found = await app.request('GET', `/v1/available-phone-numbers?country=${country}&number_type=${type}&limit=1`, { key });
        if (number_types.includes(type)) expect(found.body.data, `${country} ${type}`).toHaveLength(1);
        else expect(found.status, `${country} ${type}`).toBe(400);
      }
      // Every sandbox country is searched by its subdivisions: one that has numbers, and one it does not have.
      expect(region_search, `${country} region_search`).toBe(true);
      const region = { US: 'TX', CA: 'ON', BR: 'SP', GB: 'SCT', DE: 'BY', FR: 'IDF', AU: 'QLD' }[country as string];
      const byRegion = await app.request('GET', `/v1/available-phone-numbers?country=${country}&region=${region}&limit=1`, { key });
      expect(byRegion.status, `${country} region`).toBe(200);
      expect(byRegion.body.data[0].region, `${country} region`).toBe(region);
      const unknown = await app.request('GET', `/v1/available-phone-numbers?country=${country}&region=XY&limit=1`, { key });
      expect(unknown.status, `${country} region XY`).toBe(400);
    }
  }, 120_000);

  it("is empty for a carrier account whose carrier does not list its countries, and 404 for another organization's account", async () => {
    const account = await app.request('POST', '/v1/carrier-accounts', {
      key,
      body: { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: 'KEY0123456789' } },
    });
    expect(account.status).toBe(201);
    expect((await countries(`?carrier_account_id=${account.body.id}`)).body).toEqual({ object: 'list', data: [] });
    const other = await app.newOrg();
    const foreign = await countries(`?carrier_account_id=${account.body.id}`, other.key);
    expect(foreign.status).toBe(404);
  });

  it('needs a key with phone_numbers:read, and refuses unknown parameters', async () => {
    expect((await app.request('GET', '/v1/available-phone-numbers/countries')).status).toBe(401);
    const writer = await app.newOrg(['phone_numbers:write']);
    expect((await countries('', writer.key)).status).toBe(403);
    const unknown = await countries('?country=US');
    expect(unknown.status).toBe(400);
    expect(unknown.body.parameter).toBe('country');
  });
});
