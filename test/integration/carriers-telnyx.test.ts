import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierAccess } from '../../src/carriers/carrier.js';
import { CarrierCallError } from '../../src/carriers/carrier-http.js';
import { TelnyxCarrier } from '../../src/carriers/telnyx/telnyx.adapter.js';
import { describeEachDriver, type TestApp } from '../support/harness.js';
import { egressTo, type SpecReply } from '../support/carriers/spec-server.js';
import { FakeTelnyx, serverError, unauthorized, useTelnyxAccount } from '../support/carriers/fake-telnyx.js';

describeEachDriver('Telnyx adapter through Dialtone', (driver) => {
  let app: TestApp;
  let fake: FakeTelnyx;
  let key: string;
  let orgId: string;
  let accountId: string;

  useTelnyxAccount(driver, (setup) => ({ app, fake, key, orgId, accountId } = setup));

  it('searches, orders and releases with requests and answers that match the Telnyx document', async () => {
    const search = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&area_code=303&contains=CALL&capabilities=sms`, { key });
    expect(search.status).toBe(200);
    expect(search.body.data).toEqual([
      expect.objectContaining({ number: '+13035552255', carrier: 'telnyx', region: 'CO', city: 'Denver', monthly_cost: '1.00', capabilities: ['voice', 'sms'] }),
    ]);
    const sent = fake.server.requests.at(-1)!;
    expect(sent.query.filter).toMatchObject({ country_code: 'US', national_destination_code: '303', phone_number: { contains: '2255' }, features: ['sms'] });
    expect(sent.headers.authorization).toBe('Bearer KEY0123456789ABCDEF');

    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+13035552255'], carrier_account_id: accountId } });
    expect(order.body).toMatchObject({ status: 'complete', carrier: 'telnyx', carrier_account_id: accountId });
    expect(fake.owned.has('+13035552255')).toBe(true);
    const id = order.body.phone_numbers[0].phone_number_id;
    expect((await app.request('GET', `/v1/phone-numbers/${id}`, { key })).body).toMatchObject({ carrier: 'telnyx', status: 'active', is_sandbox: false });

    const released = await app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
    expect(released.body.status).toBe('released');
    expect(fake.owned.has('+13035552255')).toBe(false);
    expect(fake.server.requests.map((r) => r.operationId).slice(-2)).toEqual(['ListPhoneNumbers', 'DeletePhoneNumber']);
  });

  it('a number Telnyx will not sell fails in the order with the reason', async () => {
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+13035550199'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('failed');
    expect(res.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
    expect(res.body.phone_numbers[0].error.detail).toContain('not available');
    const held = await app.dialtone.database.db.selectFrom('phone_numbers').select('status').where('number', '=', '+13035550199').execute();
    expect(held).toEqual([{ status: 'released' }]);
  });

  it('a number taken since the search does not sink the rest of a multi-number order', async () => {
    fake.inventory.push('+13035550144', '+13035550145');
    const res = await app.request('POST', '/v1/number-orders', {
      key,
      body: { phone_numbers: ['+13035550144', '+13035550198', '+13035550145'], carrier_account_id: accountId },
    });
    expect(res.body.status).toBe('partial');
    expect(res.body.phone_numbers.map((p: any) => p.status)).toEqual(['purchased', 'failed', 'purchased']);
    const orders = fake.server.requests.filter((r) => r.operationId === 'CreateNumberOrder').slice(-4);
    expect(orders.map((r) => r.body.phone_numbers.length)).toEqual([3, 1, 1, 1]);
  });

  it('maps rejected credentials to carrier_rejected (502) and outages to carrier_unavailable (503)', async () => {
    fake.script = [() => unauthorized];
    const rejected = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect(rejected.status).toBe(502);
    expect(rejected.body).toMatchObject({ code: 'carrier_rejected', carrier: 'telnyx', carrier_status: 401 });
    expect(rejected.body.detail).toContain('The API key is invalid');

    fake.script = [() => serverError, () => serverError, () => serverError];
    const down = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect(down.status).toBe(503);
    expect(down.body.code).toBe('carrier_unavailable');

    fake.script = [() => serverError];
    const recovered = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect(recovered.status).toBe(200);
  });

  it('a release Telnyx refuses leaves the number held', async () => {
    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+13035550101'], carrier_account_id: accountId } });
    const id = order.body.phone_numbers[0].phone_number_id;
    fake.script = [() => unauthorized];
    const res = await app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
    expect(res.status).toBe(502);
    expect((await app.request('GET', `/v1/phone-numbers/${id}`, { key })).body.status).toBe('active');
  });

  it('an order Telnyx acted on but answered with a 5xx is recorded as bought, not bought twice', async () => {
    fake.buyAnyway = true;
    fake.script = [(r) => (r.operationId === 'CreateNumberOrder' ? serverError : null)];
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+13035550102'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('complete');
    const operations = fake.server.requests.slice(-2).map((r) => r.operationId);
    expect(operations).toEqual(['CreateNumberOrder', 'ListPhoneNumbers']);
  });

  it('waits for an order Telnyx is still processing', async () => {
    fake.buyAnyway = true;
    fake.script = [
      (r) => {
        if (r.operationId !== 'CreateNumberOrder') return null;
        const id = randomUUID();
        fake.orders.set(id, r.body.phone_numbers.map((p: any) => p.phone_number));
        const pending = fake.server.example('#/components/schemas/NumberOrderWithPhoneNumbers', { id, status: 'pending' });
        return { status: 200, body: { data: pending } };
      },
    ];
    fake.inventory.push('+13035550177');
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+13035550177'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('complete');
    expect(fake.server.requests.slice(-2).map((r) => r.operationId)).toEqual(['CreateNumberOrder', 'RetrieveNumberOrder']);
  });

  it('after a crash, the reconciler records what Telnyx sold and lets go of what it did not', async () => {
    const { orders } = app.dialtone.services;
    const internals = orders as any;
    fake.inventory.push('+13035550188', '+13035550189');
    const created = await internals.repo.create(
      { organization_id: orgId, carrier: 'telnyx', carrier_account_id: accountId, customer_reference: null, idempotency_key: null, request_hash: 'x' },
      ['+13035550188', '+13035550189'].map((number) => ({ number, country: 'US' })),
    );
    // The process claimed both numbers, sent the order, Telnyx sold the first, and the process died.
    await internals.claim(created, created.items[0], 'telnyx');
    await internals.claim(created, created.items[1], 'telnyx');
    fake.buy(['+13035550188']);
    await orders.reconcile(new Date(Date.now() + 10 * 60_000));
    const after = await orders.get(orgId, created.id);
    expect(after.status).toBe('partial');
    expect(after.items.map((i) => i.status)).toEqual(['purchased', 'failed']);
    const rows = await app.dialtone.database.db.selectFrom('phone_numbers').select(['number', 'status']).where('number', 'in', ['+13035550188', '+13035550189']).orderBy('number').execute();
    expect(rows).toEqual([{ number: '+13035550188', status: 'active' }, { number: '+13035550189', status: 'released' }]);
  });

  it('an order that failed before Telnyx acted is tried once more', async () => {
    fake.script = [(r) => (r.operationId === 'CreateNumberOrder' ? serverError : null)];
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+17205550103'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('complete');
    expect(fake.server.requests.slice(-3).map((r) => r.operationId)).toEqual(['CreateNumberOrder', 'ListPhoneNumbers', 'CreateNumberOrder']);
  });
});

describe('the spec-validating stand-in', () => {
  it('flags requests and answers the Telnyx document does not allow', async () => {
    const fake = await new FakeTelnyx().start();
    try {
      const base = fake.server.baseUrl;
      await fetch(`${base}/available_phone_numbers?filter[bogus]=1&filter[limit]=ten`, { headers: { authorization: 'Bearer k' } });
      await fetch(`${base}/number_orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ phone_numbers: [{ number: '+1' }] }) });
      await fetch(`${base}/no_such_path`, { headers: { authorization: 'Bearer k' } });
      fake.script = [() => ({ status: 200, body: { data: [{ phone_number: 42 }] } })];
      await fetch(`${base}/available_phone_numbers`, { headers: { authorization: 'Bearer k' } });
      const found = fake.server.violations.join('\n');
      expect(found).toContain('undocumented parameter filter[bogus]');
      expect(found).toContain('query filter');
      expect(found).toContain('no bearer credentials');
      expect(found).toContain('POST /number_orders body');
      expect(found).toContain('no such operation');
      expect(found).toContain('response 200');
    } finally {
      await fake.server.close();
    }
  });
});

