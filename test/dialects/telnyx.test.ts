import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';

const spec = new SpecValidator('telnyx-phone-numbers');
const LIST = '/phone_numbers';
const ONE = '/phone_numbers/{id}';

describeEachDriver('Telnyx v2 dialect', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    await seedNumbers(app, org.orgId, 5, { tags: ['sdk'], capabilities: ['voice', 'sms'] });
  });
  afterAll(() => app.close());

  const client = () => new Telnyx({ apiKey: org.key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });

  describe('official SDK', () => {
    it('lists every number over several pages with auto-pagination', async () => {
      const seen: string[] = [];
      for await (const number of client().phoneNumbers.list({ 'page[size]': 2 })) seen.push(number.id!);
      expect(seen).toHaveLength(5);
      expect(new Set(seen).size).toBe(5);
      expect(seen.every((id) => /^\d+$/.test(id))).toBe(true);
    });

    it('retrieves, updates and deletes a number', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const id = String(record!.seq);
      const sdk = client();
      const fetched = await sdk.phoneNumbers.retrieve(id);
      expect(fetched.data?.phone_number).toBe(record!.number);
      const updated = await sdk.phoneNumbers.update(id, { customer_reference: 'ref-42', tags: ['a', 'b'], hd_voice_enabled: true });
      expect(updated.data).toMatchObject({ customer_reference: 'ref-42', tags: ['a', 'b'], hd_voice_enabled: true });
      const deleted = await sdk.phoneNumbers.delete(id);
      expect(deleted.data?.status).toBe('deleted');
    });

    it('raises the SDK error for an unknown id', async () => {
      await expect(client().phoneNumbers.retrieve('999999999')).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('voice and messaging settings', () => {
    it('SDK and documents: read and change the voice and messaging settings', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1, { capabilities: ['voice', 'sms'] });
      const id = String(record!.seq);
      const sdk = client();
      const voice = await sdk.phoneNumbers.voice.update(id, {
        call_recording: { inbound_call_recording_enabled: true },
        cnam_listing: { cnam_listing_enabled: true },
        inbound_call_screening: 'flag_calls',
      });
      expect(voice.data).toMatchObject({ call_recording: { inbound_call_recording_enabled: true }, inbound_call_screening: 'flag_calls' });
      const got = await app.request('GET', `/v2/phone_numbers/${id}/voice`, { key: org.key });
      spec.assert('/phone_numbers/{id}/voice', 'get', 200, got.body);
      const messaging = await app.request('PATCH', `/v2/phone_numbers/${id}/messaging`, { key: org.key, body: { messaging_profile_id: 'mp-1' } });
      expect(messaging.status).toBe(200);
      spec.assert('/phone_numbers/{id}/messaging', 'patch', 200, messaging.body);
      expect(messaging.body.data.messaging_profile_id).toBe('mp-1');
      const unknown = await app.request('PATCH', `/v2/phone_numbers/${id}/voice`, { key: org.key, body: { tech_prefix: true } });
      expect(unknown.status).toBe(422);
      spec.assert('/phone_numbers/{id}/voice', 'patch', 422, unknown.body);
    });
  });

  describe('search and number orders', () => {
    it('SDK: searches with deepObject filters, orders two numbers, retrieves the order', async () => {
      const sdk = client();
      const found = await sdk.availablePhoneNumbers.list({
        filter: { country_code: 'US', phone_number_type: 'local', national_destination_code: '415', features: ['voice'], limit: 3 },
      });
      expect(found.data?.length).toBeGreaterThan(1);
      const wanted = found.data!.slice(0, 2).map((n) => ({ phone_number: n.phone_number! }));
      const order = await sdk.numberOrders.create({ phone_numbers: wanted, customer_reference: 'po-7', connection_id: 'conn-9' });
      expect(order.data).toMatchObject({ status: 'success', phone_numbers_count: 2, customer_reference: 'po-7' });
      const again = await sdk.numberOrders.retrieve(order.data!.id!);
      expect(again.data?.phone_numbers?.map((n) => n.status)).toEqual(['success', 'success']);
      const mine = await app.request('GET', `/v2/phone_numbers?filter[connection_id]=conn-9`, { key: org.key });
      expect(mine.body.data.map((n: { phone_number: string }) => n.phone_number).sort()).toEqual(wanted.map((w) => w.phone_number).sort());
    });

    it('SDK: lists orders over several pages', async () => {
      const other = await app.newOrg();
      const sdk = new Telnyx({ apiKey: other.key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });
      const offers = await sdk.availablePhoneNumbers.list({ filter: { national_destination_code: '212', limit: 3 } });
      for (const offer of offers.data!) await sdk.numberOrders.create({ phone_numbers: [{ phone_number: offer.phone_number! }] });
      const seen: string[] = [];
      for await (const order of sdk.numberOrders.list({ 'page[size]': 2 })) seen.push(order.id!);
      expect(new Set(seen).size).toBe(3);
      const res = await app.request('GET', '/v2/number_orders?page[size]=2&page[number]=2', { key: other.key });
      spec.assert('/number_orders', 'get', 200, res.body);
      expect(res.body.meta).toEqual({ page_number: 2, page_size: 2, total_pages: 2, total_results: 3 });
    });

    it('documents: search, order, a refused number and a bad filter', async () => {
      const search = await app.request('GET', '/v2/available_phone_numbers?filter[phone_number_type]=toll_free&filter[limit]=2', { key: org.key });
      expect(search.status, JSON.stringify(search.body)).toBe(200);
      spec.assert('/available_phone_numbers', 'get', 200, search.body);
      const number = search.body.data[0].phone_number;
      const order = await app.request('POST', '/v2/number_orders', { key: org.key, body: { phone_numbers: [{ phone_number: number }] } });
      expect(order.status).toBe(200);
      spec.assert('/number_orders', 'post', 200, order.body);
      const got = await app.request('GET', `/v2/number_orders/${order.body.data.id}`, { key: org.key });
      spec.assert('/number_orders/{number_order_id}', 'get', 200, got.body);
      const taken = await app.request('POST', '/v2/number_orders', { key: org.key, body: { phone_numbers: [{ phone_number: number }] } });
      expect(taken.body.data.status).toBe('failure');
      const bad = await app.request('GET', '/v2/available_phone_numbers?filter[phone_number][middle]=123', { key: org.key });
      expect(bad.status).toBe(400);
      spec.assert('/available_phone_numbers', 'get', 400, bad.body);
      expect(bad.body.errors[0].source.parameter).toBe('filter[phone_number][middle]');
      const empty = await app.request('POST', '/v2/number_orders', { key: org.key, body: { phone_numbers: [] } });
      expect(empty.status).toBe(422);
      spec.assert('/number_orders', 'post', 422, empty.body);
    });
  });

  describe('available numbers by place and pattern', () => {
    it('SDK: filter[locality] alone, ends_with of any length, and answers that validate', async () => {
      const sdk = client();
      const austin = await sdk.availablePhoneNumbers.list({ filter: { locality: 'Austin', limit: 5 } });
      expect(austin.data).toHaveLength(5);
      for (const n of austin.data!) expect(n.region_information).toEqual(expect.arrayContaining([{ region_type: 'location', region_name: 'Austin' }]));
      for (const ending of ['7', '2345678', '123456789']) {
        const found = await sdk.availablePhoneNumbers.list({ filter: { phone_number: { ends_with: ending }, limit: 3 } });
        expect(found.data!.length, ending).toBeGreaterThan(0);
        for (const n of found.data!) expect(n.phone_number!.endsWith(ending)).toBe(true);
      }
      // A locality narrows a digit pattern: numbers of Austin ending in 12.
      const narrowed = await sdk.availablePhoneNumbers.list({ filter: { locality: 'Austin', phone_number: { ends_with: '12' }, limit: 2 } });
      expect(narrowed.data).toHaveLength(2);
      for (const n of narrowed.data!) {
        expect(n.phone_number!.endsWith('12')).toBe(true);
        expect(n.region_information).toEqual(expect.arrayContaining([{ region_type: 'location', region_name: 'Austin' }]));
      }
      const raw = await app.request('GET', '/v2/available_phone_numbers?filter[locality]=Austin&filter[phone_number][ends_with]=12&filter[limit]=2', { key: org.key });
      spec.assert('/available_phone_numbers', 'get', 200, raw.body);
      const ok = await app.request('GET', '/v2/available_phone_numbers?filter[locality]=Austin&filter[limit]=2', { key: org.key });
      spec.assert('/available_phone_numbers', 'get', 200, ok.body);
    });

    it('SDK: filter[administrative_area] in every sandbox country, with the state in region_information', async () => {
      const sdk = client();
      for (const [country, area] of [['AU', 'QLD'], ['DE', 'BY'], ['GB', 'WLS'], ['FR', 'ARA']] as const) {
        const found = await sdk.availablePhoneNumbers.list({ filter: { country_code: country, administrative_area: area, limit: 4 } });
        expect(found.data, `${country} ${area}`).toHaveLength(4);
        for (const n of found.data!) expect(n.region_information).toEqual(expect.arrayContaining([{ region_type: 'state', region_name: area }]));
      }
      const raw = await app.request('GET', '/v2/available_phone_numbers?filter[country_code]=GB&filter[administrative_area]=SCT&filter[locality]=Glasgow&filter[limit]=2', {
        key: org.key,
      });
      expect(raw.status, JSON.stringify(raw.body)).toBe(200);
      spec.assert('/available_phone_numbers', 'get', 200, raw.body);
      expect(raw.body.data).toHaveLength(2);
      const unknown = await app.request('GET', '/v2/available_phone_numbers?filter[country_code]=DE&filter[administrative_area]=TX', { key: org.key });
      expect(unknown.status).toBe(400);
      spec.assert('/available_phone_numbers', 'get', 400, unknown.body);
      expect(unknown.body.errors[0].source.parameter).toBe('filter[administrative_area]');
    });

    it('filter[rate_center] is refused by name, with the reason', async () => {
      const res = await app.request('GET', '/v2/available_phone_numbers?filter[rate_center]=AUSTIN', { key: org.key });
      expect(res.status).toBe(400);
      spec.assert('/available_phone_numbers', 'get', 400, res.body);
      expect(res.body.errors[0].source.parameter).toBe('filter[rate_center]');
      expect(res.body.errors[0].detail).toContain('rate centers');
    });
  });

  describe('responses match the official document', () => {
    it('list, with deepObject filters and page meta', async () => {
      const res = await app.request('GET', '/v2/phone_numbers?filter[tag]=sdk&filter[number_type][eq]=local&page[number]=2&page[size]=2', {
        key: org.key,
      });
      expect(res.status).toBe(200);
      spec.assert(LIST, 'get', 200, res.body);
      expect(res.body.meta).toEqual({ total_pages: 3, total_results: 5, page_number: 2, page_size: 2 });
    });

    it('a filter no number can match gives an empty page', async () => {
      const res = await app.request('GET', '/v2/phone_numbers?filter[status]=ported-out', { key: org.key });
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([]);
      spec.assert(LIST, 'get', 200, res.body);
    });

    it('retrieve, update and delete', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const path = `/v2/phone_numbers/${record!.seq}`;
      const got = await app.request('GET', path, { key: org.key });
      spec.assert(ONE, 'get', 200, got.body);
      const address = await seedAddress(app, org.orgId);
      const patched = await app.request('PATCH', path, { key: org.key, body: { connection_id: 'conn-1', address_id: address.id } });
      expect(patched.status).toBe(200);
      spec.assert(ONE, 'patch', 200, patched.body);
      expect(patched.body.data).toMatchObject({ connection_id: 'conn-1', emergency_address_id: address.id });
      // An address the organization does not have is refused at the field that names it, and nothing changes.
      const theirs = await seedAddress(app, (await app.newOrg()).orgId);
      for (const unknown of [theirs.id, 'addr-9', '1293384261075731499']) {
        const refused = await app.request('PATCH', path, { key: org.key, body: { address_id: unknown } });
        expect(refused.status, unknown).toBe(422);
        expect(refused.body.errors[0]).toMatchObject({ code: '10015', source: { pointer: '/address_id' } });
        expect(refused.body.errors[0].detail).toContain('not an address of this organization');
      }
      expect((await app.request('GET', path, { key: org.key })).body.data.emergency_address_id).toBe(address.id);
      const deleted = await app.request('DELETE', path, { key: org.key });
      expect(deleted.status).toBe(200);
      spec.assert(ONE, 'delete', 200, deleted.body);
    });

    it('errors: unknown filter, page size, body field, id, credentials, scope', async () => {
      const cases: Array<[string, string, number, string | undefined, unknown?]> = [
        ['GET', '/v2/phone_numbers?filter[colour]=red', 400, 'filter[colour]'],
        ['GET', '/v2/phone_numbers?page[size]=251', 400, 'page[size]'],
        ['GET', '/v2/phone_numbers?bogus=1', 400, 'bogus'],
        ['GET', '/v2/phone_numbers/abc', 404, undefined],
        ['GET', '/v2/phone_numbers/987654321', 404, undefined],
      ];
      for (const [method, path, status, parameter] of cases) {
        const res = await app.request(method, path, { key: org.key });
        expect(res.status, path).toBe(status);
        spec.assert(ONE, 'get', status, res.body);
        expect(res.body.errors[0].source?.parameter).toBe(parameter);
      }
      const [record] = await seedNumbers(app, org.orgId, 1);
      const bad = await app.request('PATCH', `/v2/phone_numbers/${record!.seq}`, { key: org.key, body: { colour: 'red' } });
      expect(bad.status).toBe(422);
      spec.assert(ONE, 'patch', 422, bad.body);
      expect(bad.body.errors[0].source).toEqual({ pointer: '/colour' });

      const anonymous = await app.request('GET', '/v2/phone_numbers');
      expect(anonymous.status).toBe(401);
      spec.assert(LIST, 'get', 401, anonymous.body);
      expect(anonymous.body.errors[0].code).toBe('10009');

      const reader = await app.newOrg(['phone_numbers:read']);
      const refused = await app.request('DELETE', `/v2/phone_numbers/${record!.seq}`, { key: reader.key });
      expect(refused.status).toBe(403);
    });

    it("another organization's number is not found", async () => {
      const other = await app.newOrg();
      const [theirs] = await seedNumbers(app, other.orgId, 1);
      const res = await app.request('GET', `/v2/phone_numbers/${theirs!.seq}`, { key: org.key });
      expect(res.status).toBe(404);
    });
  });

  describe('list forms and CSV downloads', () => {
    it('SDK and document: the slim list, with tags and connection only when asked for', async () => {
      const seen: string[] = [];
      for await (const number of client().phoneNumbers.slimList({ 'page[size]': 2, filter: { tag: 'sdk' } })) seen.push(number.id!);
      expect(new Set(seen).size).toBe(5);
      const plain = await app.request('GET', '/v2/phone_numbers/slim?filter[tag]=sdk&page[size]=3', { key: org.key });
      expect(plain.status).toBe(200);
      spec.assert('/phone_numbers/slim', 'get', 200, plain.body);
      expect(plain.body.meta).toEqual({ total_pages: 2, total_results: 5, page_number: 1, page_size: 3 });
      expect(plain.body.data[0]).not.toHaveProperty('tags');
      expect(plain.body.data[0]).not.toHaveProperty('connection_name');
      const full = await app.request('GET', '/v2/phone_numbers/slim?filter[tag]=sdk&include_tags=true&include_connection=true', { key: org.key });
      spec.assert('/phone_numbers/slim', 'get', 200, full.body);
      expect(full.body.data[0]).toMatchObject({ tags: ['sdk'] });
      const bad = await app.request('GET', '/v2/phone_numbers/slim?include_tags=maybe', { key: org.key });
      expect(bad.status).toBe(400);
      spec.assert('/phone_numbers/slim', 'get', 400, bad.body);
    });

    it('SDK and document: numbers with their voice settings, filtered by connection name', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1, { customer_reference: 'voice-list' });
      await app.dialtone.services.numbers.update(org.orgId, record!.id, { connection_id: 'c-77' });
      const sdk = client();
      const listed = [];
      for await (const settings of sdk.phoneNumbers.voice.list({ filter: { customer_reference: 'voice-list' } })) listed.push(settings);
      expect(listed.map((v) => v.phone_number)).toEqual([record!.number]);
      expect(listed[0]).toMatchObject({ id: String(record!.seq), record_type: 'voice_settings', connection_id: 'c-77' });
      const res = await app.request('GET', '/v2/phone_numbers/voice?page[size]=2', { key: org.key });
      expect(res.status).toBe(200);
      spec.assert('/phone_numbers/voice', 'get', 200, res.body);
      expect(res.body.data).toHaveLength(2);
      const none = await app.request('GET', '/v2/phone_numbers/voice?filter[connection_name][contains]=nothing-like-it', { key: org.key });
      expect(none.body).toEqual({ data: [], meta: { total_pages: 0, total_results: 0, page_number: 1, page_size: 20 } });
      const bad = await app.request('GET', '/v2/phone_numbers/voice?filter[tag]=sdk', { key: org.key });
      expect(bad.status).toBe(400);
      expect(bad.body.errors[0].source.parameter).toBe('filter[tag]');
    });

    it('SDK and document: numbers with their messaging settings, by type, number and profile', async () => {
      const other = await app.newOrg();
      const records = await seedNumbers(app, other.orgId, 3, { capabilities: ['sms'] });
      await app.dialtone.services.numbers.update(other.orgId, records[0]!.id, { messaging_profile_id: '6a09cdc3-8948-47f0-aa62-74ac943d6c58' });
      const sdk = new Telnyx({ apiKey: other.key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });
      const seen = [];
      for await (const settings of sdk.phoneNumbers.messaging.list({ 'page[size]': 2, 'sort[phone_number]': 'desc' })) seen.push(settings.phone_number);
      expect(seen).toEqual(records.map((r) => r.number).sort().reverse());
      const byProfile = await sdk.phoneNumbers.messaging.list({ 'filter[messaging_profile_id]': '6a09cdc3-8948-47f0-aa62-74ac943d6c58' });
      expect(byProfile.data.map((n) => n.phone_number)).toEqual([records[0]!.number]);
      const exact = `${records[1]!.number},${records[2]!.number}`;
      const res = await app.request('GET', `/v2/phone_numbers/messaging?filter[phone_number]=${encodeURIComponent(exact)}&filter[type]=longcode`, { key: other.key });
      expect(res.status).toBe(200);
      spec.assert('/phone_numbers/messaging', 'get', 200, res.body);
      expect(res.body.data.map((n: { phone_number: string }) => n.phone_number).sort()).toEqual([records[1]!.number, records[2]!.number].sort());
      expect(res.body.meta).toEqual({ total_pages: 1, total_results: 2, page_number: 1, page_size: 20 });
      const short = await app.request('GET', '/v2/phone_numbers/messaging?filter[type]=shortcode', { key: other.key });
      expect(short.body.data).toEqual([]);
      const bad = await app.request('GET', '/v2/phone_numbers/messaging?filter[type]=pager', { key: other.key });
      expect(bad.status).toBe(400);
      spec.assert('/phone_numbers/messaging', 'get', 400, bad.body);
    });

    it('SDK and document: a CSV download is created, listed, retrieved, and its url serves the export', async () => {
      const sdk = client();
      const created = await sdk.phoneNumbers.csvDownloads.create({ csv_format: 'V2', filter: { tag: 'sdk' } });
      const download = created.data![0]!;
      expect(download).toMatchObject({ record_type: 'csv_download', status: 'complete' });
      expect(download.url).toBe(`${app.baseUrl}/v2/phone_numbers/csv_downloads/${download.id}/file`);
      const again = await sdk.phoneNumbers.csvDownloads.retrieve(download.id!);
      expect(again.data).toEqual([download]);
      const listed = [];
      for await (const item of sdk.phoneNumbers.csvDownloads.list()) listed.push(item.id);
      expect(listed).toContain(download.id);

      const file = await fetch(download.url!, { headers: { authorization: `Bearer ${org.key}` } });
      expect(file.status).toBe(200);
      expect(file.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      const [header, ...lines] = (await file.text()).split('\r\n').filter(Boolean);
      expect(header).toBe('number,country,friendly_name,tags,capabilities,carrier,customer_reference,connection_id,billing_group_id');
      const tagged = await app.request('GET', '/v2/phone_numbers?filter[tag]=sdk', { key: org.key });
      expect(lines.map((line) => line.split(',')[0]!.slice(1)).sort()).toEqual(tagged.body.data.map((n: { phone_number: string }) => n.phone_number).sort());

      const post = await app.request('POST', '/v2/phone_numbers/csv_downloads?filter[status]=ported-out', { key: org.key });
      spec.assert('/phone_numbers/csv_downloads', 'post', 200, post.body);
      const empty = await fetch(post.body.data[0].url, { headers: { authorization: `Bearer ${org.key}` } });
      expect(await empty.text()).toBe('number,country,friendly_name,tags,capabilities,carrier,customer_reference,connection_id,billing_group_id\r\n');
      spec.assert('/phone_numbers/csv_downloads', 'get', 200, (await app.request('GET', '/v2/phone_numbers/csv_downloads?page[size]=1', { key: org.key })).body);
      spec.assert('/phone_numbers/csv_downloads/{id}', 'get', 200, (await app.request('GET', `/v2/phone_numbers/csv_downloads/${download.id}`, { key: org.key })).body);
      const badFilter = await app.request('POST', '/v2/phone_numbers/csv_downloads?filter[country_iso_alpha2]=US', { key: org.key });
      expect(badFilter.status).toBe(400);
      spec.assert('/phone_numbers/csv_downloads', 'post', 400, badFilter.body);

      const stranger = await app.newOrg();
      for (const path of [`/v2/phone_numbers/csv_downloads/${download.id}`, `/v2/phone_numbers/csv_downloads/${download.id}/file`]) {
        const res = await app.request('GET', path, { key: stranger.key });
        expect(res.status, path).toBe(404);
        spec.assert('/phone_numbers/csv_downloads/{id}', 'get', 404, res.body);
      }
      expect((await app.request('GET', '/v2/phone_numbers/csv_downloads/not-a-download', { key: org.key })).status).toBe(404);
      expect((await fetch(download.url!)).status).toBe(401);
    });
  });
});
