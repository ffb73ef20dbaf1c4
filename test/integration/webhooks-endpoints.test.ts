import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SecretBox } from '../../src/secrets/secret-box.js';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';
import { validNumbers } from '../support/numbers-fixture.js';

const ENDPOINT = { url: 'https://hooks.example.com/dialtone', event_types: ['phone_number.*'] };

/** The endpoint's row as stored, read past the repository. */
async function storedEndpoint(t: TestApp, id: string): Promise<Record<string, unknown>> {
  const { rows } = await sql<Record<string, unknown>>`select * from webhook_endpoints where id = ${id}`.execute(t.dialtone.database.db);
  return rows[0]!;
}

describeEachDriver('webhook endpoints API', (driver) => {
  const secretKey = randomBytes(32).toString('hex');
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver, { secretKey });
  });
  afterAll(() => t.close());

  it('creates an endpoint with a secret shown once, sealed at rest, then reads, lists, changes and deletes it', async () => {
    const { orgId, key } = await t.newOrg();
    const created = await t.request('POST', '/v1/webhook-endpoints', { key, body: { ...ENDPOINT, description: 'CRM' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'webhook_endpoint', ...ENDPOINT, description: 'CRM', enabled: true, disabled_reason: null });
    const secret: string = created.body.secret;
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    const secretBytes = Buffer.from(secret.slice('whsec_'.length), 'base64').length;
    expect(secretBytes).toBeGreaterThanOrEqual(24);
    expect(secretBytes).toBeLessThanOrEqual(32);

    const row = await storedEndpoint(t, created.body.id);
    expect(JSON.stringify(row)).not.toContain(secret.slice('whsec_'.length));
    expect(new SecretBox(secretKey).open(row.secret as string, `webhook_secret:${orgId}`)).toBe(secret);

    const got = await t.request('GET', `/v1/webhook-endpoints/${created.body.id}`, { key });
    expect(got.status).toBe(200);
    expect(got.body).not.toHaveProperty('secret');
    expect(JSON.stringify(got.body)).not.toContain(secret);

    const second = await t.request('POST', '/v1/webhook-endpoints', { key, body: { url: 'https://b.example.com/', event_types: ['*'] } });
    const first = await t.request('GET', '/v1/webhook-endpoints?limit=1', { key });
    expect(first.body).toMatchObject({ object: 'list', has_more: true });
    expect(first.body.data.map((e: { id: string }) => e.id)).toEqual([second.body.id]);
    const rest = await t.request('GET', `/v1/webhook-endpoints?limit=1&cursor=${first.body.next_cursor}`, { key });
    expect(rest.body.data.map((e: { id: string }) => e.id)).toEqual([created.body.id]);
    expect(JSON.stringify([first.body, rest.body])).not.toMatch(/whsec_/);

    const changed = await t.request('PATCH', `/v1/webhook-endpoints/${created.body.id}`, {
      key,
      body: { event_types: ['phone_number.released', 'number_order.*'], description: null, enabled: false },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ event_types: ['phone_number.released', 'number_order.*'], description: null, enabled: false });
    const enabled = await t.request('PATCH', `/v1/webhook-endpoints/${created.body.id}`, { key, body: { enabled: true } });
    expect(enabled.body).toMatchObject({ enabled: true, disabled_reason: null, failing_since: null });

    expect((await t.request('DELETE', `/v1/webhook-endpoints/${created.body.id}`, { key })).status).toBe(204);
    expect((await t.request('GET', `/v1/webhook-endpoints/${created.body.id}`, { key })).status).toBe(404);
    expect((await t.request('DELETE', `/v1/webhook-endpoints/${created.body.id}`, { key })).status).toBe(404);
  });

  it('rotates the secret: a new one shown once, the former kept for the grace period', async () => {
    const { orgId, key } = await t.newOrg();
    const created = await t.request('POST', '/v1/webhook-endpoints', { key, body: ENDPOINT });
    const rotated = await t.request('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { key, body: { grace_period_seconds: 3600 } });
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    const expires = Date.parse(rotated.body.previous_secret_expires_at);
    expect(expires - Date.now()).toBeGreaterThan(3500_000);
    expect(expires - Date.now()).toBeLessThanOrEqual(3600_000);
    const box = new SecretBox(secretKey);
    const row = await storedEndpoint(t, created.body.id);
    expect(box.open(row.previous_secret as string, `webhook_secret:${orgId}`)).toBe(created.body.secret);

    const immediate = await t.request('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { key, body: { grace_period_seconds: 0 } });
    expect(immediate.body.previous_secret_expires_at).toBeNull();
    expect((await storedEndpoint(t, created.body.id)).previous_secret).toBeNull();
    const tooLong = await t.request('POST', `/v1/webhook-endpoints/${created.body.id}/rotate-secret`, { key, body: { grace_period_seconds: 604_801 } });
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'validation_failed']);
  });

  it.each([
    [{ ...ENDPOINT, event_types: [] }, '/event_types'],
    [{ ...ENDPOINT, event_types: ['phone_number.exploded'] }, '/event_types/0'],
    [{ ...ENDPOINT, event_types: ['phone_number.*', 'phone.*'] }, '/event_types/1'],
    [{ ...ENDPOINT, url: 'ftp://hooks.example.com/' }, '/url'],
    [{ ...ENDPOINT, url: 'hooks.example.com/dialtone' }, '/url'],
    [{ ...ENDPOINT, url: 'https://user:pw@hooks.example.com/' }, '/url'],
    [{ ...ENDPOINT, url: `https://hooks.example.com/${'a'.repeat(2048)}` }, '/url'],
    [{ ...ENDPOINT, colour: 'red' }, undefined],
  ])('refuses %j with 400', async (body, pointer) => {
    const { key } = await t.newOrg();
    const res = await t.request('POST', '/v1/webhook-endpoints', { key, body });
    expect([res.status, res.body.code]).toEqual([400, 'validation_failed']);
    if (pointer) expect(res.body.pointer).toBe(pointer);
  });

  it.each(['http://10.1.2.3/hook', 'https://127.0.0.1/', 'https://[::1]:8443/', 'https://169.254.169.254/latest', 'https://2130706433/', 'http://hooks.example.com/'])(
    'refuses %s at creation with 422 egress_refused, as the guard would',
    async (url) => {
      const { key } = await t.newOrg();
      const res = await t.request('POST', '/v1/webhook-endpoints', { key, body: { ...ENDPOINT, url } });
      expect([res.status, res.body.code]).toEqual([422, 'egress_refused']);
      const existing = await t.request('POST', '/v1/webhook-endpoints', { key, body: ENDPOINT });
      const patched = await t.request('PATCH', `/v1/webhook-endpoints/${existing.body.id}`, { key, body: { url } });
      expect([patched.status, patched.body.code]).toEqual([422, 'egress_refused']);
    },
  );

  it("shows nothing of another organization's endpoints and events: each is a 404", async () => {
    const a = await t.newOrg();
    const b = await t.newOrg();
    const endpoint = (await t.request('POST', '/v1/webhook-endpoints', { key: a.key, body: ENDPOINT })).body;
    const [number] = validNumbers(1, 4242);
    await t.request('POST', '/v1/phone-numbers', { key: a.key, body: { number } });
    const deliveries = await t.request('GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`, { key: a.key });
    const eventId: string = deliveries.body.data[0].event_id;

    const asB: Array<[string, string, unknown?]> = [
      ['GET', `/v1/webhook-endpoints/${endpoint.id}`],
      ['PATCH', `/v1/webhook-endpoints/${endpoint.id}`, { enabled: false }],
      ['DELETE', `/v1/webhook-endpoints/${endpoint.id}`],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/rotate-secret`, {}],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/test`],
      ['POST', `/v1/webhook-endpoints/${endpoint.id}/recover`, { since: '2020-01-01T00:00:00Z' }],
      ['GET', `/v1/webhook-endpoints/${endpoint.id}/deliveries`],
      ['GET', `/v1/events/${eventId}/deliveries`],
      ['POST', `/v1/events/${eventId}/redeliver`, {}],
    ];
    for (const [method, path, body] of asB) {
      const res = await t.request(method, path, { key: b.key, body });
      expect([res.status, res.body.code], `${method} ${path}`).toEqual([404, 'not_found']);
    }
    // B's own endpoint cannot be sent A's event either.
    const own = (await t.request('POST', '/v1/webhook-endpoints', { key: b.key, body: ENDPOINT })).body;
    const cross = await t.request('POST', `/v1/events/${eventId}/redeliver`, { key: b.key, body: { endpoint_id: own.id } });
    expect(cross.status).toBe(404);
    const aToB = await t.request('POST', `/v1/events/${eventId}/redeliver`, { key: a.key, body: { endpoint_id: own.id } });
    expect(aToB.status).toBe(404);
    // Untouched, in A's eyes.
    expect((await t.request('GET', `/v1/webhook-endpoints/${endpoint.id}`, { key: a.key })).body.enabled).toBe(true);
  });

  it('asks for the webhooks scopes', async () => {
    const reader = await t.newOrg(['webhooks:read']);
    expect((await t.request('GET', '/v1/webhook-endpoints', { key: reader.key })).status).toBe(200);
    const refused = await t.request('POST', '/v1/webhook-endpoints', { key: reader.key, body: ENDPOINT });
    expect([refused.status, refused.body.code]).toEqual([403, 'insufficient_scope']);
    const numbersOnly = await t.newOrg(['phone_numbers:read', 'phone_numbers:write']);
    expect((await t.request('GET', '/v1/webhook-endpoints', { key: numbersOnly.key })).status).toBe(403);
  });
});

