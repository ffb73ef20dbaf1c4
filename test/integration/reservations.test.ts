import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { SpecValidator } from '../support/dialects/specs.js';

const telnyxSpec = new SpecValidator('telnyx-phone-numbers');
const HOLD_MS = 30 * 60_000;

describeEachDriver('number reservations', (driver) => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver);
  });
  afterAll(() => app?.close());

  async function offers(key: string, areaCode: string, limit = 2): Promise<string[]> {
    const res = await app.request('GET', `/v1/available-phone-numbers?country=US&area_code=${areaCode}&limit=${limit}`, { key });
    expect(res.status).toBe(200);
    return res.body.data.map((o: { number: string }) => o.number);
  }
  const reserve = (key: string, body: unknown) => app.request('POST', '/v1/number-reservations', { key, body });
  const order = (key: string, numbers: string[]) => app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: numbers } });
  /** Makes a hold run out now, as if its thirty minutes had passed. */
  const lapse = async (number: string) => {
    const past = new Date(Date.now() - 1000);
    const { db } = app.dialtone.database;
    await db.updateTable('number_holds').set({ expires_at: past }).where('number', '=', number).execute();
    await db.updateTable('reserved_numbers').set({ expires_at: past }).where('number', '=', number).where('status', '=', 'held').execute();
  };

  describe('/v1', () => {
    it('holds numbers for thirty minutes: another organization can neither reserve nor order them; the holder orders them', async () => {
      const a = await app.newOrg();
      const b = await app.newOrg();
      const numbers = await offers(a.key, '303');
      const before = Date.now();
      const made = await reserve(a.key, { phone_numbers: numbers, customer_reference: 'launch' });
      expect(made.status).toBe(201);
      expect(made.headers.get('location')).toBe(`/v1/number-reservations/${made.body.id}`);
      expect(made.body).toMatchObject({ object: 'number_reservation', customer_reference: 'launch' });
      expect(made.body.phone_numbers.map((n: any) => [n.number, n.status, n.error])).toEqual(numbers.map((n) => [n, 'held', null]));
      for (const held of made.body.phone_numbers) {
        const expires = Date.parse(held.expires_at);
        expect(expires).toBeGreaterThanOrEqual(before + HOLD_MS - 5000);
        expect(expires).toBeLessThanOrEqual(Date.now() + HOLD_MS + 5000);
      }

      const theirs = await reserve(b.key, { phone_numbers: [numbers[0]] });
      expect(theirs.status).toBe(201);
      expect(theirs.body.phone_numbers[0]).toMatchObject({ number: numbers[0], status: 'failed', expires_at: null });
      expect(theirs.body.phone_numbers[0].error).toMatch(/on hold for another organization/);
      const refused = await order(b.key, [numbers[0]!]);
      expect(refused.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: { code: 'number_unavailable' } });
      expect(refused.body.phone_numbers[0].error.detail).toMatch(/reserved/);

      const bought = await order(a.key, [numbers[0]!]);
      expect(bought.body.phone_numbers[0]).toMatchObject({ number: numbers[0], status: 'purchased' });
      const after = await app.request('GET', `/v1/number-reservations/${made.body.id}`, { key: a.key });
      expect(after.body.phone_numbers.map((n: any) => n.status)).toEqual(['ordered', 'held']);
      const holds = await app.dialtone.database.db.selectFrom('number_holds').select('number').where('number', 'in', numbers).execute();
      expect(holds.map((h) => h.number)).toEqual([numbers[1]]);
    });

    it('leaves numbers another organization holds out of the search, and offers them again once the hold lapses', async () => {
      const a = await app.newOrg();
      const b = await app.newOrg();
      const shown = await offers(b.key, '415', 5);
      expect(shown).toHaveLength(5);
      await reserve(a.key, { phone_numbers: shown.slice(0, 2) });
      // The same search gives the same numbers: the holder still sees its own, the other organization not.
      expect(await offers(a.key, '415', 5)).toEqual(shown);
      expect(await offers(b.key, '415', 5)).toEqual(shown.slice(2));
      await lapse(shown[0]!);
      expect(await offers(b.key, '415', 5)).toEqual([shown[0], ...shown.slice(2)]);
    });

    it('lets a hold lapse: another organization takes the number, and extending then fails it', async () => {
      const a = await app.newOrg();
      const b = await app.newOrg();
      const numbers = await offers(a.key, '720');
      const made = await reserve(a.key, { phone_numbers: numbers });
      await lapse(numbers[0]!);
      const shown = await app.request('GET', `/v1/number-reservations/${made.body.id}`, { key: a.key });
      expect(shown.body.phone_numbers.map((n: any) => n.status)).toEqual(['expired', 'held']);

      const taken = await reserve(b.key, { phone_numbers: [numbers[0]] });
      expect(taken.body.phone_numbers[0]).toMatchObject({ status: 'held', error: null });

      const firstExpiry = Date.parse(made.body.phone_numbers[1].expires_at);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const extended = await app.request('POST', `/v1/number-reservations/${made.body.id}/extend`, { key: a.key });
      expect(extended.status).toBe(200);
      expect(extended.body.phone_numbers[0]).toMatchObject({ status: 'failed', expires_at: null });
      expect(extended.body.phone_numbers[0].error).toMatch(/lapsed/);
      expect(extended.body.phone_numbers[1].status).toBe('held');
      expect(Date.parse(extended.body.phone_numbers[1].expires_at)).toBeGreaterThan(firstExpiry);
      // B holds it now: A's order of it is refused.
      const refused = await order(a.key, [numbers[0]!]);
      expect(refused.body.phone_numbers[0].status).toBe('failed');
    });

    it('refuses a number some organization already has, an invalid number, and too many numbers', async () => {
      const a = await app.newOrg();
      const [owned] = await offers(a.key, '212', 1);
      expect((await order(a.key, [owned!])).body.status).toBe('complete');
      const again = await reserve(a.key, { phone_numbers: [owned] });
      expect(again.body.phone_numbers[0]).toMatchObject({ status: 'failed', error: expect.stringMatching(/held by an organization/) });

      const invalid = await reserve(a.key, { phone_numbers: ['+1 555 0100'] });
      expect(invalid.status).toBe(400);
      expect(invalid.headers.get('content-type')).toMatch(/problem\+json/);
      const tooMany = await reserve(a.key, { phone_numbers: Array.from({ length: 21 }, (_, i) => `+1212555${String(1000 + i)}`) });
      expect(tooMany.status).toBe(400);
    });

    it('keeps reservations to their organization, lists them by reference and number, and audits them', async () => {
      const a = await app.newOrg();
      const b = await app.newOrg();
      const [first] = await offers(a.key, '415', 1);
      const made = await reserve(a.key, { phone_numbers: [first], customer_reference: 'ref-a' });
      expect((await app.request('GET', `/v1/number-reservations/${made.body.id}`, { key: b.key })).status).toBe(404);
      expect((await app.request('POST', `/v1/number-reservations/${made.body.id}/extend`, { key: b.key })).status).toBe(404);
      expect((await app.request('GET', '/v1/number-reservations', { key: b.key })).body.data).toEqual([]);

      const byRef = await app.request('GET', '/v1/number-reservations?customer_reference=ref-a', { key: a.key });
      expect(byRef.body.data.map((r: any) => r.id)).toEqual([made.body.id]);
      const spaced = `+1 ${first!.slice(2, 5)} ${first!.slice(5, 8)} ${first!.slice(8)}`;
      const byNumber = await app.request('GET', `/v1/number-reservations?phone_number=${encodeURIComponent(spaced)}`, { key: a.key });
      expect(byNumber.body.data.map((r: any) => r.id)).toEqual([made.body.id]);
      expect((await app.request('GET', '/v1/number-reservations?customer_reference=other', { key: a.key })).body.data).toEqual([]);

      const readOnly = await app.newOrg(['phone_numbers:read']);
      expect((await reserve(readOnly.key, { phone_numbers: [first] })).status).toBe(403);

      const audit = await app.request('GET', `/v1/audit-log?resource_id=${made.body.id}`, { key: a.key });
      expect(audit.body.data.map((r: any) => r.action)).toContain('number_reservation.created');
    });
  });

  describe('Telnyx /v2/number_reservations', () => {
    it('SDK: reserves, lists with filters, retrieves and extends, in the shapes of the official document', async () => {
      const org = await app.newOrg();
      const other = await app.newOrg();
      const numbers = await offers(org.key, '617');
      const sdk = new Telnyx({ apiKey: org.key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });
      const created = await sdk.numberReservations.create({ phone_numbers: numbers.map((phone_number) => ({ phone_number })), customer_reference: 'MY REF 001' });
      expect(created.data).toMatchObject({ record_type: 'number_reservation', status: 'success', customer_reference: 'MY REF 001' });
      expect(created.data!.phone_numbers!.map((n) => [n.phone_number, n.status])).toEqual(numbers.map((n) => [n, 'success']));
      const id = created.data!.id!;

      const raw = await app.request('GET', `/v2/number_reservations/${id}`, { key: org.key });
      expect(raw.status).toBe(200);
      telnyxSpec.assert('/number_reservations/{number_reservation_id}', 'get', 200, raw.body);
      const retrieved = await sdk.numberReservations.retrieve(id);
      expect(retrieved.data?.id).toBe(id);

      const listed = await app.request('GET', `/v2/number_reservations?filter[phone_numbers.phone_number]=${encodeURIComponent(numbers[0]!)}&filter[status]=success`, { key: org.key });
      expect(listed.status).toBe(200);
      telnyxSpec.assert('/number_reservations', 'get', 200, listed.body);
      expect(listed.body.data.map((r: any) => r.id)).toEqual([id]);
      expect(listed.body.meta).toEqual({ total_results: 1, total_pages: 1, page_number: 1, page_size: 20 });
      // A second reservation: page 2 of size 1 is the older one, and the meta counts both.
      const second = await app.request('POST', '/v2/number_reservations', { key: org.key, body: { phone_numbers: [{ phone_number: (await offers(org.key, '508', 1))[0] }] } });
      const paged = await app.request('GET', '/v2/number_reservations?page[number]=2&page[size]=1', { key: org.key });
      expect(paged.body.data.map((r: any) => r.id)).toEqual([id]);
      expect(paged.body.meta).toEqual({ total_results: 2, total_pages: 2, page_number: 2, page_size: 1 });
      telnyxSpec.assert('/number_reservations', 'get', 200, paged.body);
      expect((await app.request('GET', '/v2/number_reservations?filter[status]=failure', { key: org.key })).body.data).toEqual([]);
      const seen: string[] = [];
      for await (const reservation of sdk.numberReservations.list()) seen.push(reservation.id!);
      expect(seen).toEqual([second.body.data.id, id]);

      const extended = await sdk.numberReservations.actions.extend(id);
      expect(extended.data?.phone_numbers?.every((n) => n.status === 'success')).toBe(true);
      const extendedRaw = await app.request('POST', `/v2/number_reservations/${id}/actions/extend`, { key: org.key });
      telnyxSpec.assert('/number_reservations/{number_reservation_id}/actions/extend', 'post', 200, extendedRaw.body);

      const theirs = await app.request('POST', '/v2/number_reservations', { key: other.key, body: { phone_numbers: [{ phone_number: numbers[0] }] } });
      telnyxSpec.assert('/number_reservations', 'post', 200, theirs.body);
      expect(theirs.body.data).toMatchObject({ status: 'failure', phone_numbers: [{ status: 'failure', errors: expect.stringMatching(/on hold/) }] });
      const notTheirs = await app.request('GET', `/v2/number_reservations/${id}`, { key: other.key });
      expect(notTheirs.status).toBe(404);
      telnyxSpec.assert('/number_reservations/{number_reservation_id}', 'get', 404, notTheirs.body);

      const bad = await app.request('POST', '/v2/number_reservations', { key: org.key, body: { phone_numbers: [{ phone_number: 'not a number' }] } });
      expect(bad.status).toBe(422);
      telnyxSpec.assert('/number_reservations', 'post', 422, bad.body);
    });
  });
});
