import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { holdTransaction } from '../support/held-transaction.js';

describeEachDriver('number groups and lookups (native)', (driver) => {
  let t: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    t = await startTestApp(driver);
    org = await t.newOrg();
  });
  afterAll(() => t.close());

  it('creates, lists by name with cursors, updates and deletes groups', async () => {
    const created = await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Support EU' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'number_group', name: 'Support EU', sticky_sender: false, phone_number_count: 0 });
    await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'support US', sticky_sender: true } });
    await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Sales' } });
    const page = await t.request('GET', '/v1/number-groups?name=SUPPORT&limit=1', { key: org.key });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ object: 'list', has_more: true });
    expect(page.body.data.map((g: { name: string }) => g.name)).toEqual(['support US']);
    const next = await t.request('GET', `/v1/number-groups?name=SUPPORT&limit=1&cursor=${page.body.next_cursor}`, { key: org.key });
    expect(next.body.data.map((g: { name: string }) => g.name)).toEqual(['Support EU']);
    expect(next.body.has_more).toBe(false);

    const patched = await t.request('PATCH', `/v1/number-groups/${created.body.id}`, { key: org.key, body: { sticky_sender: true } });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ name: 'Support EU', sticky_sender: true });
    expect((await t.request('PATCH', `/v1/number-groups/${created.body.id}`, { key: org.key, body: {} })).status).toBe(400);
    expect((await t.request('PATCH', `/v1/number-groups/${created.body.id}`, { key: org.key, body: { name: '' } })).status).toBe(400);
    expect((await t.request('DELETE', `/v1/number-groups/${created.body.id}`, { key: org.key })).status).toBe(204);
    const gone = await t.request('GET', `/v1/number-groups/${created.body.id}`, { key: org.key });
    expect([gone.status, gone.body.code]).toEqual([404, 'not_found']);

    const log = await t.request('GET', `/v1/audit-log?resource_id=${created.body.id}`, { key: org.key });
    const records = log.body.data.map((r: { action: string; changes: unknown }) => [r.action, r.changes]);
    expect(records).toEqual(
      expect.arrayContaining([
        ['number_group.created', { name: { from: null, to: 'Support EU' }, sticky_sender: { from: null, to: false } }],
        ['number_group.updated', { sticky_sender: { from: false, to: true } }],
        ['number_group.deleted', { name: { from: 'Support EU', to: null }, sticky_sender: { from: true, to: null } }],
      ]),
    );
  });

  it('adds and removes members; one number in several groups; released numbers drop out', async () => {
    const a = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'A' } })).body;
    const b = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'B' } })).body;
    const [first, second] = await seedNumbers(t, org.orgId, 2);
    const add = (group: string, id: string) => t.request('POST', `/v1/number-groups/${group}/memberships`, { key: org.key, body: { phone_number_id: id } });
    const inA = await add(a.id, first!.id);
    expect(inA.status).toBe(201);
    expect(inA.body).toMatchObject({ object: 'number_group_membership', number_group_id: a.id, phone_number: { id: first!.id, number: first!.number } });
    expect((await add(b.id, first!.id)).status).toBe(201);
    expect((await add(a.id, second!.id)).status).toBe(201);
    const again = await add(a.id, first!.id);
    expect([again.status, again.body.code, again.body.pointer]).toEqual([409, 'already_in_group', '/phone_number_id']);

    const members = await t.request('GET', `/v1/number-groups/${a.id}/memberships`, { key: org.key });
    expect(members.body.data.map((m: { phone_number: { id: string } }) => m.phone_number.id)).toEqual([second!.id, first!.id]);

    const released = await t.request('DELETE', `/v1/phone-numbers/${first!.id}`, { key: org.key });
    expect(released.status).toBeLessThan(300);
    const afterA = await t.request('GET', `/v1/number-groups/${a.id}/memberships`, { key: org.key });
    expect(afterA.body.data.map((m: { phone_number: { id: string } }) => m.phone_number.id)).toEqual([second!.id]);
    expect((await t.request('GET', `/v1/number-groups/${b.id}`, { key: org.key })).body.phone_number_count).toBe(0);
    expect((await t.request('GET', `/v1/number-group-memberships/${inA.body.id}`, { key: org.key })).status).toBe(404);
    expect((await t.request('DELETE', `/v1/number-group-memberships/${inA.body.id}`, { key: org.key })).status).toBe(404);
    const releasedAdd = await add(b.id, first!.id);
    expect([releasedAdd.status, releasedAdd.body.pointer]).toEqual([404, '/phone_number_id']);

    const secondMembership = afterA.body.data[0].id;
    expect((await t.request('DELETE', `/v1/number-group-memberships/${secondMembership}`, { key: org.key })).status).toBe(204);
    expect((await t.request('GET', `/v1/number-groups/${a.id}`, { key: org.key })).body.phone_number_count).toBe(0);
    const number = await t.request('GET', `/v1/phone-numbers/${second!.id}`, { key: org.key });
    expect([number.status, number.body.status]).toEqual([200, 'active']);
  });

  it('a released number leaves its groups, released at once or once its carrier lets it go; each group records it', async () => {
    const a = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Leavers A' } })).body;
    const b = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Leavers B' } })).body;
    const [imported, kept] = await seedNumbers(t, org.orgId, 2);
    // A number bought from a carrier is released through it (release_pending, then released).
    const offer = (await t.request('GET', '/v1/available-phone-numbers?country=US&area_code=512&limit=1', { key: org.key })).body.data[0];
    const order = await t.request('POST', '/v1/number-orders', { key: org.key, body: { phone_numbers: [offer.number] } });
    expect(order.body.status).toBe('complete');
    const bought = { id: order.body.phone_numbers[0].phone_number_id as string, number: offer.number as string };
    const add = (group: string, id: string) => t.request('POST', `/v1/number-groups/${group}/memberships`, { key: org.key, body: { phone_number_id: id } });
    for (const id of [imported!.id, bought.id, kept!.id]) expect((await add(a.id, id)).status).toBe(201);
    for (const id of [imported!.id, bought.id]) expect((await add(b.id, id)).status).toBe(201);

    for (const number of [imported!, bought]) {
      const released = await t.request('DELETE', `/v1/phone-numbers/${number.id}`, { key: org.key });
      expect([released.status, released.body.status]).toEqual([200, 'released']);
    }
    const membersOf = async (group: string) =>
      (await t.request('GET', `/v1/number-groups/${group}/memberships`, { key: org.key })).body.data.map((m: { phone_number: { id: string } }) => m.phone_number.id);
    expect(await membersOf(a.id)).toEqual([kept!.id]);
    expect(await membersOf(b.id)).toEqual([]);
    expect((await t.request('GET', `/v1/number-groups/${b.id}`, { key: org.key })).body.phone_number_count).toBe(0);
    for (const [group, left] of [[a.id, [imported!, bought]], [b.id, [imported!, bought]]] as const) {
      const log = await t.request('GET', `/v1/audit-log?resource_id=${group}&action=number_group.member_removed`, { key: org.key });
      expect(log.body.data.map((r: { phone_number: string }) => r.phone_number).sort()).toEqual(left.map((n) => n.number).sort());
      for (const record of log.body.data) expect(record.changes.phone_number_id.to).toBeNull();
    }
    // Gone, not only hidden: a released number is in no group.
    const { rows } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM number_group_memberships WHERE phone_number_id IN (${imported!.id}, ${bought.id})`.execute(t.dialtone.database.db);
    expect(rows[0]!.n).toBe(0);
  });

  it('a number added to a group while it is being released is not added', async () => {
    const group = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Racing' } })).body;
    const [number] = await seedNumbers(t, org.orgId, 1);
    // A release's write of the number, its commit held back: the number locked and released.
    const releasing = await holdTransaction(t, async (trx) => {
      await sql`SELECT id FROM phone_numbers WHERE id = ${number!.id} FOR UPDATE`.execute(trx);
      await sql`UPDATE phone_numbers SET status = 'released', released_at = now() WHERE id = ${number!.id}`.execute(trx);
    });
    const adding = t.request('POST', `/v1/number-groups/${group.id}/memberships`, { key: org.key, body: { phone_number_id: number!.id } });
    try {
      await releasing.othersBlocked();
    } finally {
      await releasing.commit();
    }
    const refused = await adding;
    expect([refused.status, refused.body.code, refused.body.pointer]).toEqual([404, 'not_found', '/phone_number_id']);
    const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM number_group_memberships WHERE phone_number_id = ${number!.id}`.execute(
      t.dialtone.database.db,
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('another organization sees none of it and cannot add its numbers', async () => {
    const group = (await t.request('POST', '/v1/number-groups', { key: org.key, body: { name: 'Private' } })).body;
    const [mine] = await seedNumbers(t, org.orgId, 1);
    const membership = (await t.request('POST', `/v1/number-groups/${group.id}/memberships`, { key: org.key, body: { phone_number_id: mine!.id } })).body;
    const other = await t.newOrg();
    const [theirs] = await seedNumbers(t, other.orgId, 1);
    for (const [method, path] of [
      ['GET', `/v1/number-groups/${group.id}`],
      ['DELETE', `/v1/number-groups/${group.id}`],
      ['GET', `/v1/number-groups/${group.id}/memberships`],
      ['GET', `/v1/number-group-memberships/${membership.id}`],
      ['DELETE', `/v1/number-group-memberships/${membership.id}`],
    ] as const) {
      expect((await t.request(method, path, { key: other.key })).status, `${method} ${path}`).toBe(404);
    }
    const intoMine = await t.request('POST', `/v1/number-groups/${group.id}/memberships`, { key: other.key, body: { phone_number_id: theirs!.id } });
    expect(intoMine.status).toBe(404);
    const foreign = await t.request('POST', `/v1/number-groups/${group.id}/memberships`, { key: org.key, body: { phone_number_id: theirs!.id } });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'not_found']);
    expect((await t.request('GET', '/v1/number-groups', { key: other.key })).body.data).toEqual([]);
    const reader = await t.newOrg(['phone_numbers:read']);
    expect((await t.request('POST', '/v1/number-groups', { key: reader.key, body: { name: 'x' } })).status).toBe(403);
  });

  describe('lookups', () => {
    it('answers what the numbering data knows of any number', async () => {
      const res = await t.request('GET', '/v1/lookups/%2B5511987654321', { key: org.key });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        object: 'number_lookup',
        number: '+5511987654321',
        possible: true,
        valid: true,
        country: 'BR',
        country_calling_code: '55',
        national_number: '11987654321',
        national_format: '(11) 98765-4321',
        international_format: '+55 11 98765 4321',
        line_type: 'mobile',
        number_type: 'mobile',
        // The data names the area code's area here, not a city with its state: no city or region is made up.
        location: { description: 'São Paulo', city: null, region: null },
        time_zones: ['America/Sao_Paulo'],
        original_carrier: 'TIM',
        caller_name: null,
      });
      const noPlus = await t.request('GET', '/v1/lookups/14155552671', { key: org.key });
      expect(noPlus.body).toMatchObject({ number: '+14155552671', line_type: 'fixed_line_or_mobile', location: { city: 'San Francisco', region: 'CA' } });
    });

    it('places GB, DE, FR and AU numbers in their region, as number search describes them', async () => {
      const places: Array<[string, object]> = [
        ['%2B442079460000', { description: 'London', city: 'London', region: 'ENG' }],
        ['%2B49891234567', { description: 'Munich', city: 'München', region: 'BY' }],
        ['%2B33144556677', { region: 'IDF' }],
        ['%2B61731234567', { description: 'Brisbane', city: 'Brisbane', region: 'QLD' }],
        ['%2B442890123456', { description: 'Belfast', city: 'Belfast', region: 'NIR' }],
      ];
      for (const [number, location] of places) {
        const res = await t.request('GET', `/v1/lookups/${number}`, { key: org.key });
        expect(res.status, number).toBe(200);
        expect(res.body.location, number).toMatchObject(location);
      }
      for (const country of ['GB', 'DE', 'FR', 'AU']) {
        const offers = await t.request('GET', `/v1/available-phone-numbers?country=${country}&number_type=local&limit=5`, { key: org.key });
        expect(offers.body.data.length, country).toBe(5);
        for (const offer of offers.body.data as Array<{ number: string; city: string | null; region: string | null }>) {
          const lookup = await t.request('GET', `/v1/lookups/${encodeURIComponent(offer.number)}`, { key: org.key });
          expect(lookup.body.location, offer.number).toMatchObject({ city: offer.city, region: offer.region });
        }
      }
    });

    it("a US number's place is the numbering data's city and state", async () => {
      const res = await t.request('GET', '/v1/lookups/%2B12125551234', { key: org.key });
      expect(res.body).toMatchObject({
        country: 'US',
        location: { description: 'New York, NY', city: 'New York', region: 'NY' },
        time_zones: ['America/New_York'],
      });
    });

    it('refuses what is not a number', async () => {
      const letters = await t.request('GET', '/v1/lookups/abc', { key: org.key });
      expect(letters.status).toBe(400);
      const unknownCode = await t.request('GET', '/v1/lookups/%2B999123', { key: org.key });
      expect([unknownCode.status, unknownCode.body.code, unknownCode.body.parameter]).toEqual([400, 'invalid_phone_number', 'number']);
      expect((await t.request('GET', '/v1/lookups/%2B14155552671')).status).toBe(401);
    });
  });
});
