import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';

const spec = new SpecValidator('signalwire-relay-phone-numbers');
const GROUPS = '/api/relay/rest/number_groups';
const GROUP = '/api/relay/rest/number_groups/{id}';
const MEMBERS = '/api/relay/rest/number_groups/{NumberGroupId}/number_group_memberships';
const MEMBERSHIP = '/api/relay/rest/number_group_memberships/{id}';
const LOOKUP = '/api/relay/rest/lookup/phone_number/{e164_number}';

describeEachDriver('SignalWire Relay REST: number groups and lookup', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  const auth = () => ({ authorization: basicAuth(org.orgId, org.key) });

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
  });
  afterAll(() => app.close());

  const createGroup = async (body: unknown, headers = auth()) => app.request('POST', GROUPS, { headers, body });

  it('creates, lists, retrieves, updates and deletes groups as documented', async () => {
    const created = await createGroup({ name: 'Relay sales' });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    spec.assert(GROUPS, 'post', 200, created.body);
    expect(created.body).toMatchObject({ name: 'Relay sales', sticky_sender: false, phone_number_count: 0 });
    const id = created.body.id;
    for (const name of ['Relay support', 'Other']) expect((await createGroup({ name, sticky_sender: true })).status).toBe(200);

    const first = await app.request('GET', `${GROUPS}?filter_name=RELAY&page_size=1`, { headers: auth() });
    expect(first.status).toBe(200);
    spec.assert(GROUPS, 'get', 200, first.body);
    expect(first.body.data.map((g: { name: string }) => g.name)).toEqual(['Relay support']);
    const next = await app.request('GET', first.body.links.next, { headers: auth() });
    spec.assert(GROUPS, 'get', 200, next.body);
    expect(next.body.data.map((g: { name: string }) => g.name)).toEqual(['Relay sales']);
    expect(next.body.links.next).toBeUndefined();
    const byPage = await app.request('GET', `${GROUPS}?filter_name=relay&page_size=1&page_number=1`, { headers: auth() });
    expect(byPage.body.data.map((g: { name: string }) => g.name)).toEqual(['Relay sales']);
    expect(byPage.body.links.prev).toBeDefined();

    const got = await app.request('GET', `${GROUPS}/${id}`, { headers: auth() });
    spec.assert(GROUP, 'get', 200, got.body);
    expect(got.body).toEqual(created.body);
    const updated = await app.request('PUT', `${GROUPS}/${id}`, { headers: auth(), body: { name: 'Renamed', sticky_sender: true } });
    expect(updated.status).toBe(200);
    spec.assert(GROUP, 'put', 200, updated.body);
    expect(updated.body).toMatchObject({ id, name: 'Renamed', sticky_sender: true });

    const deleted = await app.request('DELETE', `${GROUPS}/${id}`, { headers: auth() });
    expect(deleted.status).toBe(204);
    const gone = await app.request('GET', `${GROUPS}/${id}`, { headers: auth() });
    expect(gone.status).toBe(404);
    spec.assert(GROUP, 'get', 404, gone.body);
  });

  it('adds, lists, retrieves and removes memberships; a released number leaves its groups', async () => {
    const group = (await createGroup({ name: 'Members' })).body;
    const numbers = await seedNumbers(app, org.orgId, 3, { friendly_name: 'Line', capabilities: ['voice', 'sms', 'whatsapp'] });
    const path = `${GROUPS}/${group.id}/number_group_memberships`;
    const memberships = [];
    for (const number of numbers) {
      const added = await app.request('POST', path, { headers: auth(), body: { phone_number_id: number.id } });
      expect(added.status, JSON.stringify(added.body)).toBe(200);
      spec.assert(MEMBERS, 'post', 200, added.body);
      expect(added.body).toMatchObject({
        number_group_id: group.id,
        phone_number: { id: number.id, number: number.number, name: 'Line', capabilities: ['voice', 'sms'] },
      });
      memberships.push(added.body);
    }
    const twice = await app.request('POST', path, { headers: auth(), body: { phone_number_id: numbers[0]!.id } });
    expect(twice.status).toBe(422);
    spec.assert(MEMBERS, 'post', 422, twice.body);

    const listed = await app.request('GET', `${path}?page_size=2`, { headers: auth() });
    expect(listed.status).toBe(200);
    spec.assert(MEMBERS, 'get', 200, listed.body);
    expect(listed.body.data).toHaveLength(2);
    const rest = await app.request('GET', listed.body.links.next, { headers: auth() });
    expect([...listed.body.data, ...rest.body.data].map((m: { id: string }) => m.id).sort()).toEqual(memberships.map((m) => m.id).sort());
    expect((await app.request('GET', `${GROUPS}/${group.id}`, { headers: auth() })).body.phone_number_count).toBe(3);

    const one = await app.request('GET', `/api/relay/rest/number_group_memberships/${memberships[1].id}`, { headers: auth() });
    expect(one.status).toBe(200);
    spec.assert(MEMBERSHIP, 'get', 200, one.body);
    expect(one.body).toEqual(memberships[1]);
    const removed = await app.request('DELETE', `/api/relay/rest/number_group_memberships/${memberships[1].id}`, { headers: auth() });
    expect(removed.status).toBe(204);
    const removedAgain = await app.request('GET', `/api/relay/rest/number_group_memberships/${memberships[1].id}`, { headers: auth() });
    expect(removedAgain.status).toBe(404);
    spec.assert(MEMBERSHIP, 'get', 404, removedAgain.body);

    // Released through the Relay surface itself: the membership is no longer anywhere to be seen.
    expect((await app.request('DELETE', `/api/relay/rest/phone_numbers/${numbers[0]!.id}`, { headers: auth() })).status).toBe(204);
    const after = await app.request('GET', path, { headers: auth() });
    expect(after.body.data.map((m: { id: string }) => m.id)).toEqual([memberships[2].id]);
    expect((await app.request('GET', `${GROUPS}/${group.id}`, { headers: auth() })).body.phone_number_count).toBe(1);
    expect((await app.request('GET', `/api/relay/rest/number_group_memberships/${memberships[0].id}`, { headers: auth() })).status).toBe(404);
    const releasedAdd = await app.request('POST', path, { headers: auth(), body: { phone_number_id: numbers[0]!.id } });
    expect(releasedAdd.status).toBe(404);
    spec.assert(MEMBERS, 'post', 404, releasedAdd.body);

    // Deleting the group takes its memberships with it; the numbers stay.
    expect((await app.request('DELETE', `${GROUPS}/${group.id}`, { headers: auth() })).status).toBe(204);
    expect((await app.request('GET', `/api/relay/rest/number_group_memberships/${memberships[2].id}`, { headers: auth() })).status).toBe(404);
    expect((await app.request('GET', `/api/relay/rest/phone_numbers/${numbers[2]!.id}`, { headers: auth() })).status).toBe(200);
  });

  it('keeps groups to their project: another project gets 404 and cannot add its numbers', async () => {
    const group = (await createGroup({ name: 'Mine' })).body;
    const [mine] = await seedNumbers(app, org.orgId, 1);
    const membership = (await app.request('POST', `${GROUPS}/${group.id}/number_group_memberships`, { headers: auth(), body: { phone_number_id: mine!.id } })).body;
    const other = await app.newOrg();
    const theirs = { authorization: basicAuth(other.orgId, other.key) };
    const [foreign] = await seedNumbers(app, other.orgId, 1);

    for (const [method, path, spath] of [
      ['GET', `${GROUPS}/${group.id}`, GROUP],
      ['PUT', `${GROUPS}/${group.id}`, GROUP],
      ['DELETE', `${GROUPS}/${group.id}`, GROUP],
      ['GET', `${GROUPS}/${group.id}/number_group_memberships`, MEMBERS],
      ['POST', `${GROUPS}/${group.id}/number_group_memberships`, MEMBERS],
      ['GET', `/api/relay/rest/number_group_memberships/${membership.id}`, MEMBERSHIP],
      ['DELETE', `/api/relay/rest/number_group_memberships/${membership.id}`, MEMBERSHIP],
    ] as const) {
      const body = method === 'PUT' ? { name: 'x' } : method === 'POST' ? { phone_number_id: foreign!.id } : undefined;
      const answer = await app.request(method, path, { headers: theirs, body });
      expect(answer.status, `${method} ${path}`).toBe(404);
      spec.assert(spath, method.toLowerCase(), 404, answer.body);
    }
    expect((await app.request('GET', GROUPS, { headers: theirs })).body.data).toEqual([]);
    // Their number in my group: not found, as if it did not exist.
    const foreignAdd = await app.request('POST', `${GROUPS}/${group.id}/number_group_memberships`, { headers: auth(), body: { phone_number_id: foreign!.id } });
    expect(foreignAdd.status).toBe(404);
    spec.assert(MEMBERS, 'post', 404, foreignAdd.body);
    expect((await app.request('GET', `${GROUPS}/${group.id}`, { headers: auth() })).body.phone_number_count).toBe(1);
  });

  it('refuses bad input in SignalWire shape', async () => {
    const noName = await createGroup({ sticky_sender: true });
    expect(noName.status).toBe(422);
    spec.assert(GROUPS, 'post', 422, noName.body);
    const blank = await createGroup({ name: '   ' });
    expect(blank.status).toBe(422);
    spec.assert(GROUPS, 'post', 422, blank.body);
    const extra = await createGroup({ name: 'x', colour: 'red' });
    expect(extra.status).toBe(422);
    const group = (await createGroup({ name: 'Input' })).body;
    const putWithoutName = await app.request('PUT', `${GROUPS}/${group.id}`, { headers: auth(), body: { sticky_sender: true } });
    expect(putWithoutName.status).toBe(422);
    spec.assert(GROUP, 'put', 422, putWithoutName.body);
    const badId = await app.request('POST', `${GROUPS}/${group.id}/number_group_memberships`, { headers: auth(), body: { phone_number_id: 'not-a-uuid' } });
    expect(badId.status).toBe(422);
    spec.assert(MEMBERS, 'post', 422, badId.body);
    const malformed = await app.request('GET', `${GROUPS}/not-a-uuid`, { headers: auth() });
    expect(malformed.status).toBe(404);
    spec.assert(GROUP, 'get', 404, malformed.body);
    const tooBig = await app.request('GET', `${GROUPS}?page_size=1001`, { headers: auth() });
    expect(tooBig.status).toBe(400);
    const forged = await app.request('GET', `${GROUPS}?page_token=forged`, { headers: auth() });
    expect([forged.status, forged.body]).toEqual([400, { error: 'Bad Request' }]);
    const anonymous = await app.request('GET', GROUPS);
    expect(anonymous.status).toBe(401);
    spec.assert(GROUPS, 'get', 401, anonymous.body);
    const reader = await app.newOrg(['phone_numbers:read']);
    const refused = await createGroup({ name: 'x' }, { authorization: basicAuth(reader.orgId, reader.key) });
    expect(refused.status).toBe(403);
  });

  it('records membership changes as changes of the group, in the audit log', async () => {
    const group = (await createGroup({ name: 'Audited' })).body;
    const [number] = await seedNumbers(app, org.orgId, 1);
    const added = await app.request('POST', `${GROUPS}/${group.id}/number_group_memberships`, { headers: auth(), body: { phone_number_id: number!.id } });
    await app.request('DELETE', `/api/relay/rest/number_group_memberships/${added.body.id}`, { headers: auth() });
    const log = await app.request('GET', `/v1/audit-log?resource_id=${group.id}`, { key: org.key });
    expect(log.status).toBe(200);
    const actions = log.body.data.map((r: { action: string; surface: string; phone_number: string | null; resource: unknown }) => [r.action, r.surface, r.phone_number]);
    expect(actions).toEqual(
      expect.arrayContaining([
        ['number_group.created', 'signalwire-relay', null],
        ['number_group.member_added', 'signalwire-relay', number!.number],
        ['number_group.member_removed', 'signalwire-relay', number!.number],
      ]),
    );
    // The number itself did not change: no event of it beyond its import.
    const events = await app.request('GET', `/v1/events?phone_number=${encodeURIComponent(number!.number)}`, { key: org.key });
    expect(events.status).toBe(200);
    expect(events.body.data.map((e: { type: string }) => e.type)).toEqual(['phone_number.imported']);
  });

  describe('lookup', () => {
    it('answers type, formats, location and time zones from the numbering data', async () => {
      const res = await app.request('GET', '/api/relay/rest/lookup/phone_number/%2B14155552671', { headers: auth() });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      spec.assert(LOOKUP, 'get', 200, res.body);
      expect(res.body).toEqual({
        country_code_number: 1,
        national_number: '4155552671',
        possible_number: true,
        valid_number: true,
        national_number_formatted: '(415) 555-2671',
        international_number_formatted: '+1 415 555 2671',
        e164: '+14155552671',
        location: 'San Francisco, CA',
        country_code: 'US',
        timezones: ['America/Los_Angeles'],
        number_type: 'Fixed Line or Mobile',
      });
    });

    it('include=carrier,cnam adds what is known of the carrier, and no caller name', async () => {
      const res = await app.request('GET', '/api/relay/rest/lookup/phone_number/+447400123456?include=carrier,cnam', { headers: auth() });
      expect(res.status).toBe(200);
      spec.assert(LOOKUP, 'get', 200, res.body);
      expect(res.body).toMatchObject({ country_code: 'GB', number_type: 'Mobile', carrier: { lec: 'Three', linetype: 'wireless' }, cnam: {} });
      expect(res.body.location).toBeUndefined();
      const us = await app.request('GET', '/api/relay/rest/lookup/phone_number/+12125551234?include=carrier', { headers: auth() });
      spec.assert(LOOKUP, 'get', 200, us.body);
      expect(us.body.carrier).toEqual({ city: 'New York', state: 'NY' });
      expect(us.body.cnam).toBeUndefined();
      const gb = await app.request('GET', '/api/relay/rest/lookup/phone_number/+442079460000?include=carrier', { headers: auth() });
      spec.assert(LOOKUP, 'get', 200, gb.body);
      expect(gb.body).toMatchObject({ location: 'London', carrier: { city: 'London', state: 'ENG' } });
    });

    it('an invalid but possible number is valid_number false; what no plan has is 404; bad include is 400', async () => {
      const invalid = await app.request('GET', '/api/relay/rest/lookup/phone_number/+15551234567', { headers: auth() });
      expect(invalid.status).toBe(200);
      spec.assert(LOOKUP, 'get', 200, invalid.body);
      expect(invalid.body).toMatchObject({ possible_number: true, valid_number: false, e164: '+15551234567' });
      expect(invalid.body.number_type).toBeUndefined();
      for (const path of ['abc', '+999123', '+1']) {
        const res = await app.request('GET', `/api/relay/rest/lookup/phone_number/${encodeURIComponent(path)}`, { headers: auth() });
        expect(res.status, path).toBe(404);
        spec.assert(LOOKUP, 'get', 404, res.body);
      }
      const badInclude = await app.request('GET', '/api/relay/rest/lookup/phone_number/+14155552671?include=everything', { headers: auth() });
      expect([badInclude.status, badInclude.body]).toEqual([400, { error: 'Bad Request' }]);
      const anonymous = await app.request('GET', '/api/relay/rest/lookup/phone_number/+14155552671');
      expect(anonymous.status).toBe(401);
      spec.assert(LOOKUP, 'get', 401, anonymous.body);
    });
  });
});
