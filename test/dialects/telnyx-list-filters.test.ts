import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import type { PhoneNumberRecord } from '../../src/numbers/phone-number.js';

const spec = new SpecValidator('telnyx-phone-numbers');

/** Every filter and sort of Telnyx's GET /phone_numbers (seed 001), each against numbers it must and must not match. */
describeEachDriver('Telnyx GET /v2/phone_numbers filters and sorts', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  let east: PhoneNumberRecord;
  let prod: PhoneNumberRecord;
  let plain: PhoneNumberRecord;
  let bought: string;
  /** The emergency address of the east number: one of the organization's addresses. */
  let emergencyAddressId: string;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    emergencyAddressId = (await seedAddress(app, org.orgId)).id;
    east = (await seedNumbers(app, org.orgId, 1, {
      connection_id: '1521916448077776306',
      connection_name: 'Test Trunk East',
      emergency_address_id: emergencyAddressId,
      billing_group_id: '62e4bf2e-c278-4282-b524-488d9c9c43b2',
      customer_reference: 'customer_reference',
      tags: ['tag'],
      source: 'ported',
    }))[0]!;
    prod = (await seedNumbers(app, org.orgId, 1, { connection_name: 'production-test', tags: ['other'] }))[0]!;
    plain = (await seedNumbers(app, org.orgId, 1))[0]!;
    // Bought after the others were imported: its purchase date is the latest shown.
    const offer = await app.request('GET', '/v1/available-phone-numbers?country=US&limit=1', { key: org.key });
    bought = offer.body.data[0].number;
    const order = await app.request('POST', '/v1/number-orders', { key: org.key, body: { phone_numbers: [bought] } });
    expect(order.status).toBeLessThan(300);
    // Another organization's number on the same connection is never listed.
    const other = await app.newOrg();
    await seedNumbers(app, other.orgId, 1, { connection_name: 'Test Trunk East', emergency_address_id: (await seedAddress(app, other.orgId)).id });
  });
  afterAll(() => app.close());

  async function numbersFor(query: string): Promise<string[]> {
    const res = await app.request('GET', `/v2/phone_numbers?${query}`, { key: org.key });
    expect(res.status, `${query}: ${JSON.stringify(res.body)}`).toBe(200);
    spec.assert('/phone_numbers', 'get', 200, res.body);
    expect(res.body.meta.total_results).toBe(res.body.data.length);
    return res.body.data.map((n: { phone_number: string }) => n.phone_number).sort();
  }
  const sorted = (...records: (PhoneNumberRecord | string)[]) => records.map((r) => (typeof r === 'string' ? r : r.number)).sort();

  it('filters by the connection name: contains, starts_with, ends_with (ignoring case) and eq', async () => {
    expect(await numbersFor('filter[voice.connection_name][contains]=test')).toEqual(sorted(east, prod));
    expect(await numbersFor('filter[voice.connection_name][contains]=trunk')).toEqual(sorted(east));
    expect(await numbersFor('filter[voice.connection_name][starts_with]=test')).toEqual(sorted(east));
    expect(await numbersFor('filter[voice.connection_name][starts_with]=PROD')).toEqual(sorted(prod));
    expect(await numbersFor('filter[voice.connection_name][ends_with]=test')).toEqual(sorted(prod));
    expect(await numbersFor('filter[voice.connection_name][ends_with]=east')).toEqual(sorted(east));
    expect(await numbersFor('filter[voice.connection_name][eq]=Test%20Trunk%20East')).toEqual(sorted(east));
    expect(await numbersFor('filter[voice.connection_name][eq]=test')).toEqual([]);
    expect(await numbersFor('filter[voice.connection_name][contains]=%25%25%25')).toEqual([]);
    expect(await numbersFor('filter[voice.connection_name][contains]=test&filter[voice.connection_name][starts_with]=prod')).toEqual(sorted(prod));
  });

  it('refuses a connection-name pattern shorter than the three characters Telnyx requires, naming it', async () => {
    const res = await app.request('GET', '/v2/phone_numbers?filter[voice.connection_name][contains]=te', { key: org.key });
    expect(res.status).toBe(400);
    spec.assert('/phone_numbers', 'get', 400, res.body);
    expect(res.body.errors[0].source.parameter).toBe('filter[voice.connection_name][contains]');
  });

  it('filters by the emergency address, or its absence with "null"', async () => {
    expect(await numbersFor(`filter[emergency_address_id]=${emergencyAddressId}`)).toEqual(sorted(east));
    expect(await numbersFor('filter[emergency_address_id]=9102160989215728032')).toEqual([]);
    expect(await numbersFor('filter[emergency_address_id]=1')).toEqual([]);
    expect(await numbersFor('filter[emergency_address_id]=null')).toEqual(sorted(prod, plain, bought));
  });

  it('every other documented filter', async () => {
    const all = sorted(east, prod, plain, bought);
    expect(await numbersFor('')).toEqual(all);
    expect(await numbersFor('filter[tag]=tag')).toEqual(sorted(east));
    expect(await numbersFor('filter[without_tags]=true')).toEqual(sorted(plain, bought));
    expect(await numbersFor('filter[without_tags]=false')).toEqual(sorted(east, prod));
    expect(await numbersFor(`filter[phone_number]=${east.number.slice(-7)}`)).toEqual(sorted(east));
    expect(await numbersFor('filter[phone_number]=phone_number')).toEqual([]);
    // A number imported as ported waits for its port to complete.
    expect(east.status).toBe('port_pending');
    expect(await numbersFor('filter[status]=active')).toEqual(sorted(prod, plain, bought));
    expect(await numbersFor('filter[status]=port-pending')).toEqual(sorted(east));
    expect(await numbersFor('filter[status]=emergency-only')).toEqual([]);
    expect(await numbersFor('filter[country_iso_alpha2]=US')).toEqual(all);
    expect(await numbersFor('filter[country_iso_alpha2]=CA,GB')).toEqual([]);
    expect(await numbersFor('filter[country_iso_alpha2]=CA,US')).toEqual(all);
    expect(await numbersFor('filter[connection_id]=1521916448077776306')).toEqual(sorted(east));
    expect(await numbersFor('filter[voice.usage_payment_method]=pay-per-minute')).toEqual(all);
    expect(await numbersFor('filter[voice.usage_payment_method]=channel')).toEqual([]);
    expect(await numbersFor('filter[billing_group_id]=62e4bf2e-c278-4282-b524-488d9c9c43b2')).toEqual(sorted(east));
    expect(await numbersFor('filter[billing_group_id]=null')).toEqual(sorted(prod, plain, bought));
    expect(await numbersFor('filter[customer_reference]=customer_reference')).toEqual(sorted(east));
    expect(await numbersFor('filter[number_type][eq]=toll_free')).toEqual([]);
    expect(await numbersFor('filter[source]=ported')).toEqual(sorted(east));
    expect(await numbersFor('filter[source]=purchased')).toEqual(sorted(bought));
  });

  it('takes the full-filter example with a number it matches: every filter applies at once', async () => {
    const query = [
      'filter[billing_group_id]=62e4bf2e-c278-4282-b524-488d9c9c43b2',
      'filter[connection_id]=1521916448077776306',
      'filter[country_iso_alpha2]=US',
      'filter[customer_reference]=customer_reference',
      `filter[emergency_address_id]=${emergencyAddressId}`,
      'filter[number_type][eq]=local',
      `filter[phone_number]=${east.number.slice(2)}`,
      'filter[source]=ported',
      'filter[status]=port-pending',
      'filter[tag]=tag',
      'filter[voice.connection_name][contains]=unk',
      'filter[voice.connection_name][ends_with]=East',
      'filter[voice.connection_name][eq]=Test Trunk East',
      'filter[voice.connection_name][starts_with]=test',
      'filter[voice.usage_payment_method]=pay-per-minute',
      'filter[without_tags]=false',
      'handle_messaging_profile_error=false',
      'page[number]=0',
      'page[size]=0',
      'sort=connection_name',
    ].join('&');
    const res = await app.request('GET', `/v2/phone_numbers?${query.replace(/ /g, '%20')}`, { key: org.key });
    expect(res.status).toBe(200);
    spec.assert('/phone_numbers', 'get', 200, res.body);
    expect(res.body.data.map((n: { phone_number: string }) => n.phone_number)).toEqual([east.number]);
    expect(res.body.meta).toEqual({ total_pages: 1, total_results: 1, page_number: 1, page_size: 20 });
  });

  it('sort=purchased_at orders by the purchased_at each number shows', async () => {
    const res = await app.request('GET', '/v2/phone_numbers?sort=purchased_at', { key: org.key });
    spec.assert('/phone_numbers', 'get', 200, res.body);
    const shown: string[] = res.body.data.map((n: { purchased_at: string }) => n.purchased_at);
    expect(shown).toHaveLength(4);
    expect(shown).toEqual([...shown].sort());
    expect(res.body.data.at(-1).phone_number).toBe(bought);
    const paged: string[] = [];
    for (let page = 1; page <= 2; page++) {
      const part = await app.request('GET', `/v2/phone_numbers?sort=purchased_at&page[size]=2&page[number]=${page}`, { key: org.key });
      paged.push(...part.body.data.map((n: { purchased_at: string }) => n.purchased_at));
    }
    expect(paged).toEqual(shown);
  });
});
