import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierAccess } from '../../src/carriers/carrier.js';
import { CarrierCallError } from '../../src/carriers/carrier-http.js';
import { SignalWireCarrier } from '../../src/carriers/signalwire/signalwire.adapter.js';
import { describeEachDriver, type TestApp } from '../support/harness.js';
import { egressTo, FakeCarrier, useCarrierAccount, type SpecReply, type SpecRequest } from '../support/carriers/spec-server.js';

/** A SignalWire space in memory, behind a server holding every exchange to signalwire-relay-phone-numbers.openapi.json. */
class FakeSignalWire extends FakeCarrier {
  inventory = ['+15125550101', '+15125550102', '+15125552255', '+15125550199'];

  constructor() {
    super('signalwire-relay-phone-numbers.openapi.json', { basePath: '', auth: 'basic' });
  }

  private phoneNumber(number: string, id: string) {
    return this.server.example('#/components/schemas/PhoneNumberResponse', {
      id,
      number,
      name: null,
      capabilities: ['voice', 'sms'],
      number_type: 'longcode',
      country_code: 'US',
    });
  }

  protected handle(request: SpecRequest): SpecReply {
    const scripted = this.script.shift()?.(request);
    if (scripted) {
      if (this.buyAnyway && request.operationId === 'purchase_phone_number') this.buy(request.body.number);
      return scripted;
    }
    switch (request.operationId) {
      case 'search_available_phone_numbers': {
        const q = request.query as Record<string, string | undefined>;
        const data = this.inventory
          .filter((n) => !this.owned.has(n))
          .filter((n) => !q.areacode || n.slice(2).startsWith(q.areacode))
          .filter((n) => !q.contains || n.includes(q.contains))
          .map((number) => ({ number, region: 'TX', city: 'Austin', rate_center: 'AUSTIN', lata: '558', capabilities: { voice: true, sms: true, mms: false, fax: false } }));
        return { status: 200, body: { links: { self: '/search', first: '/search' }, data } };
      }
      case 'purchase_phone_number': {
        const number = request.body.number as string;
        if (!this.inventory.includes(number) || this.owned.has(number)) {
          return { status: 422, body: { errors: [{ code: 'number_not_available', title: 'Unavailable', detail: `${number} is not available`, status: '422' }] } };
        }
        return { status: 200, body: this.phoneNumber(number, this.buy(number)) };
      }
      case 'list_phone_numbers': {
        const wanted = request.query.filter_number as string | undefined;
        const data = [...this.owned].filter(([n]) => !wanted || n === wanted).map(([n, id]) => this.phoneNumber(n, id));
        return { status: 200, body: { links: { self: '/phone_numbers', first: '/phone_numbers' }, data } };
      }
      case 'release_phone_number': {
        const entry = [...this.owned].find(([, id]) => id === request.pathParams.id);
        if (!entry) return { status: 404, body: { error: 'Not Found' } };
        this.owned.delete(entry[0]);
        return { status: 204 };
      }
      default:
        return { status: 500, body: { error: 'Internal Server Error' } };
    }
  }

  buy(number: string): string {
    if (!this.owned.has(number)) this.owned.set(number, randomUUID());
    return this.owned.get(number)!;
  }
}

const unauthorized = { status: 401, body: { error: 'Unauthorized' } };
const serverError = { status: 500, body: { error: 'Internal Server Error' } };