describeEachDriver('webhook secrets without DIALTONE_SECRET_KEY', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(() => t.close());

  it('stores the secret as it is, and still shows it only at creation', async () => {
    const { key } = await t.newOrg();
    const created = await t.request('POST', '/v1/webhook-endpoints', { key, body: ENDPOINT });
    expect(created.status).toBe(201);
    expect((await storedEndpoint(t, created.body.id)).secret).toBe(created.body.secret);
    expect((await t.request('GET', `/v1/webhook-endpoints/${created.body.id}`, { key })).body).not.toHaveProperty('secret');
  });
});

describeEachDriver('webhook endpoints in the audit log', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
  });
  afterAll(() => t.close());

  it('records each change of an endpoint, field by field, and never a secret', async () => {
    const { key } = await t.newOrg();
    const created = await t.request('POST', '/v1/webhook-endpoints', { key, body: ENDPOINT, headers: { 'x-request-id': 'req-endpoint-1' } });
    const id = created.body.id;
    await t.request('PATCH', `/v1/webhook-endpoints/${id}`, { key, body: { description: 'CRM', event_types: ['*'] } });
    const rotated = await t.request('POST', `/v1/webhook-endpoints/${id}/rotate-secret`, { key, body: { grace_period_seconds: 0 } });
    expect(rotated.status).toBe(200);
    expect((await t.request('DELETE', `/v1/webhook-endpoints/${id}`, { key })).status).toBe(204);

    const log = await t.request('GET', `/v1/audit-log?resource_id=${id}`, { key });
    expect(log.status).toBe(200);
    const records = [...log.body.data].reverse();
    expect(records.map((r: { action: string }) => r.action)).toEqual([
      'webhook_endpoint.created',
      'webhook_endpoint.updated',
      'webhook_endpoint.secret_rotated',
      'webhook_endpoint.deleted',
    ]);
    expect(records[0]).toMatchObject({
      outcome: 'succeeded',
      surface: 'native',
      request_id: 'req-endpoint-1',
      changes: { url: { from: null, to: ENDPOINT.url }, event_types: { from: null, to: ENDPOINT.event_types }, enabled: { from: null, to: true } },
    });
    expect(records[1].changes).toEqual({ description: { from: null, to: 'CRM' }, event_types: { from: ENDPOINT.event_types, to: ['*'] } });
    expect(records[2].changes).toEqual({ secret: { from: '[redacted]', to: '[redacted]' } });
    expect(records[3].changes).toMatchObject({ url: { from: ENDPOINT.url, to: null } });
    const text = JSON.stringify(log.body);
    expect(text).not.toContain(created.body.secret);
    expect(text).not.toContain(rotated.body.secret);
  });
});
