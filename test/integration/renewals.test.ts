import { afterAll, beforeAll, expect, it } from 'vitest';
import { errors } from '../../src/errors/catalogue.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const DAY = 86_400_000;

describeEachDriver('renewals over simulated months', (driver) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  async function buy(key: string, query: string): Promise<string> {
    const search = await app.request('GET', `/v1/available-phone-numbers?${query}&limit=1`, { key });
    const res = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: [search.body.data[0].number] } });
    expect(res.body.status).toBe('complete');
    return res.body.phone_numbers[0].phone_number_id;
  }

  const billing = async (key: string, id: string) => {
    const res = await app.request('GET', `/v1/phone-numbers/${id}/billing-records`, { key });
    expect(res.status).toBe(200);
    return res.body.data as Array<{ kind: string; amount: string; period_start: string; period_end: string }>;
  };
  const read = async (key: string, id: string) => (await app.request('GET', `/v1/phone-numbers/${id}`, { key })).body;
  const nextBilling = async (id: string) =>
    (await app.dialtone.database.db.selectFrom('phone_numbers').select('next_billing_date').where('id', '=', id).executeTakeFirstOrThrow())
      .next_billing_date!;

  it('auto_renew numbers renew each month, once per period, with a billing record each', async () => {
    const { key } = await app.newOrg();
    const id = await buy(key, 'country=US&area_code=206');
    const { renewals } = app.dialtone.services;
    const first = await nextBilling(id);

    expect((await renewals.run(new Date(first.getTime() - DAY))).renewed).toBe(0);
    const month1 = await renewals.run(new Date(first.getTime() + DAY));
    expect(month1.renewed).toBeGreaterThanOrEqual(1);
    const second = await nextBilling(id);
    expect(second.getTime() - first.getTime()).toBeGreaterThanOrEqual(28 * DAY);
    expect(second.getTime() - first.getTime()).toBeLessThanOrEqual(31 * DAY);
    // The same moment again bills nothing more.
    await renewals.run(new Date(first.getTime() + DAY));
    expect((await nextBilling(id)).getTime()).toBe(second.getTime());

    // Five months later in one run: the periods in between are each billed once.
    await renewals.run(new Date(first.getTime() + 150 * DAY));
    const records = await billing(key, id);
    expect(records[0]).toMatchObject({ kind: 'purchase', amount: '2.3000' });
    const renewalsBilled = records.filter((r) => r.kind === 'renewal');
    expect(renewalsBilled.length).toBe(5);
    for (const [index, record] of renewalsBilled.entries()) {
      expect(record.amount).toBe('1.1500');
      expect(record.period_start).toBe(records[index]!.period_end);
    }
    expect((await nextBilling(id)).toISOString()).toBe(renewalsBilled.at(-1)!.period_end);
    const other = await app.newOrg();
    expect((await app.request('GET', `/v1/phone-numbers/${id}/billing-records`, { key: other.key })).status).toBe(404);
    expect((await read(key, id)).status).toBe('active');
  });

  it('several processes renewing at once bill each period once', async () => {
    const { key } = await app.newOrg();
    const ids = [await buy(key, 'country=GB'), await buy(key, 'country=DE'), await buy(key, 'country=FR')];
    const later = new Date((await nextBilling(ids[0]!)).getTime() + 65 * DAY);
    const { renewals } = app.dialtone.services;
    await Promise.all(Array.from({ length: 5 }, () => renewals.run(later)));
    for (const id of ids) {
      const records = await billing(key, id);
      const starts = records.map((r) => r.period_start);
      expect(new Set(starts).size).toBe(starts.length);
      expect(records.filter((r) => r.kind === 'renewal')).toHaveLength(3);
    }
  });

  it('numbers with auto_renew off are released at the end of the paid period', async () => {
    const { key } = await app.newOrg();
    const id = await buy(key, 'country=AU');
    const patched = await app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { renewal: { auto_renew: false } } });
    expect(patched.status).toBe(200);
    const end = await nextBilling(id);
    await app.dialtone.services.renewals.run(new Date(end.getTime() - 60_000));
    expect((await read(key, id)).status).toBe('active');
    const run = await app.dialtone.services.renewals.run(new Date(end.getTime() + 60_000));
    expect(run.released).toBeGreaterThanOrEqual(1);
    expect((await read(key, id)).status).toBe('released');
  });

  it('a renewal that keeps failing is told once while the number stays as it is', async () => {
    const { key, orgId } = await app.newOrg();
    const id = await buy(key, 'country=AU');
    await app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { renewal: { auto_renew: false } } });
    const end = await nextBilling(id);
    const { releases, renewals } = app.dialtone.services;
    const release = releases.release;
    // The carrier cannot be reached: each run's release of the number fails.
    releases.release = async () => {
      throw errors.carrierUnavailable('sandbox', 'it did not answer in time');
    };
    try {
      for (let run = 0; run < 3; run++) expect((await renewals.run(new Date(end.getTime() + 60_000 * (run + 1)))).failed).toBe(1);
    } finally {
      releases.release = release;
    }
    const told = await app.dialtone.database.db
      .selectFrom('events')
      .select(['data'])
      .where('organization_id', '=', orgId)
      .where('type', '=', 'phone_number.renewal_failed')
      .execute();
    expect(told).toHaveLength(1);
    expect(told[0]!.data).toMatchObject({ id, status: 'active', renewal_error: { code: 'carrier_unavailable' } });
    expect((await read(key, id)).status).toBe('active');
  });
});
