import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AddressesRepo } from '../../src/addresses/addresses.repo.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { holdTransaction } from '../support/held-transaction.js';

/** The native /v1/addresses: the one model of an organization's addresses every surface uses. */

const ADDRESS = { customer_name: 'Acme Inc.', street: '1 Market St', city: 'San Francisco', region: 'CA', postal_code: '94105', iso_country: 'us' };

describeEachDriver('addresses API', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  it('creates, pages newest first with filters, retrieves, updates and deletes, each change in the audit log', async () => {
    const first = await app.request('POST', '/v1/addresses', { key: org.key, body: { ...ADDRESS, friendly_name: 'HQ' } });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ object: 'address', iso_country: 'US', friendly_name: 'HQ', street_secondary: null, emergency_enabled: false });
    const second = await app.request('POST', '/v1/addresses', { key: org.key, body: { ...ADDRESS, customer_name: 'Beta', emergency_enabled: true } });
    const third = await app.request('POST', '/v1/addresses', { key: org.key, body: { ...ADDRESS, customer_name: 'Gamma', iso_country: 'GB' } });

    const page1 = await app.request('GET', '/v1/addresses?limit=2', { key: org.key });
    expect(page1.body.data.map((a: { id: string }) => a.id)).toEqual([third.body.id, second.body.id]);
    const page2 = await app.request('GET', `/v1/addresses?limit=2&cursor=${page1.body.next_cursor}`, { key: org.key });
    expect(page2.body).toMatchObject({ has_more: false, next_cursor: null, data: [{ id: first.body.id }] });
    const filtered = await app.request('GET', '/v1/addresses?iso_country=gb', { key: org.key });
    expect(filtered.body.data.map((a: { id: string }) => a.id)).toEqual([third.body.id]);
    const emergency = await app.request('GET', '/v1/addresses?emergency_enabled=true', { key: org.key });
    expect(emergency.body.data.map((a: { id: string }) => a.id)).toEqual([second.body.id]);

    const got = await app.request('GET', `/v1/addresses/${first.body.id}`, { key: org.key });
    expect(got.body).toEqual(first.body);
    const patched = await app.request('PATCH', `/v1/addresses/${first.body.id}`, { key: org.key, body: { street: '2 Market St', friendly_name: null } });
    expect(patched.body).toMatchObject({ street: '2 Market St', friendly_name: null, city: 'San Francisco' });

    expect((await app.request('DELETE', `/v1/addresses/${first.body.id}`, { key: org.key })).status).toBe(204);
    expect((await app.request('GET', `/v1/addresses/${first.body.id}`, { key: org.key })).status).toBe(404);

    const audit = await app.request('GET', `/v1/audit-log?resource_id=${first.body.id}`, { key: org.key });
    const actions = audit.body.data.map((r: { action: string }) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['address.created', 'address.updated', 'address.deleted']));
    const update = audit.body.data.find((r: { action: string }) => r.action === 'address.updated');
    expect(update.changes.street).toEqual({ from: '1 Market St', to: '2 Market St' });
  });

  it('refuses bad input with a problem naming the field', async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ['POST', '/v1/addresses', { ...ADDRESS, iso_country: 'USA' }, '/iso_country'],
      ['POST', '/v1/addresses', { ...ADDRESS, street: '   ' }, '/street'],
      ['POST', '/v1/addresses', { ...ADDRESS, colour: 'red' }, '/colour'],
      ['POST', '/v1/addresses', { customer_name: 'No street' }, '/street'],
    ];
    for (const [method, path, body, pointer] of cases) {
      const res = await app.request(method, path, { key: org.key, body });
      expect([res.status, res.body.code], JSON.stringify(body)).toEqual([400, 'validation_failed']);
      expect(JSON.stringify(res.body)).toContain(pointer.slice(1));
    }
    const created = await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS });
    const empty = await app.request('PATCH', `/v1/addresses/${created.body.id}`, { key: org.key, body: {} });
    expect(empty.status).toBe(400);
  });

  it("keeps an address a held number uses; another organization's address is a 404; keys need the scopes", async () => {
    const created = await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS });
    const [record] = await seedNumbers(app, org.orgId, 1);
    await app.dialtone.services.numbers.update(org.orgId, record!.id, { address_id: created.body.id });
    const refused = await app.request('DELETE', `/v1/addresses/${created.body.id}`, { key: org.key });
    expect([refused.status, refused.body.code]).toEqual([409, 'address_in_use']);
    // Once released, the number no longer holds the address.
    await app.dialtone.services.releases.release(org.orgId, record!.id);
    expect((await app.request('DELETE', `/v1/addresses/${created.body.id}`, { key: org.key })).status).toBe(204);

    const mine = await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS });
    const other = await app.newOrg();
    for (const [method, body] of [['GET', undefined], ['PATCH', { city: 'Oakland' }], ['DELETE', undefined]] as const) {
      const res = await app.request(method, `/v1/addresses/${mine.body.id}`, { key: other.key, body });
      expect([res.status, res.body.code], method).toEqual([404, 'not_found']);
    }
    expect((await app.request('GET', '/v1/addresses', { key: other.key })).body.data).toEqual([]);
    // No number of one organization can point at another's address: the reference carries the organization.
    const [theirs] = await seedNumbers(app, other.orgId, 1);
    await expect(app.dialtone.services.numbers.update(other.orgId, theirs!.id, { address_id: mine.body.id })).rejects.toMatchObject({
      code: 'validation_failed',
    });

    const reader = await app.newOrg(['addresses:read']);
    expect((await app.request('GET', '/v1/addresses', { key: reader.key })).status).toBe(200);
    const write = await app.request('POST', '/v1/addresses', { key: reader.key, body: ADDRESS });
    expect([write.status, write.body.code]).toEqual([403, 'insufficient_scope']);
    expect((await app.request('GET', '/v1/addresses')).status).toBe(401);
  });

  /** How a refusal reads: its code and the field it points at. */
  type Refusal = { code?: string; pointer?: string };

  /**
   * A number's two references to an address: how a client points a number at one (the native
   * API sets the emergency address; the address is set by the surfaces that take one, through
   * the same service), where a refusal points, and the column.
   */
  const REFERENCES = [
    [
      'emergency address',
      async (id: string, address: string): Promise<Refusal> => {
        const res = await app.request('PATCH', `/v1/phone-numbers/${id}`, { key: org.key, body: { emergency: { enabled: true, address_id: address } } });
        return res.status === 200 ? {} : { code: res.body.code, pointer: res.body.pointer };
      },
      '/emergency/address_id',
      'emergency_address_id',
    ],
    [
      'address',
      (id: string, address: string): Promise<Refusal> =>
        app.dialtone.services.numbers.update(org.orgId, id, { address_id: address }).then(
          () => ({}),
          (error: { code?: string; details?: { pointer?: string } }) => ({ code: error.code, pointer: error.details?.pointer }),
        ),
      '/regulatory/address_id',
      'address_id',
    ],
  ] as const;

  for (const [what, point, pointer, column] of REFERENCES) {
    it(`a number pointed at its ${what} while the address is being deleted: refused once the delete commits, never left naming it`, async () => {
      const address = (await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS })).body;
      const [record] = await seedNumbers(app, org.orgId, 1);
      // The delete's own steps, its commit held back: the address locked, found unused, deleted.
      const deleting = await holdTransaction(app, async (trx) => {
        const addresses = new AddressesRepo(trx);
        expect(await addresses.lock(org.orgId, address.id)).toBeDefined();
        expect(await addresses.countHeldUsers(org.orgId, address.id)).toBe(0);
        await addresses.delete(org.orgId, address.id);
      });
      // Checked before the delete commits, the address is still there: the write must wait for it.
      const pointing = point(record!.id, address.id);
      try {
        await deleting.othersBlocked();
      } finally {
        await deleting.commit();
      }
      expect(await pointing).toEqual({ code: 'validation_failed', pointer });
      const row = await app.dialtone.database.db.selectFrom('phone_numbers').select(column).where('id', '=', record!.id).executeTakeFirstOrThrow();
      expect(row[column]).toBeNull();
    });

    it(`an address deleted while a number is being pointed at it as its ${what}: the delete waits and is refused`, async () => {
      const address = (await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS })).body;
      const [record] = await seedNumbers(app, org.orgId, 1);
      // The number's write, its commit held back (the same statement whatever writes it).
      const pointing = await holdTransaction(app, async (trx) => {
        await sql`UPDATE phone_numbers SET ${sql.ref(column)} = ${address.id} WHERE organization_id = ${org.orgId} AND id = ${record!.id}`.execute(trx);
      });
      const deleting = app.request('DELETE', `/v1/addresses/${address.id}`, { key: org.key });
      try {
        await pointing.othersBlocked();
      } finally {
        await pointing.commit();
      }
      const refused = await deleting;
      expect([refused.status, refused.body.code]).toEqual([409, 'address_in_use']);
      expect((await app.request('GET', `/v1/addresses/${address.id}`, { key: org.key })).status).toBe(200);
      const number = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(column === 'address_id' ? number.body.regulatory.address_id : number.body.emergency.address_id).toBe(address.id);
    });
  }

  it('a number named by an emergency address that is none of its organization is refused by the database too; a provider id is let be', async () => {
    const mine = (await app.request('POST', '/v1/addresses', { key: org.key, body: ADDRESS })).body;
    const other = await app.newOrg();
    const theirs = (await app.request('POST', '/v1/addresses', { key: other.key, body: ADDRESS })).body;
    const [record] = await seedNumbers(app, org.orgId, 1);
    const db = app.dialtone.database.db;
    const point = (value: string) => sql`UPDATE phone_numbers SET emergency_address_id = ${value} WHERE id = ${record!.id}`.execute(db);
    for (const foreign of [theirs.id, '8ffb3622-7c6b-4ccc-b65f-7a3dc0099576']) {
      await expect(point(foreign)).rejects.toMatchObject({ code: '23503', constraint: 'phone_numbers_emergency_address_fkey' });
    }
    await point(mine.id.toUpperCase());
    // Numbers imported before addresses were Dialtone's keep the carrier's id they were given.
    await point('1293384261075731499');
    const row = await db.selectFrom('phone_numbers').select('emergency_address_id').where('id', '=', record!.id).executeTakeFirstOrThrow();
    expect(row.emergency_address_id).toBe('1293384261075731499');
  });
});