describeEachDriver('SignalWire adapter through Dialtone', (driver) => {
  let app: TestApp;
  let fake: FakeSignalWire;
  let key: string;
  let accountId: string;

  useCarrierAccount(
    driver,
    () => new FakeSignalWire(),
    { carrier: 'signalwire', name: 'Space', credentials: { project_id: 'project-1', api_token: 'PT0123456789abcdef' } },
    (setup) => ({ app, fake, key, accountId } = setup),
  );

  it('searches, purchases and releases with requests and answers that match the SignalWire document', async () => {
    const search = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&area_code=512&contains=CALL`, { key });
    expect(search.status).toBe(200);
    expect(search.body.data).toEqual([
      expect.objectContaining({ number: '+15125552255', carrier: 'signalwire', region: 'TX', city: 'Austin', capabilities: ['voice', 'sms'], monthly_cost: null }),
    ]);
    const sent = fake.server.requests.at(-1)!;
    expect(sent.query).toMatchObject({ areacode: '512', contains: '2255', number_type: 'local', max_results: 50 });
    expect(sent.headers.authorization).toBe(`Basic ${Buffer.from('project-1:PT0123456789abcdef').toString('base64')}`);

    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+15125552255', '+15125550199'], carrier_account_id: accountId } });
    expect(order.body.status).toBe('complete');
    expect(fake.server.requests.filter((r) => r.operationId === 'purchase_phone_number')).toHaveLength(2);
    const id = order.body.phone_numbers[0].phone_number_id;
    const released = await app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
    expect(released.body.status).toBe('released');
    expect(fake.owned.has('+15125552255')).toBe(false);
    // The purchase gave the SignalWire id: the release goes straight to it.
    expect(fake.server.requests.at(-1)!.operationId).toBe('release_phone_number');
  });

  it('refuses what SignalWire cannot search (mobile, other countries) with a 400', async () => {
    const res = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&country=GB`, { key });
    expect(res.status).toBe(400);
    expect(res.body.detail).toContain('US and CA');
  });

  it('a number SignalWire will not sell fails in the order; others in the order still go through', async () => {
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+15125550111', '+15125550101'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('partial');
    expect(res.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
    expect(res.body.phone_numbers[1].status).toBe('purchased');
  });

  it('maps 401 to carrier_rejected and persistent 500s to carrier_unavailable', async () => {
    fake.script = [() => unauthorized];
    const rejected = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect([rejected.status, rejected.body.code, rejected.body.carrier_status]).toEqual([502, 'carrier_rejected', 401]);
    fake.script = [() => serverError, () => serverError, () => serverError];
    const down = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect([down.status, down.body.code]).toEqual([503, 'carrier_unavailable']);
  });

  it('a purchase SignalWire made despite a 5xx answer is found and recorded, not bought twice', async () => {
    fake.buyAnyway = true;
    fake.script = [(r) => (r.operationId === 'purchase_phone_number' ? serverError : null)];
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+15125550102'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('complete');
    expect(fake.server.requests.slice(-2).map((r) => r.operationId)).toEqual(['purchase_phone_number', 'list_phone_numbers']);
  });
});

describe('SignalWire adapter timeouts', () => {
  let fake: FakeSignalWire;
  let adapter: SignalWireCarrier;
  const access = (): CarrierAccess => ({
    carrier: 'signalwire',
    accountId: null,
    baseUrl: fake.server.baseUrl,
    credentials: { project_id: 'p', api_token: 't' },
  });

  beforeAll(async () => {
    fake = await new FakeSignalWire().start();
    adapter = new SignalWireCarrier({ timeoutMs: 150, egress: egressTo(fake.server.baseUrl) });
  });
  afterAll(() => fake.server.close());

  it('a purchase with no answer in time is reported unknown, sent once', async () => {
    fake.script = [() => ({ status: 500, body: { error: 'Internal Server Error' }, delayMs: 400 })];
    const [outcome] = await adapter.order(access(), ['+15125550101']);
    expect(outcome).toMatchObject({ status: 'unknown', error: { code: 'carrier_unavailable' } });
    expect(fake.server.requests.filter((r) => r.operationId === 'purchase_phone_number')).toHaveLength(1);
  });

  it('a lookup with no answer in time is retried, then carrier_unavailable', async () => {
    const slow = (): SpecReply => ({ status: 200, body: { links: { self: '/', first: '/' }, data: [] }, delayMs: 400 });
    fake.script = [slow, slow, slow];
    const error = await adapter.findOwned(access(), '+15125550101').catch((e) => e);
    expect(error).toBeInstanceOf(CarrierCallError);
    expect(error.appError.code).toBe('carrier_unavailable');
    expect(fake.server.requests.filter((r) => r.operationId === 'list_phone_numbers')).toHaveLength(3);
  });
});
