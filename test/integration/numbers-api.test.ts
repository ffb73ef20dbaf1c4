import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedAddress } from '../support/addresses-fixture.js';
import { validNumbers } from '../support/numbers-fixture.js';

describeEachDriver('/v1/phone-numbers: writes, reads, errors and security', (driver) => {
  let t: TestApp;
  let key: string;
  let orgId: string;
  const numbers = validNumbers(12, 7);

  beforeAll(async () => {
    // Setting a port-out PIN needs the key that seals it.
    t = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
    ({ key, orgId } = await t.newOrg());
  });
  afterAll(() => t.close());

  it('imports a number typed the way people type it, normalized and typed from the numbering plan', async () => {
    const res = await t.request('POST', '/v1/phone-numbers', {
      key,
      body: { number: '+1 (415) 555-2671', friendly_name: 'Support', tags: ['support'], capabilities: ['voice', 'sms'] },
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`/v1/phone-numbers/${res.body.id}`);
    expect(res.body).toMatchObject({
      object: 'phone_number',
      number: '+14155552671',
      country: 'US',
      number_type: 'local',
      national_format: '(415) 555-2671',
      international_format: '+1 415 555 2671',
      status: 'active',
      source: 'imported',
      carrier: 'byoc',
      capabilities: ['voice', 'sms'],
      assignment: { status: 'free', agent_id: null },
      external_pin_set: false,
    });
    const intl = await t.request('POST', '/v1/phone-numbers', { key, body: { number: '0044 20 7183 8750' } });
    expect(intl.body).toMatchObject({ number: '+442071838750', country: 'GB', number_type: 'local' });
    const national = await t.request('POST', '/v1/phone-numbers', { key, body: { number: '0800 3301000', country: 'DE' } });
    expect(national.status).toBe(201);
    expect(national.body).toMatchObject({ number: '+498003301000', number_type: 'toll_free', country: 'DE' });
  });

  it('rejects what is not a dialable number, saying why', async () => {
    for (const number of ['+1555123', 'call me', '415 555 2671', '+999 1234 5678']) {
      const res = await t.request('POST', '/v1/phone-numbers', { key, body: { number } });
      expect(res.status, number).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body).toMatchObject({ code: 'invalid_phone_number', pointer: '/number', status: 400 });
      expect(res.body.detail).toBeTruthy();
    }
  });

  it('lets one organization hold a number at a time; a released number can be taken again', async () => {
    const other = await t.newOrg();
    const first = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[0] } });
    expect(first.status).toBe(201);
    const again = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[0] } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('number_already_held');
    const elsewhere = await t.request('POST', '/v1/phone-numbers', { key: other.key, body: { number: numbers[0] } });
    expect(elsewhere.status).toBe(409);

    const released = await t.request('DELETE', `/v1/phone-numbers/${first.body.id}`, { key });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ status: 'released' });
    expect(released.body.released_at).toBeTruthy();
    const taken = await t.request('POST', '/v1/phone-numbers', { key: other.key, body: { number: numbers[0] } });
    expect(taken.status).toBe(201);
    // The history stays readable to its organization, and out of the default list.
    const history = await t.request('GET', `/v1/phone-numbers/${first.body.id}`, { key });
    expect(history.body.status).toBe('released');
    const listed = await t.request('GET', `/v1/phone-numbers?number_contains=${numbers[0]!.slice(1)}`, { key });
    expect(listed.body.data).toHaveLength(0);
    const asked = await t.request('GET', `/v1/phone-numbers?status=released&number_contains=${numbers[0]!.slice(1)}`, { key });
    expect(asked.body.data.map((n: { id: string }) => n.id)).toEqual([first.body.id]);
  });

  it('updates only the fields sent, and never returns the external PIN', async () => {
    const address = await seedAddress(t, orgId);
    const created = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[1], tags: ['a'] } });
    const res = await t.request('PATCH', `/v1/phone-numbers/${created.body.id}`, {
      key,
      body: {
        friendly_name: 'Sales',
        external_pin: 'PinQZX42',
        features: { call_recording: true, inbound_call_screening: 'flag_calls' },
        voice: { handler: 'webhook', url: 'https://example.com/voice', method: 'POST' },
        messaging: { handler: 'application', target: 'app-7' },
        assignment: { agent_id: 'agent_42' },
        emergency: { enabled: true, address_id: address.id },
        renewal: { auto_renew: false },
      },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      friendly_name: 'Sales',
      tags: ['a'],
      external_pin_set: true,
      features: { call_recording: true, inbound_call_screening: 'flag_calls', hd_voice: false },
      voice: { handler: 'webhook', url: 'https://example.com/voice', method: 'POST' },
      messaging: { handler: 'application', target: 'app-7' },
      assignment: { status: 'assigned', agent_id: 'agent_42' },
      emergency: { enabled: true, address_id: address.id, status: 'active' },
      renewal: { auto_renew: false },
    });
    expect(JSON.stringify(res.body)).not.toContain('PinQZX42');
    const freed = await t.request('PATCH', `/v1/phone-numbers/${created.body.id}`, { key, body: { assignment: { agent_id: null } } });
    expect(freed.body.assignment).toEqual({ status: 'free', agent_id: null, assigned_at: null });
  });

  it('enforces the rules of a change: lifecycle, emergency address, complete routing', async () => {
    const { body: n } = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[2] } });
    const patch = (body: unknown) => t.request('PATCH', `/v1/phone-numbers/${n.id}`, { key, body });

    const suspended = await patch({ status: 'suspended' });
    expect(suspended.body.status).toBe('suspended');
    const toPortPending = await patch({ status: 'port_pending' });
    expect(toPortPending.status).toBe(409);
    expect(toPortPending.body).toMatchObject({ code: 'invalid_status_transition', from: 'suspended', to: 'port_pending' });
    expect(toPortPending.body.detail).toContain('allowed from suspended: active, released');
    expect((await patch({ status: 'active' })).body.status).toBe('active');

    const released = await patch({ status: 'released' });
    expect(released.status).toBe(400);
    expect(released.body.pointer).toBe('/status');

    const noAddress = await patch({ emergency: { enabled: true } });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.pointer).toBe('/emergency/address_id');
    // The emergency address is one of the organization's addresses: not an unknown id, not another organization's.
    const other = await t.newOrg();
    const theirs = await seedAddress(t, other.orgId);
    for (const unknown of [theirs.id, 'addr-1', '00000000-0000-4000-8000-000000000000']) {
      const refused = await patch({ emergency: { enabled: true, address_id: unknown } });
      expect(refused.status, unknown).toBe(400);
      expect(refused.body).toMatchObject({ code: 'validation_failed', pointer: '/emergency/address_id' });
      expect(refused.body.detail).toContain('not an address of this organization');
    }
    const mine = await seedAddress(t, orgId);
    const accepted = await patch({ emergency: { enabled: true, address_id: mine.id.toUpperCase() } });
    expect(accepted.status).toBe(200);
    // Kept as the address's own id, so the address knows the number uses it.
    expect(accepted.body.emergency).toMatchObject({ enabled: true, address_id: mine.id });
    const inUse = await t.request('DELETE', `/v1/addresses/${mine.id}`, { key });
    expect(inUse.status).toBe(409);
    expect((await patch({ emergency: { enabled: false } })).status).toBe(200);
    const noUrl = await patch({ voice: { handler: 'webhook' } });
    expect(noUrl.status).toBe(400);
    expect(noUrl.body.pointer).toBe('/voice/url');
    const badHandler = await patch({ voice: { handler: 'carrier_pigeon' } });
    expect(badHandler.status).toBe(400);
    expect(badHandler.body.pointer).toBe('/voice/handler');
    const unknownField = await patch({ colour: 'red' });
    expect(unknownField.status).toBe(400);
    expect(unknownField.body).toMatchObject({ code: 'validation_failed', pointer: '/colour' });
    const empty = await patch({});
    expect(empty.status).toBe(400);
  });

  it('refuses to release a number while its deletion lock is on', async () => {
    const { body: n } = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[3], deletion_lock_enabled: true } });
    const refused = await t.request('DELETE', `/v1/phone-numbers/${n.id}`, { key });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('deletion_locked');
    await t.request('PATCH', `/v1/phone-numbers/${n.id}`, { key, body: { deletion_lock_enabled: false } });
    expect((await t.request('DELETE', `/v1/phone-numbers/${n.id}`, { key })).status).toBe(200);
    const changeAfter = await t.request('PATCH', `/v1/phone-numbers/${n.id}`, { key, body: { friendly_name: 'x' } });
    expect(changeAfter.status).toBe(409);
  });

  it('looks a number up in the organization, and for the operator across organizations', async () => {
    const { body: n } = await t.request('POST', '/v1/phone-numbers', {
      key,
      body: { number: numbers[4], voice: { handler: 'sip_endpoint', target: 'sip:agent@pbx.example.com' } },
    });
    const national = n.national_format as string;
    const mine = await t.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(n.number)}`, { key });
    expect(mine.body.id).toBe(n.id);
    const other = await t.newOrg();
    const theirs = await t.request('GET', `/v1/phone-numbers/lookup?number=${encodeURIComponent(n.number)}`, { key: other.key });
    expect(theirs.status).toBe(404);

    const admin = { authorization: 'Bearer test-admin-token-0123456789' };
    const route = await t.request('GET', `/v1/routing/lookup?number=${encodeURIComponent(n.international_format)}`, { headers: admin });
    expect(route.status).toBe(200);
    expect(route.body.organization_id).toBe(n.organization_id);
    expect(route.body.phone_number.voice).toEqual({ handler: 'sip_endpoint', target: 'sip:agent@pbx.example.com' });
    expect(national).toBeTruthy();
    const asKey = await t.request('GET', `/v1/routing/lookup?number=${encodeURIComponent(n.number)}`, { key });
    expect(asKey.status).toBe(401);
  });

  it('answers every request with a request id', async () => {
    const res = await t.request('GET', '/v1/phone-numbers', { key });
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const problem = await t.request('GET', '/v1/phone-numbers?limit=0', { key });
    expect(problem.body.request_id).toBe(problem.headers.get('x-request-id'));
  });

  it('names the parameter of every bad or unknown query value', async () => {
    const cases: Array<[string, string]> = [
      ['colour=red', 'colour'],
      ['limit=0', 'limit'],
      ['limit=1001', 'limit'],
      ['limit=ten', 'limit'],
      ['status=active,lost', 'status'],
      ['country=usa', 'country'],
      ['number_contains=12a', 'number_contains'],
      ['sort=price', 'sort'],
      ['created_after=yesterday', 'created_after'],
      ['cursor=not-a-cursor', 'cursor'],
      ['assigned=maybe', 'assigned'],
    ];
    for (const [query, parameter] of cases) {
      const res = await t.request('GET', `/v1/phone-numbers?${query}`, { key });
      expect(res.status, query).toBe(400);
      expect(res.body.parameter, query).toBe(parameter);
    }
  });

  it('requires a key with the right scope, and keeps organizations apart', async () => {
    const { body: n } = await t.request('POST', '/v1/phone-numbers', { key, body: { number: numbers[5] } });
    expect((await t.request('GET', '/v1/phone-numbers')).status).toBe(401);
    expect((await t.request('GET', '/v1/phone-numbers', { key: 'dt_not-a-real-key' })).status).toBe(401);
    const viaHeader = await t.request('GET', '/v1/phone-numbers', { headers: { 'x-api-key': key } });
    expect(viaHeader.status).toBe(200);

    const reader = await t.newOrg(['phone_numbers:read']);
    const write = await t.request('POST', '/v1/phone-numbers', { key: reader.key, body: { number: numbers[6] } });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('insufficient_scope');
    const writer = await t.newOrg(['phone_numbers:read', 'phone_numbers:write']);
    const { body: own } = await t.request('POST', '/v1/phone-numbers', { key: writer.key, body: { number: numbers[7] } });
    expect((await t.request('DELETE', `/v1/phone-numbers/${own.id}`, { key: writer.key })).status).toBe(403);

    const stranger = await t.newOrg();
    for (const [method, body] of [['GET'], ['PATCH', { friendly_name: 'x' }], ['DELETE']] as const) {
      const res = await t.request(method, `/v1/phone-numbers/${n.id}`, { key: stranger.key, body });
      expect(res.status, method).toBe(404);
    }
    const listed = await t.request('GET', '/v1/phone-numbers', { key: writer.key });
    expect(listed.body.data.map((x: { id: string }) => x.id)).toEqual([own.id]);
  });

  it('guards operator endpoints with the admin token', async () => {
    expect((await t.request('POST', '/v1/organizations', { body: { name: 'x' } })).status).toBe(401);
    const wrong = await t.request('POST', '/v1/organizations', { body: { name: 'x' }, headers: { authorization: 'Bearer nope' } });
    expect(wrong.status).toBe(401);
    const disabled = await startTestApp(driver, { adminToken: null });
    try {
      const res = await disabled.request('POST', '/v1/organizations', { body: { name: 'x' }, headers: { authorization: 'Bearer anything' } });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('admin_disabled');
    } finally {
      await disabled.close();
    }
  });

  it('issues keys shown once, stored only as a hash with a visible prefix', async () => {
    const { orgId, key: fresh } = await t.newOrg(['phone_numbers:read']);
    const rows = await t.dialtone.database.db.selectFrom('api_keys').selectAll().where('organization_id', '=', orgId).execute();
    expect(rows).toHaveLength(1);
    expect(fresh.startsWith(rows[0]!.prefix)).toBe(true);
    expect(rows[0]!.key_hash).not.toContain(fresh);
    expect(JSON.stringify(rows[0])).not.toContain(fresh);
  });

  it('serves an OpenAPI 3.1 document with the routes, their scopes and a reference page', async () => {
    const doc = await t.request('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.1.0');
    const list = doc.body.paths['/v1/phone-numbers'].get;
    expect(list.security).toEqual([{ bearerAuth: ['phone_numbers:read'] }, { apiKeyHeader: ['phone_numbers:read'] }]);
    expect(list.parameters.map((p: { name: string }) => p.name)).toContain('number_contains');
    expect(doc.body.paths['/v1/phone-numbers/{id}'].delete.security[0].bearerAuth).toEqual(['phone_numbers:release']);
    const page = await fetch(`${t.baseUrl}/docs/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('swagger');
  });
});
