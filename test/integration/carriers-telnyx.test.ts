import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierAccess } from '../../src/carriers/carrier.js';
import { CarrierCallError } from '../../src/carriers/carrier-http.js';
import { TelnyxCarrier } from '../../src/carriers/telnyx/telnyx.adapter.js';
import { describeEachDriver, type TestApp } from '../support/harness.js';
import { FakeCarrier, useCarrierAccount, type SpecReply, type SpecRequest } from './carriers-spec-server.js';

/** A Telnyx account in memory, behind a server that holds every exchange to telnyx-phone-numbers.openapi.json. */
class FakeTelnyx extends FakeCarrier {
  inventory = ['+13035550101', '+13035550102', '+13035552255', '+17205550103'];
  orders = new Map<string, string[]>();

  constructor() {
    super('telnyx-phone-numbers.openapi.json', { basePath: '/v2', auth: 'bearer' });
  }

  protected handle(request: SpecRequest): SpecReply {
    const scripted = this.script.shift()?.(request);
    if (scripted) {
      if (this.buyAnyway && request.operationId === 'CreateNumberOrder') this.buy(request.body.phone_numbers.map((p: any) => p.phone_number));
      return scripted;
    }
    const ex = (ref: string, overrides: object) => this.server.example(`#/components/schemas/${ref}`, overrides);
    switch (request.operationId) {
      case 'ListAvailablePhoneNumbers': {
        const filter = (request.query.filter ?? {}) as any;
        const data = this.inventory
          .filter((n) => !this.owned.has(n))
          .filter((n) => !filter.national_destination_code || n.slice(2).startsWith(filter.national_destination_code))
          .filter((n) => !filter.phone_number?.contains || n.includes(filter.phone_number.contains))
          .map((n) =>
            ex('AvailablePhoneNumber', {
              phone_number: n,
              record_type: 'available_phone_number',
              features: [{ name: 'voice' }, { name: 'sms' }],
              region_information: [
                { region_type: 'state', region_name: 'CO' },
                { region_type: 'location', region_name: 'Denver' },
              ],
              cost_information: { currency: 'USD', monthly_cost: '1.00', upfront_cost: '1.00' },
            }),
          );
        return { status: 200, body: { data, metadata: { total_results: data.length, best_effort_results: 0 } } };
      }
      case 'CreateNumberOrder': {
        const numbers: string[] = request.body.phone_numbers.map((p: any) => p.phone_number);
        const taken = numbers.filter((n) => !this.inventory.includes(n) || this.owned.has(n));
        if (taken.length) {
          return { status: 422, body: { errors: [{ code: '85001', title: 'Number not available', detail: `${taken[0]} is not available` }] } };
        }
        this.buy(numbers);
        const phone_numbers = numbers.map((n) => ex('PhoneNumber', { id: randomUUID(), phone_number: n, status: 'success', record_type: 'number_order_phone_number' }));
        return { status: 200, body: { data: ex('NumberOrderWithPhoneNumbers', { id: randomUUID(), status: 'success', phone_numbers, phone_numbers_count: numbers.length }) } };
      }
      case 'RetrieveNumberOrder': {
        const numbers = this.orders.get(request.pathParams.number_order_id!) ?? [];
        const phone_numbers = numbers.map((n) => ex('PhoneNumber', { id: randomUUID(), phone_number: n, status: 'success' }));
        return { status: 200, body: { data: ex('NumberOrderWithPhoneNumbers', { id: request.pathParams.number_order_id, status: 'success', phone_numbers }) } };
      }
      case 'ListPhoneNumbers': {
        const wanted = (request.query.filter as any)?.phone_number;
        const data = [...this.owned]
          .filter(([n]) => !wanted || n === wanted)
          .map(([n, id]) => ex('PhoneNumberDetailed', { id, phone_number: n, status: 'active', record_type: 'phone_number' }));
        return { status: 200, body: { data, meta: { total_results: data.length, total_pages: 1, page_number: 1, page_size: 20 } } };
      }
      case 'DeletePhoneNumber': {
        const entry = [...this.owned].find(([, id]) => id === request.pathParams.id);
        if (!entry) return { status: 404, body: { errors: [{ code: '10005', title: 'Resource not found', detail: 'not found' }] } };
        this.owned.delete(entry[0]);
        return { status: 200, body: { data: ex('PhoneNumberDeletedDetailed', { id: entry[1], phone_number: entry[0], status: 'deleted', record_type: 'phone_number' }) } };
      }
      default:
        return { status: 500, body: { errors: [{ code: '10007', title: 'Unexpected error', detail: `unhandled ${request.operationId}` }] } };
    }
  }

  buy(numbers: string[]) {
    for (const n of numbers) if (!this.owned.has(n)) this.owned.set(n, String(1_000_000 + this.owned.size));
  }
}

const unauthorized = { status: 401, body: { errors: [{ code: '10009', title: 'Authentication failed', detail: 'The API key is invalid.' }] } };
const serverError = { status: 500, body: { errors: [{ code: '10007', title: 'Unexpected error', detail: 'Try again later.' }] } };

describeEachDriver('Telnyx adapter through Dialtone', (driver) => {
  let app: TestApp;
  let fake: FakeTelnyx;
  let key: string;
  let orgId: string;
  let accountId: string;

  useCarrierAccount(
    driver,
    () => new FakeTelnyx(),
    { carrier: 'telnyx', name: 'Telnyx', credentials: { api_key: 'KEY0123456789ABCDEF' } },
    (setup) => ({ app, fake, key, orgId, accountId } = setup),
  );

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
      ['+13035550188', '+13035550189'],
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
  const adapter = new TelnyxCarrier({ timeoutMs: 150, pollIntervalMs: 10, pollAttempts: 2 });

  beforeAll(async () => {
    fake = await new FakeTelnyx().start();
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
