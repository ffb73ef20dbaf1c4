import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { basicAuth, freshNumber, seedNumbers } from '../support/dialects/fixtures.js';
import { SpecValidator } from '../support/dialects/specs.js';
import { seedAddress } from '../support/addresses-fixture.js';

const spec = new SpecValidator('signalwire-relay-phone-numbers');
const LIST = '/api/relay/rest/phone_numbers';
const ONE = '/api/relay/rest/phone_numbers/{id}';

describeEachDriver('SignalWire Relay REST dialect', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  const auth = () => ({ authorization: basicAuth(org.orgId, org.key) });

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    await seedNumbers(app, org.orgId, 5, { friendly_name: 'Relay line', capabilities: ['voice', 'sms', 'whatsapp'] });
  });
  afterAll(() => app.close());

  const put = async (id: string, body: unknown) => app.request('PUT', `${LIST}/${id}`, { headers: auth(), body });

  it('lists with page_size, page_token links and filters', async () => {
    const first = await app.request('GET', `${LIST}?page_size=2&filter_name=relay`, { headers: auth() });
    expect(first.status).toBe(200);
    spec.assert(LIST, 'get', 200, first.body);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.links.prev).toBeUndefined();
    const seen = new Set(first.body.data.map((n: { id: string }) => n.id));
    let next: string | undefined = first.body.links.next;
    while (next) {
      const page = await app.request('GET', next, { headers: auth() });
      spec.assert(LIST, 'get', 200, page.body);
      page.body.data.forEach((n: { id: string }) => seen.add(n.id));
      expect(page.body.links.prev).toBeDefined();
      next = page.body.links.next;
    }
    expect(seen.size).toBe(5);
    const byNumber = await app.request('GET', `${LIST}?filter_number=${encodeURIComponent(first.body.data[0].number)}`, { headers: auth() });
    expect(byNumber.body.data.map((n: { id: string }) => n.id)).toEqual([first.body.data[0].id]);
  });

  it('retrieves and releases (204), then the number is gone', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const got = await app.request('GET', `${LIST}/${record!.id}`, { headers: auth() });
    expect(got.status).toBe(200);
    spec.assert(ONE, 'get', 200, got.body);
    expect(got.body).toMatchObject({ id: record!.id, number: record!.number, call_handler: null, number_type: 'longcode' });
    const deleted = await app.request('DELETE', `${LIST}/${record!.id}`, { headers: auth() });
    expect(deleted.status).toBe(204);
    const again = await app.request('GET', `${LIST}/${record!.id}`, { headers: auth() });
    expect(again.status).toBe(404);
    spec.assert(ONE, 'get', 404, again.body);
  });

  describe('PUT maps every handler field onto the routing model', () => {
    let id: string;
    beforeAll(async () => {
      id = (await seedNumbers(app, org.orgId, 1))[0]!.id;
    });

    it('laml_webhooks', async () => {
      const body = {
        name: 'Sales',
        call_handler: 'laml_webhooks',
        call_request_url: 'https://example.com/voice',
        call_request_method: 'GET',
        call_fallback_url: 'https://example.com/fallback',
        call_status_callback_url: 'https://example.com/status',
        call_receive_mode: 'fax',
      };
      const res = await put(id, body);
      expect(res.status).toBe(200);
      spec.assert(ONE, 'put', 200, res.body);
      // Every field sent reads back as sent.
      expect(res.body).toMatchObject(body);
      const native = await app.request('GET', `/v1/phone-numbers/${id}`, { key: org.key });
      expect(native.body.voice).toMatchObject({ handler: 'webhook', url: 'https://example.com/voice', receive_mode: 'fax' });
    });

    it('partial updates sent at once all land', async () => {
      const [fresh] = await seedNumbers(app, org.orgId, 1);
      expect((await put(fresh!.id, { call_handler: 'laml_webhooks', call_request_url: 'https://example.com/start' })).status).toBe(200);
      const fields = {
        call_request_url: 'https://example.com/voice',
        call_request_method: 'GET',
        call_fallback_url: 'https://example.com/fallback',
        call_fallback_method: 'GET',
        call_status_callback_url: 'https://example.com/status',
        call_receive_mode: 'fax',
        name: 'Concurrent',
      };
      const answers = await Promise.all(Object.entries(fields).map(([field, value]) => put(fresh!.id, { [field]: value })));
      expect(answers.map((a) => a.status)).toEqual(Object.keys(fields).map(() => 200));
      const after = await app.request('GET', `${LIST}/${fresh!.id}`, { headers: auth() });
      expect(after.body).toMatchObject({ call_handler: 'laml_webhooks', ...fields });
    });

    it('relay_topic: call_relay_application wins over call_relay_topic', async () => {
      const res = await put(id, {
        call_handler: 'relay_topic',
        call_relay_topic: 'office',
        call_relay_application: 'winner',
        call_relay_topic_status_callback_url: 'https://example.com/relay-status',
      });
      spec.assert(ONE, 'put', 200, res.body);
      expect(res.body).toMatchObject({
        call_handler: 'relay_topic',
        call_relay_topic: 'winner',
        call_relay_application: 'winner',
        call_relay_topic_status_callback_url: 'https://example.com/relay-status',
      });
    });

    it('relay_context: the deprecated aliases still work', async () => {
      const res = await put(id, {
        call_handler: 'relay_context',
        call_relay_context: 'legacy',
        call_relay_context_status_callback_url: 'https://example.com/legacy',
      });
      expect(res.body).toMatchObject({ call_handler: 'relay_context', call_relay_context: 'legacy', call_relay_topic_status_callback_url: 'https://example.com/legacy' });
    });

    it('target handlers: sip endpoint, video room, dialogflow, laml application, connector, verto, script', async () => {
      const uuid = 'fe4093d9-58c2-4931-b4b9-5679f82652c6';
      const cases: Array<[Record<string, string>, Record<string, string>]> = [
        [{ call_handler: 'relay_sip_endpoint', call_sip_endpoint_id: uuid }, { call_sip_endpoint_id: uuid }],
        [{ call_handler: 'video_room', call_video_room_id: uuid }, { call_video_room_id: uuid }],
        [{ call_handler: 'dialogflow', call_dialogflow_agent_id: 'df-1' }, { call_dialogflow_agent_id: 'df-1' }],
        [{ call_handler: 'laml_application', call_laml_application_id: 'app-1' }, { call_laml_application_id: 'app-1' }],
        [{ call_handler: 'relay_connector', call_relay_connector_id: 'conn-1' }, { call_relay_connector_id: 'conn-1' }],
        [{ call_handler: 'relay_verto_endpoint', call_verto_resource: 'verto-1' }, { call_verto_resource: 'verto-1' }],
        [{ call_handler: 'relay_script', call_relay_script_url: 'https://example.com/script' }, { call_relay_script_url: 'https://example.com/script' }],
      ];
      for (const [body, expected] of cases) {
        const res = await put(id, body);
        expect(res.status, JSON.stringify(res.body)).toBe(200);
        spec.assert(ONE, 'put', 200, res.body);
        expect(res.body).toMatchObject({ call_handler: body.call_handler, ...expected });
      }
    });

    it('message handlers with message_relay_application precedence', async () => {
      const res = await put(id, { message_handler: 'relay_context', message_relay_context: 'old', message_relay_application: 'new' });
      spec.assert(ONE, 'put', 200, res.body);
      expect(res.body).toMatchObject({ message_handler: 'relay_context', message_relay_context: 'new' });
      const hook = await put(id, { message_handler: 'laml_webhooks', message_request_url: 'https://example.com/sms', message_request_method: 'GET' });
      expect(hook.body).toMatchObject({ message_handler: 'laml_webhooks', message_request_url: 'https://example.com/sms', message_request_method: 'GET' });
    });

    it('null, as the documented examples send it, clears a field like ""', async () => {
      const set = await put(id, { call_handler: 'laml_application', call_laml_application_id: 'app-9', call_request_url: 'https://example.com/v' });
      expect(set.body).toMatchObject({ call_laml_application_id: 'app-9', call_request_url: 'https://example.com/v' });
      const cleared = await put(id, {
        call_handler: 'relay_topic',
        call_relay_topic: 'office',
        call_laml_application_id: null,
        call_request_url: null,
        call_dialogflow_agent_id: null,
        message_laml_application_id: null,
      });
      expect(cleared.status, JSON.stringify(cleared.body)).toBe(200);
      spec.assert(ONE, 'put', 200, cleared.body);
      expect(cleared.body).toMatchObject({ call_handler: 'relay_topic', call_relay_topic: 'office', call_laml_application_id: null, call_request_url: null });
    });

    it('a handler without its target is refused with 422', async () => {
      const res = await put(id, { call_handler: 'dialogflow' });
      expect(res.status).toBe(422);
      spec.assert(ONE, 'put', 422, res.body);
    });
  });

  it('imports a number hosted elsewhere and sets and removes its E911 address', async () => {
    const number = freshNumber();
    const imported = await app.request('POST', '/api/relay/rest/imported_phone_numbers', {
      headers: auth(),
      body: { number, number_type: 'longcode', capabilities: ['voice', 'sms'] },
    });
    expect(imported.status, JSON.stringify(imported.body)).toBe(201);
    spec.assert('/api/relay/rest/imported_phone_numbers', 'post', 201, imported.body);
    expect(imported.body).toMatchObject({ number, capabilities: ['voice', 'sms'] });
    const { id: address } = await seedAddress(app, org.orgId);
    const e911 = `${LIST}/${imported.body.id}/e911_address`;
    const assigned = await app.request('POST', e911, { headers: auth(), body: { e911_address_id: address } });
    expect(assigned.status).toBe(200);
    spec.assert('/api/relay/rest/phone_numbers/{id}/e911_address', 'post', 200, assigned.body);
    expect(assigned.body).toMatchObject({ e911_address_id: address, e911_status: 'active' });
    const removed = await app.request('DELETE', e911, { headers: auth() });
    spec.assert('/api/relay/rest/phone_numbers/{id}/e911_address', 'delete', 200, removed.body);
    expect(removed.body).toMatchObject({ e911_address_id: null });
    const duplicate = await app.request('POST', '/api/relay/rest/imported_phone_numbers', {
      headers: auth(),
      body: { number, number_type: 'longcode' },
    });
    expect(duplicate.status).toBe(422);
    spec.assert('/api/relay/rest/imported_phone_numbers', 'post', 422, duplicate.body);
  });

  it('searches the carrier inventory and buys a number', async () => {
    const search = await app.request('GET', `${LIST}/search?areacode=415&max_results=3`, { headers: auth() });
    expect(search.status, JSON.stringify(search.body)).toBe(200);
    spec.assert('/api/relay/rest/phone_numbers/search', 'get', 200, search.body);
    expect(search.body.data.length).toBeGreaterThan(0);
    const number = search.body.data[0].number;
    const bought = await app.request('POST', LIST, { headers: auth(), body: { number } });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    spec.assert(LIST, 'post', 200, bought.body);
    expect(bought.body.number).toBe(number);
    const again = await app.request('POST', LIST, { headers: auth(), body: { number } });
    expect(again.status).toBe(422);
    spec.assert(LIST, 'post', 422, again.body);
    // A region narrows an area code: 415 numbers in California.
    const narrowed = await app.request('GET', `${LIST}/search?areacode=415&region=CA&max_results=3`, { headers: auth() });
    expect(narrowed.status, JSON.stringify(narrowed.body)).toBe(200);
    spec.assert('/api/relay/rest/phone_numbers/search', 'get', 200, narrowed.body);
    expect(narrowed.body.data.length).toBeGreaterThan(0);
    for (const offered of narrowed.body.data) expect(offered).toMatchObject({ number: expect.stringMatching(/^\+1415/), region: 'CA' });
    const reader = await app.newOrg(['phone_numbers:read']);
    const refused = await app.request('POST', LIST, { headers: { authorization: basicAuth(reader.orgId, reader.key) }, body: { number } });
    expect(refused.status).toBe(403);
  });

  it('errors: credentials, unknown parameters and fields, malformed ids, other projects', async () => {
    const anonymous = await app.request('GET', LIST);
    expect(anonymous.status).toBe(401);
    spec.assert(LIST, 'get', 401, anonymous.body);
    const wrongProject = await app.request('GET', LIST, { headers: { authorization: basicAuth(crypto.randomUUID(), org.key) } });
    expect(wrongProject.status).toBe(401);
    const unknown = await app.request('GET', `${LIST}?colour=red`, { headers: auth() });
    expect(unknown.status).toBe(400);
    spec.assert(LIST, 'get', 400, unknown.body);
    const tooBig = await app.request('GET', `${LIST}?page_size=1001`, { headers: auth() });
    expect(tooBig.status).toBe(400);
    const forged = await app.request('GET', `${LIST}?page_token=forged`, { headers: auth() });
    expect(forged.status).toBe(400);
    spec.assert(LIST, 'get', 400, forged.body);
    // No number can be at a path that is not a uuid: not found, as an unknown path.
    const malformed = await app.request('GET', `${LIST}/not-a-uuid`, { headers: auth() });
    expect(malformed.status).toBe(404);
    spec.assert(ONE, 'get', 404, malformed.body);
    const [record] = await seedNumbers(app, org.orgId, 1);
    const badField = await put(record!.id, { colour: 'red' });
    expect(badField.status).toBe(422);
    spec.assert(ONE, 'put', 422, badField.body);
    const other = await app.newOrg();
    const theirs = await app.request('GET', `${LIST}/${record!.id}`, { headers: { authorization: basicAuth(other.orgId, other.key) } });
    expect(theirs.status).toBe(404);
    spec.assert(ONE, 'get', 404, theirs.body);
    const locked = (await seedNumbers(app, org.orgId, 1, { deletion_lock_enabled: true }))[0]!;
    const refused = await app.request('DELETE', `${LIST}/${locked.id}`, { headers: auth() });
    expect(refused.status).toBe(422);
    spec.assert(ONE, 'delete', 422, refused.body);
  });
});
