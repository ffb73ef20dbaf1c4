import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CarrierAccess } from '../../src/carriers/carrier.js';
import { TwilioCarrier } from '../../src/carriers/twilio/twilio.adapter.js';
import { describeEachDriver, type TestApp } from '../support/harness.js';
import { egressTo, FakeCarrier, useCarrierAccount, type SpecReply, type SpecRequest } from '../support/carriers/spec-server.js';

const ACCOUNT_SID = `AC${'0123456789abcdef'.repeat(2)}`;
const sidOf = (n: number) => `PN${n.toString(16).padStart(32, '0')}`;

/** A Twilio account in memory, behind a server holding every exchange to twilio-api-v2010-phone-numbers.openapi.json. */
class FakeTwilio extends FakeCarrier {
  inventory = ['+14155550101', '+14155550102', '+14155552255', '+18005550123'];

  constructor() {
    super('twilio-api-v2010-phone-numbers.openapi.json', { basePath: '', auth: 'basic' });
  }

  private incoming(number: string, sid: string) {
    return this.server.example('#/components/schemas/api.v2010.account.incoming_phone_number', {
      sid,
      account_sid: ACCOUNT_SID,
      phone_number: number,
      friendly_name: number,
      capabilities: { voice: true, sms: true, mms: true, fax: false },
      status: 'in-use',
    });
  }

  protected handle(request: SpecRequest): SpecReply {
    const scripted = this.script.shift()?.(request);
    if (scripted) {
      if (this.buyAnyway && request.operationId === 'CreateIncomingPhoneNumber') this.buy(request.body.PhoneNumber);
      return scripted;
    }
    switch (request.operationId) {
      case 'ListAvailablePhoneNumberLocal':
      case 'ListAvailablePhoneNumberTollFree': {
        const tollFree = request.operationId.endsWith('TollFree');
        const q = request.query as Record<string, string | number | undefined>;
        const pattern = q.Contains ? new RegExp(String(q.Contains).replace(/\*/g, '\\d')) : null;
        const available_phone_numbers = this.inventory
          .filter((n) => !this.owned.has(n) && n.startsWith('+1800') === tollFree)
          .filter((n) => !q.AreaCode || n.slice(2).startsWith(String(q.AreaCode)))
          .filter((n) => !pattern || pattern.test(n.slice(2)))
          .map((phone_number) => ({
            friendly_name: phone_number,
            phone_number,
            lata: '722',
            locality: tollFree ? null : 'San Francisco',
            rate_center: 'SNFC CNTL',
            latitude: 37.77,
            longitude: -122.39,
            region: tollFree ? null : 'CA',
            postal_code: '94105',
            iso_country: 'US',
            address_requirements: 'none',
            beta: false,
            capabilities: { voice: true, SMS: true, MMS: false, fax: false },
          }));
        return { status: 200, body: { available_phone_numbers, uri: 'https://api.twilio.com/2010-04-01/Accounts/AC/AvailablePhoneNumbers/US/Local.json' } };
      }
      case 'CreateIncomingPhoneNumber': {
        const number = request.body.PhoneNumber as string;
        if (!this.inventory.includes(number) || this.owned.has(number)) {
          return { status: 400, body: { code: 21422, message: `Phone number ${number} is not available.`, more_info: 'https://www.twilio.com/docs/errors/21422', status: 400 } };
        }
        return { status: 201, body: this.incoming(number, this.buy(number)) };
      }
      case 'ListIncomingPhoneNumber': {
        const wanted = request.query.PhoneNumber as string | undefined;
        const incoming_phone_numbers = [...this.owned].filter(([n]) => !wanted || n === wanted).map(([n, sid]) => this.incoming(n, sid));
        return { status: 200, body: { incoming_phone_numbers, page: 0, page_size: 50, start: 0, end: incoming_phone_numbers.length } };
      }
      case 'DeleteIncomingPhoneNumber': {
        const entry = [...this.owned].find(([, sid]) => sid === request.pathParams.Sid);
        if (!entry) return { status: 404, body: { code: 20404, message: 'The requested resource was not found', status: 404 } };
        this.owned.delete(entry[0]);
        return { status: 204 };
      }
      default:
        return { status: 500, body: { code: 20500, message: 'Internal Server Error', status: 500 } };
    }
  }

  buy(number: string): string {
    if (!this.owned.has(number)) this.owned.set(number, sidOf(this.owned.size + 1));
    return this.owned.get(number)!;
  }
}

const unauthorized = { status: 401, body: { code: 20003, message: 'Authenticate', status: 401 } };
const serverError = { status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 } };

