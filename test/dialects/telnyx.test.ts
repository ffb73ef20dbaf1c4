import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedNumbers } from './support/fixtures.js';
import { SpecValidator } from './support/specs.js';

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
        ['GET', '/v2/phone_numbers/abc', 400, 'id'],
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
