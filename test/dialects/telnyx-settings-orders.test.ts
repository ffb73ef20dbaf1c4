import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';

const spec = new SpecValidator('telnyx-phone-numbers');
const VOICE = '/phone_numbers/{id}/voice';
const MESSAGING = '/phone_numbers/{id}/messaging';

/** The example body of PATCH /phone_numbers/{id}/voice in Telnyx's document: every field. */
const DOCUMENTED_VOICE = {
  call_forwarding: { call_forwarding_enabled: true, forwarding_type: 'always', forwards_to: '+13035559123' },
  call_recording: { inbound_call_recording_channels: 'dual', inbound_call_recording_enabled: true, inbound_call_recording_format: 'mp3' },
  caller_id_name_enabled: true,
  cnam_listing: { cnam_listing_details: 'example', cnam_listing_enabled: true },
  inbound_call_screening: 'flag_calls',
  media_features: { accept_any_rtp_packets_enabled: true, rtp_auto_adjust_enabled: false, t38_fax_gateway_enabled: true },
  tech_prefix_enabled: true,
  translated_number: '+13035559999',
  usage_payment_method: 'channel',
} as const;

describeEachDriver('Telnyx v2: voice and messaging settings, number orders and their numbers', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  const client = (key = org.key) => new Telnyx({ apiKey: key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });

  describe('voice settings', () => {
    it('SDK: every documented field is stored, returned by GET and the voice list, and told by one event and one audit record', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1, { capabilities: ['voice', 'sms'] });
      const id = String(record!.seq);
      const updated = await client().phoneNumbers.voice.update(id, DOCUMENTED_VOICE);
      expect(updated.data).toMatchObject({ ...DOCUMENTED_VOICE, id, phone_number: record!.number });

      const got = await app.request('GET', `/v2/phone_numbers/${id}/voice`, { key: org.key });
      spec.assert(VOICE, 'get', 200, got.body);
      expect(got.body.data).toMatchObject(DOCUMENTED_VOICE);

      const listed = await app.request('GET', `/v2/phone_numbers/voice?filter[phone_number]=${record!.number.slice(1)}`, { key: org.key });
      spec.assert('/phone_numbers/voice', 'get', 200, listed.body);
      expect(listed.body.data).toHaveLength(1);
      expect(listed.body.data[0]).toMatchObject(DOCUMENTED_VOICE);

      // Natively: the shared settings as the number's features, Telnyx's own as its provider settings.
      const native = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(native.body.features).toMatchObject({
        call_forwarding: true,
        call_forwarding_to: '+13035559123',
        call_forwarding_type: 'always',
        cnam_listing_details: 'example',
        call_recording_format: 'mp3',
        call_recording_channels: 'dual',
        usage_payment_method: 'channel',
      });
      expect(native.body.provider_settings).toEqual({
        telnyx: { tech_prefix_enabled: true, translated_number: '+13035559999', rtp_auto_adjust_enabled: false, accept_any_rtp_packets_enabled: true },
      });

      const events = await app.request('GET', `/v1/events?resource_id=${record!.id}&type=phone_number.updated`, { key: org.key });
      expect(events.body.data).toHaveLength(1);
      const event = events.body.data[0];
      expect(event.surface).toBe('telnyx');
      expect(event.previous_attributes.features).toMatchObject({
        call_forwarding_to: null,
        cnam_listing: false,
        cnam_listing_details: null,
        call_recording_format: 'wav',
        call_recording_channels: 'single',
        usage_payment_method: 'per_minute',
      });
      expect(event.previous_attributes.provider_settings).toEqual({});
      expect(event.data.provider_settings.telnyx.tech_prefix_enabled).toBe(true);
      const audit = await app.request('GET', `/v1/audit-log?resource_id=${record!.id}&action=phone_number.updated`, { key: org.key });
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0].changes.provider_settings).toEqual({ from: {}, to: event.data.provider_settings });
    });

    it('a partial change keeps the other settings, and an empty destination stops forwarding', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const id = String(record!.seq);
      const sdk = client();
      await sdk.phoneNumbers.voice.update(id, { tech_prefix_enabled: true, call_forwarding: { forwards_to: '+13035559123', forwarding_type: 'on-failure' } });
      const second = await sdk.phoneNumbers.voice.update(id, { translated_number: 'ABC123' });
      // Forwarding is on by default once a destination is given, as Telnyx documents.
      expect(second.data).toMatchObject({
        tech_prefix_enabled: true,
        translated_number: 'ABC123',
        call_forwarding: { call_forwarding_enabled: true, forwarding_type: 'on-failure', forwards_to: '+13035559123' },
      });
      const cleared = await sdk.phoneNumbers.voice.update(id, { call_forwarding: { forwards_to: '', call_forwarding_enabled: false } });
      spec.assert(VOICE, 'patch', 200, cleared);
      expect(cleared.data?.call_forwarding).toEqual({ call_forwarding_enabled: false, forwarding_type: 'on-failure' });
      const unchanged = await sdk.phoneNumbers.voice.update(id, { translated_number: 'ABC123' });
      const events = await app.request('GET', `/v1/events?resource_id=${record!.id}&type=phone_number.updated`, { key: org.key });
      expect(events.body.data).toHaveLength(3); // the same value again is no change
      expect(events.body.data[2].previous_attributes.features).toMatchObject({ call_forwarding: true, call_forwarding_to: '+13035559123' });
      expect(unchanged.data?.translated_number).toBe('ABC123');
    });

    it('the list filters by usage payment method, on /phone_numbers and on /phone_numbers/voice', async () => {
      const own = await app.newOrg();
      const [perMinute, channel] = await seedNumbers(app, own.orgId, 2);
      await client(own.key).phoneNumbers.voice.update(String(channel!.seq), { usage_payment_method: 'channel' });
      for (const path of ['/v2/phone_numbers', '/v2/phone_numbers/voice']) {
        const byChannel = await app.request('GET', `${path}?filter[voice.usage_payment_method]=channel`, { key: own.key });
        expect(byChannel.body.data.map((n: { phone_number: string }) => n.phone_number), path).toEqual([channel!.number]);
        const byMinute = await app.request('GET', `${path}?filter[voice.usage_payment_method]=pay-per-minute`, { key: own.key });
        expect(byMinute.body.data.map((n: { phone_number: string }) => n.phone_number), path).toEqual([perMinute!.number]);
      }
    });

    it('refuses unknown and invalid values in Telnyx error shape, naming the field', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const path = `/v2/phone_numbers/${record!.seq}/voice`;
      const cases: [unknown, string][] = [
        [{ call_forwarding: { forwarding_type: 'sometimes' } }, '/call_forwarding/forwarding_type'],
        [{ call_forwarding: { forwards_to: '3035559123' } }, '/call_forwarding/forwards_to'],
        [{ call_recording: { inbound_call_recording_format: 'ogg' } }, '/call_recording/inbound_call_recording_format'],
        [{ call_recording: { inbound_call_recording_channels: 'stereo' } }, '/call_recording/inbound_call_recording_channels'],
        [{ cnam_listing: { cnam_listing_enabled: true, cnam_listing_details: 'far too long a name' } }, '/cnam_listing/cnam_listing_details'],
        [{ cnam_listing: { cnam_listing_details: 'ACME' } }, '/cnam_listing/cnam_listing_enabled'],
        [{ media_features: { rtp_auto_adjust_enabled: 'yes' } }, '/media_features/rtp_auto_adjust_enabled'],
        [{ translated_number: '+1 303 555' }, '/translated_number'],
        [{ usage_payment_method: 'per-call' }, '/usage_payment_method'],
        [{ media_features: { srtp_enabled: true } }, '/media_features'],
      ];
      for (const [body, pointer] of cases) {
        const res = await app.request('PATCH', path, { key: org.key, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        spec.assert(VOICE, 'patch', 422, res.body);
        expect(res.body.errors[0].source.pointer, JSON.stringify(body)).toBe(pointer);
      }
      const unknown = await app.request('PATCH', path, { key: org.key, body: { media_features: { srtp_enabled: true } } });
      expect(unknown.body.errors[0].detail).toMatch(/srtp_enabled/);
      const after = await app.request('GET', path, { key: org.key });
      expect(after.body.data.cnam_listing).toEqual({ cnam_listing_enabled: false });
    });

    it("another organization's number is a 404", async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const other = await app.newOrg();
      await expect(client(other.key).phoneNumbers.voice.update(String(record!.seq), { tech_prefix_enabled: true })).rejects.toMatchObject({ status: 404 });
      const res = await app.request('PATCH', `/v2/phone_numbers/${record!.seq}/messaging`, { key: other.key, body: { messaging_product: 'P2P' } });
      expect(res.status).toBe(404);
      spec.assert(MESSAGING, 'patch', 404, res.body);
    });
  });

  describe('messaging settings', () => {
    it('SDK: messaging_product is set among the eligible products and shown as the traffic type; null keeps a value', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1, { capabilities: ['voice', 'sms'] });
      const id = String(record!.seq);
      const sdk = client();
      const before = await sdk.phoneNumbers.messaging.retrieve(id);
      expect(before.data).toMatchObject({ eligible_messaging_products: ['A2P', 'P2P'], messaging_product: 'A2P' });
      const updated = await sdk.phoneNumbers.messaging.update(id, { messaging_product: 'P2P', messaging_profile_id: 'dd50eba1-a0c0-4563-9925-b25e842a7cb6', tags: ['sms'] });
      spec.assert(MESSAGING, 'patch', 200, updated);
      expect(updated.data).toMatchObject({ messaging_product: 'P2P', traffic_type: 'P2P', tags: ['sms'] });
      const kept = await app.request('PATCH', `/v2/phone_numbers/${id}/messaging`, {
        key: org.key,
        body: { messaging_product: null, messaging_profile_id: null, tags: null },
      });
      expect(kept.status).toBe(200);
      expect(kept.body.data).toMatchObject({ messaging_product: 'P2P', messaging_profile_id: 'dd50eba1-a0c0-4563-9925-b25e842a7cb6', tags: ['sms'] });
      const listed = await app.request('GET', `/v2/phone_numbers/messaging?filter[phone_number]=${encodeURIComponent(record!.number)}`, { key: org.key });
      spec.assert('/phone_numbers/messaging', 'get', 200, listed.body);
      expect(listed.body.data[0].messaging_product).toBe('P2P');
      const native = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(native.body.provider_settings).toEqual({ telnyx: { messaging_product: 'P2P' } });
    });

    it('refuses a product the number is not eligible for, and a wrong type', async () => {
      const [voiceOnly] = await seedNumbers(app, org.orgId, 1, { capabilities: ['voice'] });
      const path = `/v2/phone_numbers/${voiceOnly!.seq}/messaging`;
      const refused = await app.request('PATCH', path, { key: org.key, body: { messaging_product: 'P2P' } });
      expect(refused.status).toBe(422);
      spec.assert(MESSAGING, 'patch', 422, refused.body);
      expect(refused.body.errors[0]).toMatchObject({ source: { pointer: '/messaging_product' } });
      expect(refused.body.errors[0].detail).toMatch(/eligible for none/);
      const [sms] = await seedNumbers(app, org.orgId, 1, { capabilities: ['sms'] });
      const unknown = await app.request('PATCH', `/v2/phone_numbers/${sms!.seq}/messaging`, { key: org.key, body: { messaging_product: 'LONGCODE-X' } });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors[0].detail).toMatch(/one of A2P, P2P/);
      const wrongType = await app.request('PATCH', path, { key: org.key, body: { messaging_product: 7 } });
      expect(wrongType.status).toBe(422);
      spec.assert(MESSAGING, 'patch', 422, wrongType.body);
    });
  });

  describe('number orders', () => {
    let buyer: Awaited<ReturnType<TestApp['newOrg']>>;
    const orderIds: string[] = [];
    let startedAt: string;

    beforeAll(async () => {
      buyer = await app.newOrg();
      const sdk = client(buyer.key);
      startedAt = new Date(Date.now() - 1000).toISOString();
      const offers = await sdk.availablePhoneNumbers.list({ filter: { national_destination_code: '312', limit: 4 } });
      const [a, b, c, d] = offers.data!.map((offer) => offer.phone_number!);
      for (const [numbers, reference] of [[[a!], 'po-1'], [[b!, c!], 'po-2'], [[d!], 'po-3']] as const) {
        const order = await sdk.numberOrders.create({ phone_numbers: numbers.map((phone_number) => ({ phone_number })), customer_reference: reference });
        orderIds.push(order.data!.id!);
      }
      // A failed order: a number the organization already holds.
      const failed = await sdk.numberOrders.create({ phone_numbers: [{ phone_number: a! }], customer_reference: 'po-4' });
      orderIds.push(failed.data!.id!);
    });

    it('SDK: lists every order over pages; meta counts them', async () => {
      const seen: string[] = [];
      for await (const order of client(buyer.key).numberOrders.list({ 'page[size]': 3 })) seen.push(order.id!);
      expect(seen).toEqual([...orderIds].reverse());
      const second = await app.request('GET', '/v2/number_orders?page[size]=3&page[number]=2', { key: buyer.key });
      spec.assert('/number_orders', 'get', 200, second.body);
      expect(second.body.meta).toEqual({ total_results: 4, total_pages: 2, page_number: 2, page_size: 3 });
      expect(second.body.data).toHaveLength(1);
    });

    it('documents: every filter narrows the list and its meta', async () => {
      const ids = async (query: string) => {
        const res = await app.request('GET', `/v2/number_orders?${query}`, { key: buyer.key });
        expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
        spec.assert('/number_orders', 'get', 200, res.body);
        expect(res.body.meta.total_results, query).toBe(res.body.data.length);
        return res.body.data.map((o: { id: string }) => o.id);
      };
      const [first, second, third, failed] = orderIds;
      expect(await ids('filter[status]=success')).toEqual([third, second, first]);
      expect(await ids('filter[status]=failure')).toEqual([failed]);
      expect(await ids('filter[status]=pending')).toEqual([]);
      expect(await ids('filter[customer_reference]=po-2')).toEqual([second]);
      expect(await ids('filter[phone_numbers_count]=2')).toEqual([second]);
      expect(await ids('filter[requirements_met]=true')).toHaveLength(4);
      expect(await ids('filter[requirements_met]=false')).toEqual([]);
      expect(await ids(`filter[created_at][gt]=${encodeURIComponent(startedAt)}`)).toHaveLength(4);
      expect(await ids(`filter[created_at][lt]=${encodeURIComponent(startedAt)}`)).toEqual([]);
      expect(await ids('filter[created_at][lt]=2999-01-01&filter[status]=success&filter[phone_numbers_count]=1')).toEqual([third, first]);
      const sdkFiltered = await client(buyer.key).numberOrders.list({ filter: { customer_reference: 'po-3', status: 'success' } });
      expect(sdkFiltered.data.map((o) => o.id)).toEqual([third]);
    });

    it('refuses unknown filters and invalid values in Telnyx error shape', async () => {
      for (const [query, parameter] of [
        ['filter[status]=done', 'filter[status]'],
        ['filter[created_at][gt]=yesterday', 'filter[created_at][gt]'],
        ['filter[created_at][eq]=2026-01-01', 'filter[created_at][eq]'],
        ['filter[phone_numbers_count]=two', 'filter[phone_numbers_count]'],
        ['filter[requirements_met]=maybe', 'filter[requirements_met]'],
        ['filter[carrier]=sandbox', 'filter[carrier]'],
        ['page[size]=251', 'page[size]'],
      ]) {
        const res = await app.request('GET', `/v2/number_orders?${query}`, { key: buyer.key });
        expect(res.status, query).toBe(400);
        spec.assert('/number_orders', 'get', 400, res.body);
        expect(res.body.errors[0].source.parameter, query).toBe(parameter);
      }
    });

    it('SDK: updates the customer reference with one audit record; requirements are refused with the reason', async () => {
      const id = orderIds[0]!;
      const updated = await client(buyer.key).numberOrders.update(id, { customer_reference: 'po-1b' });
      spec.assert('/number_orders/{number_order_id}', 'patch', 200, updated);
      expect(updated.data).toMatchObject({ id, customer_reference: 'po-1b', phone_numbers_count: 1, status: 'success' });
      const again = await client(buyer.key).numberOrders.update(id, { customer_reference: 'po-1b', regulatory_requirements: [] });
      expect(again.data?.customer_reference).toBe('po-1b');
      // The reference the order has already is no change: not written, not audited.
      expect(again.data?.updated_at).toBe(updated.data?.updated_at);
      const audit = await app.request('GET', `/v1/audit-log?resource_id=${id}&action=number_order.updated`, { key: buyer.key });
      expect(audit.body.data).toHaveLength(1);
      expect(audit.body.data[0]).toMatchObject({ surface: 'telnyx', changes: { customer_reference: { from: 'po-1', to: 'po-1b' } } });
      const listed = await app.request('GET', '/v2/number_orders?filter[customer_reference]=po-1b', { key: buyer.key });
      expect(listed.body.data.map((o: { id: string }) => o.id)).toEqual([id]);

      const requirement = await app.request('PATCH', `/v2/number_orders/${id}`, {
        key: buyer.key,
        body: { regulatory_requirements: [{ requirement_id: '8ffb3622-7c6b-4ccc-b65f-7a3dc0099576', field_value: 'x' }] },
      });
      expect(requirement.status).toBe(422);
      spec.assert('/number_orders/{number_order_id}', 'patch', 422, requirement.body);
      expect(requirement.body.errors[0].detail).toMatch(/no regulatory requirements/);
      const bad = await app.request('PATCH', `/v2/number_orders/${id}`, { key: buyer.key, body: { customer_reference: 42 } });
      expect(bad.status).toBe(422);
      expect(bad.body.errors[0].source.pointer).toBe('/customer_reference');
    });

    it("another organization's order and ordered number are 404s", async () => {
      const other = await app.newOrg();
      const [id] = orderIds;
      await expect(client(other.key).numberOrders.update(id!, { customer_reference: 'mine' })).rejects.toMatchObject({ status: 404 });
      await expect(client(other.key).numberOrders.retrieve(id!)).rejects.toMatchObject({ status: 404 });
      const item = (await client(buyer.key).numberOrders.retrieve(id!)).data!.phone_numbers![0]!.id!;
      await expect(client(other.key).numberOrderPhoneNumbers.retrieve(item)).rejects.toMatchObject({ status: 404 });
      const patched = await app.request('PATCH', `/v2/number_order_phone_numbers/${item}`, { key: other.key, body: { regulatory_requirements: [] } });
      expect(patched.status).toBe(404);
      spec.assert('/number_order_phone_numbers/{number_order_phone_number_id}', 'patch', 404, patched.body);
      const listed = await app.request('GET', '/v2/number_order_phone_numbers', { key: other.key });
      expect(listed.body).toEqual({ data: [], meta: { total_results: 0, total_pages: 0, page_number: 1, page_size: 20 } });
      const unknown = await app.request('GET', '/v2/number_orders/not-an-order', { key: buyer.key });
      expect(unknown.status).toBe(404);
      spec.assert('/number_orders/{number_order_id}', 'get', 404, unknown.body);
    });

    it("SDK: the orders' numbers, listed by country, retrieved, and updated with no requirements", async () => {
      const sdk = client(buyer.key);
      const all = await sdk.numberOrderPhoneNumbers.list();
      spec.assert('/number_order_phone_numbers', 'get', 200, all);
      expect(all.meta).toEqual({ total_results: 5, total_pages: 1, page_number: 1, page_size: 20 });
      expect(all.data!.map((n) => n.order_request_id)).toEqual([orderIds[3], orderIds[2], orderIds[1], orderIds[1], orderIds[0]]);
      expect(all.data!.map((n) => n.status)).toEqual(['failure', 'success', 'success', 'success', 'success']);
      expect(all.data!.every((n) => n.country_code === 'US' && n.phone_number_type === 'local' && n.requirements_met)).toBe(true);
      const us = await sdk.numberOrderPhoneNumbers.list({ filter: { country_code: 'US' } });
      expect(us.data).toHaveLength(5);
      const gb = await sdk.numberOrderPhoneNumbers.list({ filter: { country_code: 'GB' } });
      expect(gb.data).toEqual([]);
      const paged = await app.request('GET', '/v2/number_order_phone_numbers?page[size]=2&page[number]=3', { key: buyer.key });
      expect(paged.body.meta).toEqual({ total_results: 5, total_pages: 3, page_number: 3, page_size: 2 });
      expect(paged.body.data.map((n: { id: string }) => n.id)).toEqual([all.data![4]!.id]);

      const one = await sdk.numberOrderPhoneNumbers.retrieve(all.data![1]!.id!);
      spec.assert('/number_order_phone_numbers/{number_order_phone_number_id}', 'get', 200, one);
      expect(one.data).toEqual(all.data![1]);
      const updated = await sdk.numberOrderPhoneNumbers.updateRequirements(one.data!.id!, { regulatory_requirements: [] });
      spec.assert('/number_order_phone_numbers/{number_order_phone_number_id}', 'patch', 200, updated);
      expect(updated.data).toEqual(one.data);
      const refused = await app.request('PATCH', `/v2/number_order_phone_numbers/${one.data!.id}`, {
        key: buyer.key,
        body: { regulatory_requirements: [{ requirement_id: '8ffb3622-7c6b-4ccc-b65f-7a3dc0099576', field_value: 'x' }] },
      });
      expect(refused.status).toBe(422);
      spec.assert('/number_order_phone_numbers/{number_order_phone_number_id}', 'patch', 422, refused.body);
      const badCountry = await app.request('GET', '/v2/number_order_phone_numbers?filter[country_code]=USA', { key: buyer.key });
      expect(badCountry.status).toBe(400);
      spec.assert('/number_order_phone_numbers', 'get', 400, badCountry.body);
      expect(badCountry.body.errors[0].source.parameter).toBe('filter[country_code]');
    });
  });
});