describe('Telnyx adapter timeouts', () => {
  let fake: FakeTelnyx;
  const access = (): CarrierAccess => ({ carrier: 'telnyx', accountId: null, baseUrl: fake.server.baseUrl, credentials: { api_key: 'KEY' } });
  let adapter: TelnyxCarrier;

  beforeAll(async () => {
    fake = await new FakeTelnyx().start();
    adapter = new TelnyxCarrier({ timeoutMs: 150, pollIntervalMs: 10, pollAttempts: 2, egress: egressTo(fake.server.baseUrl) });
  });
  afterAll(() => fake.server.close());

  it('a search with no answer in time is carrier_unavailable after its retries', async () => {
    const slow = (): SpecReply => ({ status: 200, body: { data: [] }, delayMs: 400 });
    fake.script = [slow, slow, slow];
    const error = await adapter.search(access(), { country: 'US', numberType: 'local', capabilities: [], limit: 5 }).catch((e) => e);
    expect(error).toBeInstanceOf(CarrierCallError);
    expect(error.appError.code).toBe('carrier_unavailable');
    expect(error.appError.detail).toContain('150 ms');
    expect(fake.server.requests).toHaveLength(3);
  });

  it('an order with no answer in time is not retried blindly: its outcome is unknown', async () => {
    fake.script = [() => ({ status: 200, body: { data: {} }, delayMs: 400 })];
    const outcome = await adapter.order(access(), ['+13035550101']).catch((e) => e);
    expect(outcome).toBeInstanceOf(CarrierCallError);
    expect(outcome.ambiguous).toBe(true);
    expect(fake.server.requests.filter((r) => r.operationId === 'CreateNumberOrder')).toHaveLength(1);
  });
});
