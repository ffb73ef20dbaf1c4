import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
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
    it('SDK and documents: read and change the switches Dialtone keeps', async () => {
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
      const unsupported = await app.request('PATCH', `/v2/phone_numbers/${id}/voice`, { key: org.key, body: { tech_prefix_enabled: true } });
      expect(unsupported.status).toBe(422);
      spec.assert('/phone_numbers/{id}/voice', 'patch', 422, unsupported.body);
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
      expect(res.body.meta).toEqual({ page_number: 2, page_size: 2, total_pages: 2 });
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
      const patched = await app.request('PATCH', path, { key: org.key, body: { connection_id: 'conn-1', address_id: 'addr-9' } });
      expect(patched.status).toBe(200);
      spec.assert(ONE, 'patch', 200, patched.body);
      expect(patched.body.data).toMatchObject({ connection_id: 'conn-1', emergency_address_id: 'addr-9' });
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
});
