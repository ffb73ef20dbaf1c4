import Telnyx from 'telnyx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshNumber, seedNumbers } from '../support/dialects/fixtures.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { SpecValidator } from '../support/dialects/specs.js';

const spec = new SpecValidator('telnyx-phone-numbers');
const VERIFY = '/phone_numbers/actions/verify_ownership';
const ENABLE = '/phone_numbers/{id}/actions/enable_emergency';

describeEachDriver('Telnyx v2: phone number actions (verify_ownership, enable_emergency)', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  const client = (key = org.key) => new Telnyx({ apiKey: key, baseURL: `${app.baseUrl}/v2`, maxRetries: 0 });

  describe('verify_ownership', () => {
    it('SDK: finds the numbers the organization holds, with their ids; not another’s, a released one, one no one holds, or what is no number', async () => {
      const [mine, second, released] = await seedNumbers(app, org.orgId, 3);
      await app.dialtone.services.releases.release(org.orgId, released!.id);
      const other = await app.newOrg();
      const [theirs] = await seedNumbers(app, other.orgId, 1);
      const nobodys = freshNumber();

      const given = [mine!.number, theirs!.number, second!.number, released!.number, nobodys, 'not a number'];
      const answer = await client().phoneNumbers.actions.verifyOwnership({ phone_numbers: given });
      expect(answer.data).toEqual({
        record_type: 'number_ownership_verification',
        found: [
          { id: String(mine!.seq), number_val_e164: mine!.number },
          { id: String(second!.seq), number_val_e164: second!.number },
        ],
        not_found: [theirs!.number, released!.number, nobodys, 'not a number'],
      });

      const raw = await app.request('POST', `/v2${VERIFY}`, { key: org.key, body: { phone_numbers: given } });
      expect(raw.status).toBe(200);
      spec.assert(VERIFY, 'post', 200, raw.body);

      // The other organization finds its own number, and not this one's.
      const theirAnswer = await client(other.key).phoneNumbers.actions.verifyOwnership({ phone_numbers: [mine!.number, theirs!.number] });
      expect(theirAnswer.data).toMatchObject({ found: [{ id: String(theirs!.seq), number_val_e164: theirs!.number }], not_found: [mine!.number] });
    });

    it('refuses an empty list or a body without phone_numbers with Telnyx’s 422 naming it; no key is a 401; a key without read scope a 403', async () => {
      for (const body of [{ phone_numbers: [] }, {}]) {
        const refused = await app.request('POST', `/v2${VERIFY}`, { key: org.key, body });
        expect(refused.status).toBe(422);
        spec.assert(VERIFY, 'post', 422, refused.body);
        expect(refused.body.errors[0].source).toEqual({ pointer: '/phone_numbers' });
      }
      expect((await app.request('POST', `/v2${VERIFY}`, { body: { phone_numbers: ['+14155552671'] } })).status).toBe(401);
      const writer = await app.newOrg(['phone_numbers:write']);
      const forbidden = await app.request('POST', `/v2${VERIFY}`, { key: writer.key, body: { phone_numbers: ['+14155552671'] } });
      expect(forbidden.status).toBe(403);
      expect(forbidden.body.errors[0]).toMatchObject({ code: '10010', title: 'Authorization failed' });
    });
  });

  describe('enable_emergency', () => {
    it('SDK: turns emergency calling on with the address, answered with the voice settings; one event and one audit record', async () => {
      const [record] = await seedNumbers(app, org.orgId, 1);
      const id = String(record!.seq);
      const auditOf = async () => (await app.request('GET', `/v1/audit-log?resource_id=${record!.id}`, { key: org.key })).body.data as unknown[];
      // The address must be one of the organization's (made before the audit records are counted).
      const address = await app.dialtone.services.addresses.create(org.orgId, {
        customer_name: 'Ada Lovelace',
        street: '1 Main St',
        city: 'New York',
        region: 'NY',
        postal_code: '10001',
        iso_country: 'US',
      });
      const addressId = address.id;
      const auditBefore = (await auditOf()).length;
      const answer = await client().phoneNumbers.actions.enableEmergency(id, { emergency_enabled: true, emergency_address_id: addressId });
      expect(answer.data).toMatchObject({
        id,
        record_type: 'voice_settings',
        phone_number: record!.number,
        emergency: { emergency_enabled: true, emergency_status: 'active', emergency_address_id: addressId },
      });

      const raw = await app.request('POST', `/v2/phone_numbers/${id}/actions/enable_emergency`, {
        key: org.key,
        body: { emergency_enabled: true, emergency_address_id: addressId },
      });
      expect(raw.status).toBe(200);
      spec.assert(ENABLE, 'post', 200, raw.body);

      // The same settings as every surface shows them; the repeat changed nothing, so it told nothing.
      const native = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(native.body.emergency).toEqual({ enabled: true, address_id: addressId, status: 'active' });
      const events = await app.request('GET', `/v1/events?resource_id=${record!.id}&type=phone_number.emergency_status_changed`, { key: org.key });
      expect(events.body.data.map((event: { surface: string }) => event.surface)).toEqual(['telnyx']);
      expect(await auditOf()).toHaveLength(auditBefore + 1);

      // emergency_enabled false turns it off again, through the same rules.
      const off = await client().phoneNumbers.actions.enableEmergency(id, { emergency_enabled: false, emergency_address_id: addressId });
      expect(off.data?.emergency).toMatchObject({ emergency_enabled: false, emergency_status: 'disabled' });
    });

    it('refuses a body without its required fields (422 naming it), another organization’s number (404), a released one (404), and a read-only key (403)', async () => {
      const [record, released] = await seedNumbers(app, org.orgId, 2);
      const path = (n: { seq: number }) => `/v2/phone_numbers/${n.seq}/actions/enable_emergency`;

      const missing = await app.request('POST', path(record!), { key: org.key, body: { emergency_enabled: true } });
      expect(missing.status).toBe(422);
      spec.assert(ENABLE, 'post', 422, missing.body);
      expect(missing.body.errors[0].source).toEqual({ pointer: '/emergency_address_id' });

      const other = await app.newOrg();
      const notTheirs = await app.request('POST', path(record!), { key: other.key, body: { emergency_enabled: true, emergency_address_id: '1' } });
      expect(notTheirs.status).toBe(404);
      spec.assert(ENABLE, 'post', 404, notTheirs.body);
      await expect(client(other.key).phoneNumbers.actions.enableEmergency(String(record!.seq), { emergency_enabled: true, emergency_address_id: '1' })).rejects.toMatchObject({
        status: 404,
      });

      await app.dialtone.services.releases.release(org.orgId, released!.id);
      const gone = await app.request('POST', path(released!), { key: org.key, body: { emergency_enabled: true, emergency_address_id: '1' } });
      expect(gone.status).toBe(404);

      const reader = await app.newOrg(['phone_numbers:read']);
      const [readersNumber] = await seedNumbers(app, reader.orgId, 1);
      const forbidden = await app.request('POST', path(readersNumber!), { key: reader.key, body: { emergency_enabled: true, emergency_address_id: '1' } });
      expect(forbidden.status).toBe(403);

      // Nothing refused was written.
      const native = await app.request('GET', `/v1/phone-numbers/${record!.id}`, { key: org.key });
      expect(native.body.emergency).toMatchObject({ enabled: false, address_id: null });
    });
  });
});
