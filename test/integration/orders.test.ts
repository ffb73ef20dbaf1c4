import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

describeEachDriver('/v1/number-orders (sandbox)', (driver) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  async function offers(key: string, query: string): Promise<string[]> {
    const res = await app.request('GET', `/v1/available-phone-numbers?${query}`, { key });
    expect(res.status).toBe(200);
    return res.body.data.map((o: { number: string }) => o.number);
  }

  const order = (key: string, body: unknown, headers: Record<string, string> = {}) =>
    app.request('POST', '/v1/number-orders', { key, body, headers });

  describe('buying', () => {
    it('buys numbers: the order completes and the numbers are active, priced and billed from now', async () => {
      const { key } = await app.newOrg();
      const numbers = await offers(key, 'country=US&area_code=303&limit=2');
      const before = Date.now();
      const res = await order(key, { phone_numbers: numbers, customer_reference: 'ticket-42' });
      expect(res.status).toBe(201);
      expect(res.headers.get('location')).toBe(`/v1/number-orders/${res.body.id}`);
      expect(res.body).toMatchObject({ object: 'number_order', status: 'complete', carrier: 'sandbox', carrier_account_id: null });
      expect(res.body.phone_numbers.map((p: any) => [p.number, p.status, p.error])).toEqual(numbers.map((n) => [n, 'purchased', null]));

      const number = await app.request('GET', `/v1/phone-numbers/${res.body.phone_numbers[0].phone_number_id}`, { key });
      expect(number.body).toMatchObject({ number: numbers[0], status: 'active', source: 'purchased', carrier: 'sandbox', is_sandbox: true });
      expect(number.body.capabilities).toEqual(expect.arrayContaining(['voice', 'sms']));
      const row = await app.dialtone.database.db.selectFrom('phone_numbers').selectAll().where('number', '=', numbers[0]!).executeTakeFirstOrThrow();
      expect(row.monthly_cost).toBe('1.1500');
      expect(row.purchased_at!.getTime()).toBeGreaterThanOrEqual(before - 1000);
      const month = new Date(row.purchased_at!);
      month.setUTCMonth(month.getUTCMonth() + 1);
      expect(Math.abs(row.next_billing_date!.getTime() - month.getTime())).toBeLessThan(4 * 86_400_000);

      const again = await offers(key, 'country=US&area_code=303&limit=50');
      expect(again).not.toContain(numbers[0]);
      expect(again).not.toContain(numbers[1]);
    });

    it('reads, lists and pages orders; another organization sees none of them', async () => {
      const { key } = await app.newOrg();
      const numbers = await offers(key, 'country=GB&limit=3');
      const ids: string[] = [];
      for (const number of numbers) ids.push((await order(key, { phone_numbers: [number] })).body.id);
      const one = await app.request('GET', `/v1/number-orders/${ids[0]}`, { key });
      expect(one.body.id).toBe(ids[0]);
      const page1 = await app.request('GET', '/v1/number-orders?limit=2', { key });
      expect(page1.body.data.map((o: any) => o.id)).toEqual([ids[2], ids[1]]);
      expect(page1.body.has_more).toBe(true);
      const page2 = await app.request('GET', `/v1/number-orders?limit=2&cursor=${page1.body.next_cursor}`, { key });
      expect(page2.body.data.map((o: any) => o.id)).toEqual([ids[0]]);
      expect(page2.body.has_more).toBe(false);

      const other = await app.newOrg();
      expect((await app.request('GET', `/v1/number-orders/${ids[0]}`, { key: other.key })).status).toBe(404);
      expect((await app.request('GET', '/v1/number-orders', { key: other.key })).body.data).toEqual([]);
    });

    it('fails per number what cannot be bought, and says why', async () => {
      const { key } = await app.newOrg();
      const [good] = await offers(key, 'country=FR&limit=1');
      // A valid US number whose area code the geography data does not place: not in the sandbox's stock.
      const res = await order(key, { phone_numbers: [good, '+1 900 555 0100'] });
      expect(res.status).toBe(201);
      expect(res.body.status).toBe('partial');
      expect(res.body.phone_numbers[0].status).toBe('purchased');
      expect(res.body.phone_numbers[1]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
    });

    it('refuses bad orders', async () => {
      const { key } = await app.newOrg();
      const cases: Array<[unknown, number, string]> = [
        [{ phone_numbers: [] }, 400, 'validation_failed'],
        [{ phone_numbers: ['+14155550100', '+1 415 555 0100'] }, 400, 'validation_failed'],
        [{ phone_numbers: ['hello'] }, 400, 'invalid_phone_number'],
        [{ phone_numbers: ['+14155550100'], colour: 'red' }, 400, 'validation_failed'],
        [{ phone_numbers: ['+14155550100'], carrier_account_id: '5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e' }, 404, 'not_found'],
      ];
      for (const [body, status, code] of cases) {
        const res = await order(key, body);
        expect([res.status, res.body.code]).toEqual([status, code]);
      }
    });

    it('needs the phone_numbers:purchase scope', async () => {
      const reader = await app.newOrg(['phone_numbers:read', 'phone_numbers:write']);
      const res = await order(reader.key, { phone_numbers: ['+14155550100'] });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('insufficient_scope');
      expect((await app.request('POST', '/v1/number-orders', { body: { phone_numbers: ['+14155550100'] } })).status).toBe(401);
    });
  });

  describe('Idempotency-Key', () => {
    it('returns the first order for the same key and body, never buying twice', async () => {
      const { key, orgId } = await app.newOrg();
      const numbers = await offers(key, 'country=AU&number_type=mobile&limit=2');
      const headers = { 'idempotency-key': 'order-1' };
      const first = await order(key, { phone_numbers: numbers }, headers);
      const second = await order(key, { phone_numbers: numbers }, headers);
      expect(first.status).toBe(201);
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(second.body).toEqual(first.body);
      const held = await app.dialtone.database.db.selectFrom('phone_numbers').select('id').where('organization_id', '=', orgId).execute();
      expect(held).toHaveLength(2);
    });

    it('refuses the same key with another body (422), and keys are per organization', async () => {
      const { key } = await app.newOrg();
      const [a, b] = await offers(key, 'country=DE&limit=2');
      await order(key, { phone_numbers: [a] }, { 'idempotency-key': 'k' });
      const reused = await order(key, { phone_numbers: [b] }, { 'idempotency-key': 'k' });
      expect(reused.status).toBe(422);
      expect(reused.body.code).toBe('idempotency_key_reused');
      const other = await app.newOrg();
      const elsewhere = await order(other.key, { phone_numbers: [b] }, { 'idempotency-key': 'k' });
      expect(elsewhere.status).toBe(201);
      expect(elsewhere.body.status).toBe('complete');
    });

    it('concurrent retries with one key make one order and one purchase', async () => {
      const { key, orgId } = await app.newOrg();
      const numbers = await offers(key, 'country=BR&limit=3');
      const results = await Promise.all(
        Array.from({ length: 8 }, () => order(key, { phone_numbers: numbers }, { 'idempotency-key': 'storm' })),
      );
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      const orders = await app.dialtone.database.db.selectFrom('number_orders').select('id').where('organization_id', '=', orgId).execute();
      expect(orders).toHaveLength(1);
      const held = await app.dialtone.database.db
        .selectFrom('phone_numbers')
        .select('number')
        .where('organization_id', '=', orgId)
        .where('status', '=', 'active')
        .execute();
      expect(held.map((h) => h.number).sort()).toEqual([...numbers].sort());
    });

    it('rejects a malformed key', async () => {
      const { key } = await app.newOrg();
      const res = await order(key, { phone_numbers: ['+14155550100'] }, { 'idempotency-key': 'x'.repeat(256) });
      expect(res.status).toBe(400);
      expect(res.body.parameter).toBe('Idempotency-Key');
    });
  });

  describe('races', () => {
    it('ten organizations, twenty concurrent orders for the same four numbers: one winner per number, no double purchase', async () => {
      const orgs = await Promise.all(Array.from({ length: 10 }, () => app.newOrg()));
      const numbers = await offers(orgs[0]!.key, 'country=US&area_code=718&limit=4');
      const results = await Promise.all(orgs.flatMap((org) => [order(org.key, { phone_numbers: numbers }), order(org.key, { phone_numbers: numbers })]));
      for (const res of results) expect(res.status).toBe(201);
      for (const number of numbers) {
        const outcomes = results.map((r) => r.body.phone_numbers.find((p: any) => p.number === number));
        const winners = outcomes.filter((o) => o.status === 'purchased');
        expect(winners).toHaveLength(1);
        for (const loser of outcomes.filter((o) => o.status !== 'purchased')) {
          expect(loser.error.code).toBe('number_unavailable');
          expect(loser.error.detail).toContain('no longer available');
        }
        const held = await app.dialtone.database.db
          .selectFrom('phone_numbers')
          .select(['organization_id', 'status'])
          .where('number', '=', number)
          .where('status', '<>', 'released')
          .execute();
        expect(held).toEqual([{ organization_id: expect.any(String), status: 'active' }]);
      }
    });
  });

  describe('release and the hold period', () => {
    it('a released number comes back to the inventory only after the hold period', async () => {
      const { key } = await app.newOrg();
      const query = 'country=US&area_code=617&limit=5';
      const [number] = await offers(key, query);
      const bought = await order(key, { phone_numbers: [number] });
      const id = bought.body.phone_numbers[0].phone_number_id;
      const released = await app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
      expect(released.status).toBe(200);
      expect(released.body.status).toBe('released');
      expect(await offers(key, query)).not.toContain(number);
      const again = await order(key, { phone_numbers: [number] });
      expect(again.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
      expect(again.body.phone_numbers[0].error.detail).toContain('hold period');

      // Thirty-one days later.
      await sql`UPDATE phone_numbers SET released_at = released_at - interval '31 days' WHERE id = ${id}`.execute(app.dialtone.database.db);
      expect(await offers(key, query)).toContain(number);
      const other = await app.newOrg();
      expect((await order(other.key, { phone_numbers: [number] })).body.status).toBe('complete');
    });
  });

  describe('interrupted orders', () => {
    it('the reconciler settles orders a crash left pending', async () => {
      const { key, orgId } = await app.newOrg();
      const [claimedNumber, unclaimedNumber] = await offers(key, 'country=CA&limit=2');
      const { orders } = app.dialtone.services;
      const repo = (orders as unknown as { repo: import('../../src/orders/orders.repo.js').OrdersRepo }).repo;
      // An order that crashed after claiming its first number and before the carrier call.
      const created = await repo.create(
        { organization_id: orgId, carrier: 'sandbox', carrier_account_id: null, customer_reference: null, idempotency_key: null, request_hash: 'x' },
        [claimedNumber!, unclaimedNumber!].map((number) => ({ number, country: 'CA' })),
      );
      await (orders as any).claim(created, created!.items[0], 'sandbox');
      const pending = await app.request('GET', `/v1/number-orders/${created!.id}`, { key });
      expect(pending.body.status).toBe('pending');
      expect(pending.body.phone_numbers.map((p: any) => p.status)).toEqual(['claimed', 'pending']);

      expect(await orders.reconcile(new Date())).toBe(0); // not stale yet
      const settled = await orders.reconcile(new Date(Date.now() + 10 * 60_000));
      expect(settled).toBeGreaterThanOrEqual(1);
      const after = await app.request('GET', `/v1/number-orders/${created!.id}`, { key });
      expect(after.body.status).toBe('partial');
      expect(after.body.phone_numbers[0].status).toBe('purchased');
      expect(after.body.phone_numbers[1]).toMatchObject({ status: 'failed', error: { code: 'order_interrupted' } });
      const number = await app.request('GET', `/v1/phone-numbers/${after.body.phone_numbers[0].phone_number_id}`, { key });
      expect(number.body.status).toBe('active');
    });
  });
});