describeEachDriver('Twilio adapter through Dialtone', (driver) => {
  let app: TestApp;
  let fake: FakeTwilio;
  let key: string;
  let accountId: string;

  useCarrierAccount(
    driver,
    () => new FakeTwilio(),
    { carrier: 'twilio', name: 'Twilio', credentials: { account_sid: ACCOUNT_SID, auth_token: 'token0123456789' } },
    (setup) => ({ app, fake, key, accountId } = setup),
  );

  it('searches, buys and releases with requests and answers that match the Twilio document', async () => {
    const search = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&area_code=415&contains=CALL&capabilities=sms`, { key });
    expect(search.status).toBe(200);
    expect(search.body.data).toEqual([
      expect.objectContaining({ number: '+14155552255', carrier: 'twilio', region: 'CA', city: 'San Francisco', capabilities: ['voice', 'sms'] }),
    ]);
    const sent = fake.server.requests.at(-1)!;
    expect(sent.path).toBe('/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers/{CountryCode}/Local.json');
    expect(sent.pathParams).toEqual({ AccountSid: ACCOUNT_SID, CountryCode: 'US' });
    expect(sent.query).toMatchObject({ AreaCode: 415, Contains: '2255', SmsEnabled: true, PageSize: 50 });

    const ends = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&ends_with=0102`, { key });
    expect(ends.body.data.map((o: any) => o.number)).toEqual(['+14155550102']);
    expect(fake.server.requests.at(-1)!.query.Contains).toBe('******0102');

    const tollFree = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}&number_type=toll_free`, { key });
    expect(tollFree.body.data.map((o: any) => o.number)).toEqual(['+18005550123']);

    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+14155552255'], carrier_account_id: accountId } });
    expect(order.body.status).toBe('complete');
    const create = fake.server.requests.find((r) => r.operationId === 'CreateIncomingPhoneNumber')!;
    expect(create.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(create.body).toEqual({ PhoneNumber: '+14155552255' });
    const id = order.body.phone_numbers[0].phone_number_id;
    expect((await app.request('GET', `/v1/phone-numbers/${id}`, { key })).body.capabilities).toEqual(['voice', 'sms', 'mms']);

    const released = await app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
    expect(released.body.status).toBe('released');
    expect(fake.owned.size).toBe(0);
    expect(fake.server.requests.at(-1)!.pathParams.Sid).toBe(sidOf(1));
  });

  it('a number Twilio will not sell fails in the order with its message', async () => {
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+14155550111'], carrier_account_id: accountId } });
    expect(res.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
    expect(res.body.phone_numbers[0].error.detail).toContain('is not available');
  });

  it('maps 401 to carrier_rejected and persistent 503s to carrier_unavailable', async () => {
    fake.script = [() => unauthorized];
    const rejected = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect([rejected.status, rejected.body.code, rejected.body.carrier_status]).toEqual([502, 'carrier_rejected', 401]);
    expect(rejected.body.detail).toContain('Authenticate');
    fake.script = [() => serverError, () => serverError, () => serverError];
    const down = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${accountId}`, { key });
    expect([down.status, down.body.code]).toEqual([503, 'carrier_unavailable']);
  });

  it('a purchase Twilio made despite a 5xx answer is found and recorded, not bought twice', async () => {
    fake.buyAnyway = true;
    fake.script = [(r) => (r.operationId === 'CreateIncomingPhoneNumber' ? serverError : null)];
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+14155550101'], carrier_account_id: accountId } });
    expect(res.body.status).toBe('complete');
    expect(fake.server.requests.slice(-2).map((r) => r.operationId)).toEqual(['CreateIncomingPhoneNumber', 'ListIncomingPhoneNumber']);
    expect([...fake.owned.keys()]).toEqual(['+14155550101']);
  });

  it('a release of a number Twilio no longer has succeeds (404 is released)', async () => {
    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: ['+14155550102'], carrier_account_id: accountId } });
    fake.owned.delete('+14155550102');
    const res = await app.request('DELETE', `/v1/phone-numbers/${order.body.phone_numbers[0].phone_number_id}`, { key });
    expect(res.body.status).toBe('released');
  });
});

describe('Twilio adapter timeouts', () => {
  let fake: FakeTwilio;
  let adapter: TwilioCarrier;
  const access = (): CarrierAccess => ({
    carrier: 'twilio',
    accountId: null,
    baseUrl: fake.server.baseUrl,
    credentials: { account_sid: ACCOUNT_SID, auth_token: 't' },
  });

  beforeAll(async () => {
    fake = await new FakeTwilio().start();
    adapter = new TwilioCarrier({ timeoutMs: 150, egress: egressTo(fake.server.baseUrl) });
  });
  afterAll(() => fake.server.close());

  it('a purchase with no answer in time is reported unknown, sent once', async () => {
    fake.script = [() => ({ status: 503, body: { code: 20503, message: 'Service Unavailable', status: 503 }, delayMs: 400 })];
    const [outcome] = await adapter.order(access(), ['+14155550101']);
    expect(outcome).toMatchObject({ status: 'unknown', error: { code: 'carrier_unavailable' } });
    expect(fake.server.requests.filter((r) => r.operationId === 'CreateIncomingPhoneNumber')).toHaveLength(1);
  });

  it('a release answered late is retried and succeeds (DELETE is safe to repeat)', async () => {
    fake.buy('+14155550102');
    fake.script = [() => ({ status: 204, delayMs: 400 })];
    await adapter.release(access(), { number: '+14155550102', carrierNumberId: fake.owned.get('+14155550102')! });
    expect(fake.owned.has('+14155550102')).toBe(false);
    expect(fake.server.requests.filter((r) => r.operationId === 'DeleteIncomingPhoneNumber')).toHaveLength(2);
  });
});
