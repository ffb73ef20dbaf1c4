import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { describeEachDriver, type TestApp } from '../support/harness.js';
import { NumbersPlatformRepo } from '../../src/numbers/numbers.platform.repo.js';
import { accountSidOf } from '../../src/orgs/orgs.service.js';
import { basicAuth } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import type { SpecReply, SpecRequest } from '../support/carriers/spec-server.js';
import { FakeTelnyx, serverError, unauthorized, useTelnyxAccount } from '../support/carriers/fake-telnyx.js';

const MINUTE = 60_000;
const telnyxSpec = new SpecValidator('telnyx-phone-numbers');
const twilioSpec = new SpecValidator('twilio-api-v2010-phone-numbers');

/** Releases of numbers bought through a carrier: never half done, whatever the carrier answers. */
describeEachDriver('releasing a bought number', (driver) => {
  let app: TestApp;
  let fake: FakeTelnyx;
  let key: string;
  let orgId: string;
  let accountId: string;

  useTelnyxAccount(driver, (setup) => ({ app, fake, key, orgId, accountId } = setup));

  let nextNumber = 5_550_300;
  interface Bought {
    id: string;
    number: string;
    /** Telnyx's id of the number, and how many requests Telnyx had received when it sold it. */
    telnyx: { id: string; since: number };
  }

  /** A number bought through the Telnyx account. */
  async function buy(): Promise<Bought> {
    const number = `+1303${nextNumber++}`;
    fake.inventory.push(number);
    const order = await app.request('POST', '/v1/number-orders', { key, body: { phone_numbers: [number], carrier_account_id: accountId } });
    expect(order.body.status).toBe('complete');
    const telnyx = { id: fake.owned.get(number)!, since: fake.server.requests.length };
    return { id: order.body.phone_numbers[0].phone_number_id, number, telnyx };
  }

  /** Telnyx's answer to its next DELETEs, the other calls answered as usual. */
  const onDelete = (reply: (request: SpecRequest) => SpecReply) => (request: SpecRequest) =>
    request.operationId === 'DeletePhoneNumber' ? reply(request) : null;
  /** The DELETEs Telnyx received for a number since it sold it (the fake reuses the ids of numbers let go). */
  const deletes = ({ telnyx }: Bought) =>
    fake.server.requests.slice(telnyx.since).filter((r) => r.operationId === 'DeletePhoneNumber' && r.pathParams.id === telnyx.id).length;
  const release = (id: string) => app.request('DELETE', `/v1/phone-numbers/${id}`, { key });
  const read = async (id: string) => (await app.request('GET', `/v1/phone-numbers/${id}`, { key })).body;
  const row = (id: string) => app.dialtone.database.db.selectFrom('phone_numbers').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  /** Carrier down for a whole release: the lookup answers, the DELETE and its two retries fail. */
  const carrierDown = () => [() => null, ...Array.from({ length: 3 }, () => onDelete(() => serverError))];
  const numbers = () => app.dialtone.services.numbers;
  const releases = () => app.dialtone.services.releases;

  it('releases at the carrier once, then records the number released (200)', async () => {
    const bought = await buy();
    const { id, number } = bought;
    const res = await release(id);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, status: 'released' });
    expect(res.body.released_at).toBeTruthy();
    expect(deletes(bought)).toBe(1);
    expect(fake.owned.has(number)).toBe(false);
    expect(await row(id)).toMatchObject({ status: 'released', release_from: null, release_started_at: null, next_billing_date: null });

    // Again: the number is released already, and the carrier is not asked.
    const again = await release(id);
    expect([again.status, again.body.status]).toEqual([200, 'released']);
    expect(deletes(bought)).toBe(1);
  });

  it('concurrent DELETEs of one number call the carrier once and all answer released or under way', async () => {
    const bought = await buy();
    const { id, number } = bought;
    // A slow carrier, so the other DELETEs arrive while the first one's call is under way.
    fake.script = [() => null, onDelete((r) => ({ ...fake.answer(r), delayMs: 300 }))];
    const results = await Promise.all(Array.from({ length: 6 }, () => release(id)));
    expect(deletes(bought)).toBe(1);
    for (const res of results) {
      expect([200, 202]).toContain(res.status);
      expect(res.body.status).toBe(res.status === 200 ? 'released' : 'release_pending');
    }
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect((await read(id)).status).toBe('released');
    expect(fake.owned.has(number)).toBe(false);
  });

  it('a carrier without an answer leaves the number release_pending (202): held, not billed, not changed; the reconciler finishes it', async () => {
    const bought = await buy();
    const { id, number } = bought;
    fake.script = carrierDown();
    const res = await release(id);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ id, status: 'release_pending', released_at: null });
    expect(fake.owned.has(number)).toBe(true);
    expect(await row(id)).toMatchObject({ status: 'release_pending', release_from: 'active' });

    // Held: still listed, still found by the number, nobody else can take it.
    expect((await app.request('GET', `/v1/phone-numbers?status=release_pending`, { key })).body.data.map((n: any) => n.id)).toEqual([id]);
    expect((await app.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(number)}`, { key })).body.id).toBe(id);
    const other = await app.newOrg();
    expect((await app.request('POST', '/v1/phone-numbers', { key: other.key, body: { number } })).status).toBe(409);

    // Not changed, not assigned.
    const patched = await app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { friendly_name: 'x' } });
    expect([patched.status, patched.body.code]).toEqual([409, 'release_in_progress']);
    expect(patched.body.detail).toContain('being released');
    await expect(numbers().assign(orgId, id, 'agent_1')).rejects.toMatchObject({ code: 'release_in_progress' });

    // Not billed: its paid month ends, and renewals pass it by.
    await sql`UPDATE phone_numbers SET next_billing_date = now() - interval '1 day', auto_renew = true WHERE id = ${id}`.execute(app.dialtone.database.db);
    const billedBefore = (await app.request('GET', `/v1/phone-numbers/${id}/billing-records`, { key })).body.data.length;
    await app.dialtone.services.renewals.run(new Date());
    expect((await app.request('GET', `/v1/phone-numbers/${id}/billing-records`, { key })).body.data).toHaveLength(billedBefore);
    expect((await row(id)).status).toBe('release_pending');

    // Another DELETE says it is under way, without a carrier call (the first one tried three times).
    expect(deletes(bought)).toBe(3);
    const again = await release(id);
    expect([again.status, again.body.status]).toEqual([202, 'release_pending']);
    expect(deletes(bought)).toBe(3);

    // The reconciler leaves a recent release alone; later, with the carrier back, finishes it.
    await releases().reconcile(new Date());
    expect((await row(id)).status).toBe('release_pending');
    expect(deletes(bought)).toBe(3);
    expect(await releases().reconcile(new Date(Date.now() + 10 * MINUTE))).toBeGreaterThanOrEqual(1);
    expect(deletes(bought)).toBe(4);
    expect(fake.owned.has(number)).toBe(false);
    expect(await read(id)).toMatchObject({ status: 'released', renewal: { auto_renew: false, next_billing_date: null } });
  });

  it('a carrier that refuses the release puts the number back where it was, with the carrier error (502)', async () => {
    const { id, number } = await buy();
    expect((await app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { status: 'suspended' } })).body.status).toBe('suspended');
    fake.script = [() => null, onDelete(() => unauthorized)];
    const res = await release(id);
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'carrier_rejected', carrier: 'telnyx', carrier_status: 401 });
    expect(await row(id)).toMatchObject({ status: 'suspended', release_from: null, release_started_at: null, released_at: null });
    expect(fake.owned.has(number)).toBe(true);
    // It can be changed and released again.
    expect((await app.request('PATCH', `/v1/phone-numbers/${id}`, { key, body: { status: 'active' } })).status).toBe(200);
    expect((await release(id)).body.status).toBe('released');
  });

  it('after a crash between the carrier and the database, the reconciler finishes the release', async () => {
    const db = app.dialtone.database.db;
    const crashed = async (id: string) =>
      sql`UPDATE phone_numbers SET status = 'release_pending', release_from = 'active', release_started_at = now() - interval '10 minutes'
          WHERE id = ${id}`.execute(db);
    // Crashed before the carrier call: the carrier still has the number.
    const before = await buy();
    await crashed(before.id);
    // Crashed after the carrier let the number go: it answers that it does not have it.
    const after = await buy();
    await crashed(after.id);
    fake.owned.delete(after.number);

    expect(await releases().reconcile()).toBeGreaterThanOrEqual(2);
    for (const { id, number } of [before, after]) {
      expect(await row(id)).toMatchObject({ status: 'released', release_from: null });
      expect(fake.owned.has(number)).toBe(false);
    }
    expect(deletes(before)).toBe(1);
    // Telnyx no longer listed the other number: nothing to DELETE.
    expect(deletes(after)).toBe(0);
  });

  it('the reconciler puts back a release the carrier refuses, and keeps one the carrier still does not answer', async () => {
    const db = app.dialtone.database.db;
    const refused = await buy();
    const silent = await buy();
    for (const { id } of [refused, silent]) {
      await sql`UPDATE phone_numbers SET status = 'release_pending', release_from = 'active', release_started_at = now() - interval '10 minutes'
                WHERE id = ${id}`.execute(db);
    }
    // Oldest first: the refused one is asked first (lookup, DELETE), then the silent one.
    await sql`UPDATE phone_numbers SET release_started_at = release_started_at - interval '1 minute' WHERE id = ${refused.id}`.execute(db);
    fake.script = [() => null, onDelete(() => unauthorized), ...carrierDown()];
    const now = new Date();
    await releases().reconcile(now);
    expect((await row(refused.id)).status).toBe('active');
    const pending = await row(silent.id);
    expect(pending.status).toBe('release_pending');
    // Claimed at this run: the next run within the stale age leaves it alone.
    expect(pending.release_started_at!.getTime()).toBe(now.getTime());
    expect(deletes(silent)).toBe(3);
    await releases().reconcile(new Date(now.getTime() + MINUTE));
    expect(deletes(silent)).toBe(3);
    await releases().reconcile(new Date(now.getTime() + 10 * MINUTE));
    expect(deletes(silent)).toBe(4);
    expect((await row(silent.id)).status).toBe('released');
  });

  it('reconcilers running at once claim each pending release once', async () => {
    const bought = await buy();
    const { id, number } = bought;
    await sql`UPDATE phone_numbers SET status = 'release_pending', release_from = 'active', release_started_at = now() - interval '10 minutes'
              WHERE id = ${id}`.execute(app.dialtone.database.db);
    await Promise.all(Array.from({ length: 4 }, () => releases().reconcile()));
    expect(deletes(bought)).toBe(1);
    expect((await row(id)).status).toBe('released');
    expect(fake.owned.has(number)).toBe(false);
  });

  // One connection on the embedded database: a second claim would wait for the first to end.
  it.runIf(driver === 'postgres')('a release one process has claimed is skipped by the others, not waited for', async () => {
    const db = app.dialtone.database.db;
    const bought = await buy();
    await sql`UPDATE phone_numbers SET status = 'release_pending', release_from = 'active', release_started_at = now() - interval '10 minutes'
              WHERE id = ${bought.id}`.execute(db);
    const now = new Date();
    const cutoff = new Date(now.getTime() - 5 * MINUTE);
    await db.transaction().execute(async (trx) => {
      const mine = await new NumbersPlatformRepo(trx).claimStaleReleases(cutoff, now, 100);
      expect(mine.map((r) => r.id)).toContain(bought.id);
      const theirs = await new NumbersPlatformRepo(db).claimStaleReleases(cutoff, now, 100);
      expect(theirs.map((r) => r.id)).not.toContain(bought.id);
    });
    expect((await row(bought.id)).release_started_at!.getTime()).toBe(now.getTime());
    await releases().reconcile(new Date(now.getTime() + 10 * MINUTE));
    expect((await row(bought.id)).status).toBe('released');
  });

  it('provider surfaces answer a pending release as their documents say', async () => {
    // Telnyx: 200 with the number as deleted.
    const telnyx = await buy();
    const seq = (await row(telnyx.id)).seq;
    fake.script = carrierDown();
    const deleted = await app.request('DELETE', `/v2/phone_numbers/${seq}`, { key });
    expect(deleted.status).toBe(200);
    telnyxSpec.assert('/phone_numbers/{id}', 'delete', 200, deleted.body);
    expect(deleted.body.data.status).toBe('deleted');
    const got = await app.request('GET', `/v2/phone_numbers/${seq}`, { key });
    telnyxSpec.assert('/phone_numbers/{id}', 'get', 200, got.body);
    const listed = await app.request('GET', '/v2/phone_numbers?filter[status]=deleted', { key });
    expect(listed.body.data.map((n: any) => n.id)).toContain(String(seq));

    // Twilio: 204, and the number still in the account until the release is done.
    const accountSid = accountSidOf(orgId);
    const twilio = await buy();
    const sid = `PN${twilio.id.replace(/-/g, '')}`;
    const path = `/2010-04-01/Accounts/${accountSid}/IncomingPhoneNumbers/${sid}.json`;
    const basic = { authorization: basicAuth(accountSid, key) };
    fake.script = carrierDown();
    const removed = await app.request('DELETE', path, { headers: basic });
    expect([removed.status, removed.body]).toEqual([204, null]);
    const fetched = await app.request('GET', path, { headers: basic });
    expect(fetched.status).toBe(200);
    twilioSpec.assert('/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json', 'get', 200, fetched.body);
    expect(fetched.body.status).toBe('release_pending');

    expect(await releases().reconcile(new Date(Date.now() + 10 * MINUTE))).toBeGreaterThanOrEqual(2);
    expect((await app.request('GET', `/v2/phone_numbers/${seq}`, { key })).status).toBe(404);
    expect((await app.request('GET', path, { headers: basic })).status).toBe(404);
  });

  it('documents the pending case of the native DELETE', async () => {
    const doc = await app.request('GET', '/openapi.json');
    const operation = doc.body.paths['/v1/phone-numbers/{id}'].delete;
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '202', '409', '502']));
    expect(operation.description).toContain('release_pending');
  });
});
