import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { freshNumber, seedNumbers } from '../support/dialects/fixtures.js';
import { assertSeedShape } from '../support/dialects/seed-schemas.js';

const phon = (id: string) => `phon_${id.replace(/-/g, '')}`;

describeEachDriver('Butter AI dialect', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;
  const headers = () => ({ 'x-api-key': org.key, 'x-organization-id': org.orgId });

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    await seedNumbers(app, org.orgId, 3);
  });
  afterAll(() => app.close());

  it('imports, lists with cursors and the free/assigned status, retrieves', async () => {
    const number = freshNumber();
    const imported = await app.request('POST', '/api/phone-numbers/import', {
      headers: headers(),
      body: { phone_number: number, provider: 'twilio', supports_inbound: true, supports_outbound: false },
    });
    expect(imported.status).toBe(201);
    assertSeedShape('butterOne', imported.body);
    expect(imported.body.data).toMatchObject({ phone_number: number, provider: 'twilio', status: 'free', supports_outbound: false });

    const first = await app.request('GET', '/api/phone-numbers?page_size=2', { headers: headers() });
    expect(first.status).toBe(200);
    assertSeedShape('butterList', first.body);
    expect(first.body.pagination).toMatchObject({ has_more: true, page_size: 2, total_count: 4 });
    const second = await app.request('GET', `/api/phone-numbers?page_size=2&cursor=${first.body.pagination.next_cursor}`, { headers: headers() });
    assertSeedShape('butterList', second.body);
    expect(second.body.pagination).toMatchObject({ has_more: false, next_cursor: null });

    const one = await app.request('GET', `/api/phone-numbers/${imported.body.data.phone_number_id}`, { headers: headers() });
    assertSeedShape('butterOne', one.body);
  });

  it('assigns a number to an agent once; reassigning without freeing is a 409', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const body = { phone_number_id: phon(record!.id) };
    const assigned = await app.request('POST', '/api/agents/agent_b2c3d4/assign-phone-number', { headers: headers(), body });
    expect(assigned.status).toBe(200);
    assertSeedShape('butterOne', assigned.body);
    expect(assigned.body.data).toMatchObject({ status: 'assigned', assigned_agent_id: 'agent_b2c3d4' });
    const again = await app.request('POST', '/api/agents/agent_b2c3d4/assign-phone-number', { headers: headers(), body });
    expect(again.status).toBe(200);
    const stolen = await app.request('POST', '/api/agents/agent_other/assign-phone-number', { headers: headers(), body });
    expect(stolen.status).toBe(409);
    assertSeedShape('butterError', stolen.body);
    expect(stolen.body.error.code).toBe('conflict');
    const onlyAssigned = await app.request('GET', '/api/phone-numbers?status=assigned', { headers: headers() });
    expect(onlyAssigned.body.data.map((n: { phone_number_id: string }) => n.phone_number_id)).toEqual([phon(record!.id)]);
    const free = await app.request('GET', '/api/phone-numbers?status=free', { headers: headers() });
    expect(free.body.data.every((n: { status: string }) => n.status === 'free')).toBe(true);
  });

  it('shows every origin as a documented provider: twilio from Twilio, sip from anywhere else', async () => {
    const origins = ['twilio', 'telnyx', 'signalwire', 'sip', 'byoc', 'sandbox'] as const;
    const expected: Record<string, string> = {};
    for (const carrier of origins) {
      const [record] = await seedNumbers(app, org.orgId, 1, { carrier });
      expected[phon(record!.id)] = carrier === 'twilio' ? 'twilio' : 'sip';
    }
    for (const [id, provider] of Object.entries(expected)) {
      const one = await app.request('GET', `/api/phone-numbers/${id}`, { headers: headers() });
      assertSeedShape('butterOne', one.body);
      expect(one.body.data.provider, id).toBe(provider);
    }
    const imported = await app.request('POST', '/api/phone-numbers/import', { headers: headers(), body: { phone_number: freshNumber(), provider: 'byoc' } });
    expect(imported.body.data.provider).toBe('sip');
  });

  it('answers an id of Butter\'s documented form that matches no number with 404', async () => {
    for (const id of ['phon_a1b2c3d4e5f6', 'phon_b2c3d4e5f6a7', `phon_${'0'.repeat(32)}`]) {
      const res = await app.request('GET', `/api/phone-numbers/${id}`, { headers: headers() });
      expect(res.status, id).toBe(404);
      assertSeedShape('butterError', res.body);
      const assign = await app.request('POST', '/api/agents/agent_1/assign-phone-number', { headers: headers(), body: { phone_number_id: id } });
      expect(assign.status, id).toBe(404);
      expect((await app.request('DELETE', `/api/phone-numbers/${id}`, { headers: headers() })).status).toBe(404);
    }
  });

  it('releases a number', async () => {
    const [record] = await seedNumbers(app, org.orgId, 1);
    const released = await app.request('DELETE', `/api/phone-numbers/${phon(record!.id)}`, { headers: headers() });
    expect(released.status).toBe(200);
    const gone = await app.request('GET', `/api/phone-numbers/${phon(record!.id)}`, { headers: headers() });
    expect(gone.status).toBe(404);
    assertSeedShape('butterError', gone.body);
  });

  it('errors: credentials, organization header, parameters, duplicates, other tenants', async () => {
    const cases: Array<[string, string, Record<string, string>, unknown, number]> = [
      ['GET', '/api/phone-numbers', {}, undefined, 401],
      ['GET', '/api/phone-numbers', { 'x-api-key': org.key }, undefined, 401],
      ['GET', '/api/phone-numbers', { 'x-api-key': org.key, 'x-organization-id': crypto.randomUUID() }, undefined, 401],
      ['GET', '/api/phone-numbers?status=busy', headers(), undefined, 400],
      ['GET', '/api/phone-numbers?colour=red', headers(), undefined, 400],
      ['GET', '/api/phone-numbers/phon_zz', headers(), undefined, 404],
      ['POST', '/api/phone-numbers/import', headers(), { phone_number: 'not a number', provider: 'sip' }, 400],
      ['POST', '/api/phone-numbers/import', headers(), { phone_number: freshNumber(), provider: 'sip', colour: 'red' }, 400],
    ];
    for (const [method, path, hdrs, body, status] of cases) {
      const res = await app.request(method, path, { headers: hdrs, body });
      expect(res.status, `${method} ${path}`).toBe(status);
      assertSeedShape('butterError', res.body);
    }
    const [record] = await seedNumbers(app, org.orgId, 1);
    const duplicate = await app.request('POST', '/api/phone-numbers/import', { headers: headers(), body: { phone_number: record!.number, provider: 'sip' } });
    expect(duplicate.status).toBe(409);
    const other = await app.newOrg();
    const theirs = await app.request('GET', `/api/phone-numbers/${phon(record!.id)}`, {
      headers: { 'x-api-key': other.key, 'x-organization-id': other.orgId },
    });
    expect(theirs.status).toBe(404);
    const reader = await app.newOrg(['phone_numbers:read']);
    const refused = await app.request('POST', '/api/phone-numbers/import', {
      headers: { 'x-api-key': reader.key, 'x-organization-id': reader.orgId },
      body: { phone_number: freshNumber(), provider: 'sip' },
    });
    expect(refused.status).toBe(403);
    assertSeedShape('butterError', refused.body);
  });
});
