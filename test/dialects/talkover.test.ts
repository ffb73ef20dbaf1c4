import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { seedNumbers } from '../support/dialects/fixtures.js';
import { assertSeedShape } from '../support/dialects/seed-schemas.js';

describeEachDriver('Talkover dialect', (driver) => {
  let app: TestApp;
  let org: Awaited<ReturnType<TestApp['newOrg']>>;

  beforeAll(async () => {
    app = await startTestApp(driver);
    org = await app.newOrg();
    await seedNumbers(app, org.orgId, 2, { capabilities: ['voice', 'sms'] });
    await seedNumbers(app, org.orgId, 1, {
      capabilities: ['whatsapp', 'sms'],
      monthly_cost: '1.1500',
      next_billing_date: new Date(Date.now() + 15 * 86_400_000),
    });
  });
  afterAll(() => app.close());

  const get = (path: string) => app.request('GET', path, { key: org.key });

  it('lists every documented field, with type, capability and search filters', async () => {
    const all = await get('/api/v1/phone-numbers');
    expect(all.status).toBe(200);
    assertSeedShape('talkoverList', all.body);
    expect(all.body.data).toHaveLength(3);
    const whatsapp = await get('/api/v1/phone-numbers?has_whatsapp=true');
    expect(whatsapp.body.data).toHaveLength(1);
    expect(whatsapp.body.data[0]).toMatchObject({
      type: 'whatsapp',
      has_voice: false,
      has_whatsapp: true,
      current_price: 1.15,
      monthly_renewal_cost: 1.15,
      days_until_monthly_renewal: 15,
      is_due_for_monthly_renewal: false,
      current_status: 'active',
    });
    expect(whatsapp.body.data[0].renewal_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect((await get('/api/v1/phone-numbers?has_voice=false')).body.data).toHaveLength(1);
    expect((await get('/api/v1/phone-numbers?type=voice')).body.data).toHaveLength(2);
    // Filtered in the database, with the type each number is shown as.
    const byType = await get('/api/v1/phone-numbers?type=whatsapp');
    expect(byType.body.data.map((n: { type: string }) => n.type)).toEqual(['whatsapp']);
    expect((await get('/api/v1/phone-numbers?type=sms')).body.data).toHaveLength(0);
    expect((await get('/api/v1/phone-numbers?type=voice&has_whatsapp=true')).body.data).toHaveLength(0);
    expect((await get('/api/v1/phone-numbers?has_voice=false&has_whatsapp=false')).body.data).toHaveLength(0);
    const target = all.body.data[0];
    const search = await get(`/api/v1/phone-numbers?search=${encodeURIComponent(target.number)}`);
    expect(search.body.data.map((n: { id: string }) => n.id)).toEqual([target.id]);
    const one = await get(`/api/v1/phone-numbers/${target.id}`);
    assertSeedShape('talkoverOne', one.body);
  });

  it('gives a number Dialtone does not bill a real renewal date: its next monthly anniversary, at no cost', async () => {
    const [imported] = await seedNumbers(app, org.orgId, 1);
    expect(imported!.next_billing_date).toBeNull();
    const res = await get(`/api/v1/phone-numbers/${imported!.id}`);
    assertSeedShape('talkoverOne', res.body);
    const n = res.body.data;
    const created = imported!.created_at;
    const nextMonth = new Date(Date.UTC(created.getUTCFullYear(), created.getUTCMonth() + 1, 1));
    const lastDay = new Date(Date.UTC(nextMonth.getUTCFullYear(), nextMonth.getUTCMonth() + 1, 0)).getUTCDate();
    nextMonth.setUTCDate(Math.min(created.getUTCDate(), lastDay));
    expect(n.renewal_date).toBe(nextMonth.toISOString().slice(0, 10));
    expect(n.days_until_monthly_renewal).toBeGreaterThanOrEqual(28);
    expect(n.days_until_monthly_renewal).toBeLessThanOrEqual(31);
    expect(n).toMatchObject({ is_due_for_monthly_renewal: false, current_price: 0, monthly_renewal_cost: 0 });
    const all = await get('/api/v1/phone-numbers');
    assertSeedShape('talkoverList', all.body);
    expect(all.body.data.every((x: { renewal_date: string }) => /^\d{4}-\d{2}-\d{2}$/.test(x.renewal_date))).toBe(true);
  });

  it('assigns numbers to an agent for calling; inbound makes the agent the call handler', async () => {
    const [a, b] = await seedNumbers(app, org.orgId, 2);
    const res = await app.request('PUT', '/api/v1/agents/agent_7/calling', {
      key: org.key,
      body: { direction: 'inbound', phone_number_ids: [a!.id, b!.id] },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.phone_numbers).toHaveLength(2);
    res.body.data.phone_numbers.forEach((n: unknown) => assertSeedShape('talkoverOne', { success: true, data: n }));
    const native = await app.request('GET', `/v1/phone-numbers/${a!.id}`, { key: org.key });
    expect(native.body.assignment).toMatchObject({ status: 'assigned', agent_id: 'agent_7' });
    expect(native.body.voice).toMatchObject({ handler: 'agent', target: 'agent_7' });
    const conflict = await app.request('PUT', '/api/v1/agents/agent_8/calling', {
      key: org.key,
      body: { direction: 'outbound', phone_number_ids: [a!.id] },
    });
    expect(conflict.status).toBe(409);
    assertSeedShape('talkoverError', conflict.body);
  });

  it('assigns several numbers all or none, and of two agents racing for the same numbers one gets them all', async () => {
    const [free, taken, c, d] = await seedNumbers(app, org.orgId, 4);
    const calling = (agent: string, ids: string[]) =>
      app.request('PUT', `/api/v1/agents/${agent}/calling`, { key: org.key, body: { direction: 'inbound', phone_number_ids: ids } });
    expect((await calling('agent_owner', [taken!.id])).status).toBe(200);
    const refused = await calling('agent_new', [free!.id, taken!.id]);
    expect(refused.status).toBe(409);
    const untouched = await app.request('GET', `/v1/phone-numbers/${free!.id}`, { key: org.key });
    expect(untouched.body.assignment.status).toBe('free');
    expect(untouched.body.voice.handler).not.toBe('agent');

    const race = await Promise.all([calling('agent_x', [c!.id, d!.id]), calling('agent_y', [d!.id, c!.id])]);
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = race.find((r) => r.status === 200)!.body.data.agent_id;
    for (const id of [c!.id, d!.id]) {
      const number = await app.request('GET', `/v1/phone-numbers/${id}`, { key: org.key });
      expect(number.body.assignment.agent_id).toBe(winner);
      expect(number.body.voice).toMatchObject({ handler: 'agent', target: winner });
    }
  });

  it('errors: 401 INVALID_TOKEN, 422 VALIDATION_ERROR, 404, another tenant', async () => {
    const anonymous = await app.request('GET', '/api/v1/phone-numbers');
    expect(anonymous.status).toBe(401);
    assertSeedShape('talkoverError', anonymous.body);
    expect(anonymous.body).toEqual({ success: false, message: 'Unauthorized', code: 'INVALID_TOKEN' });
    const badType = await get('/api/v1/phone-numbers?type=pager');
    expect(badType.status).toBe(422);
    assertSeedShape('talkoverError', badType.body);
    expect(badType.body.errors).toEqual({ type: ['The selected type is invalid.'] });
    const unknown = await get('/api/v1/phone-numbers?colour=red');
    expect(unknown.status).toBe(422);
    expect(unknown.body.errors.colour).toBeDefined();
    const badBody = await app.request('PUT', '/api/v1/agents/agent_7/calling', { key: org.key, body: { direction: 'sideways', phone_number_ids: [] } });
    expect(badBody.status).toBe(422);
    assertSeedShape('talkoverError', badBody.body);
    const missing = await get(`/api/v1/phone-numbers/${crypto.randomUUID()}`);
    expect(missing.status).toBe(404);
    assertSeedShape('talkoverError', missing.body);
    const other = await app.newOrg();
    const [theirs] = await seedNumbers(app, other.orgId, 1);
    expect((await get(`/api/v1/phone-numbers/${theirs!.id}`)).status).toBe(404);
  });
});
