import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const TELNYX = { carrier: 'telnyx', name: 'Telnyx prod', credentials: { api_key: 'KEYsecret0123456789wxyz' } };

describeEachDriver('/v1/carrier-accounts', (driver) => {
  let app: TestApp;
  let noSecrets: TestApp;

  beforeAll(async () => {
    app = await startTestApp(driver, { secretKey: randomBytes(32).toString('hex') });
    noSecrets = await startTestApp(driver);
  });
  afterAll(async () => {
    await app?.close();
    await noSecrets?.close();
  });

  it('creates, lists, reads and deletes accounts; credentials are sealed and never returned', async () => {
    const { key } = await app.newOrg();
    const created = await app.request('POST', '/v1/carrier-accounts', { key, body: TELNYX });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      object: 'carrier_account',
      carrier: 'telnyx',
      name: 'Telnyx prod',
      base_url: 'https://api.telnyx.com/v2',
      has_credentials: true,
      credentials_hint: 'set: api_key',
    });
    expect(JSON.stringify(created.body)).not.toContain('KEYsecret');
    const stored = await app.dialtone.database.db.selectFrom('carrier_accounts').selectAll().where('id', '=', created.body.id).executeTakeFirstOrThrow();
    expect(stored.credentials_sealed).toMatch(/^v1\./);
    expect(stored.credentials_sealed).not.toContain('KEYsecret');

    const list = await app.request('GET', '/v1/carrier-accounts', { key });
    expect(list.body.data.map((a: any) => a.id)).toEqual([created.body.id]);
    expect(JSON.stringify(list.body)).not.toContain('KEYsecret');
    expect((await app.request('GET', `/v1/carrier-accounts/${created.body.id}`, { key })).body.id).toBe(created.body.id);
    expect((await app.request('DELETE', `/v1/carrier-accounts/${created.body.id}`, { key })).status).toBe(204);
    expect((await app.request('GET', `/v1/carrier-accounts/${created.body.id}`, { key })).status).toBe(404);
  });

  it('checks credentials and base_url per carrier', async () => {
    const { key } = await app.newOrg();
    const cases: Array<[object, string]> = [
      [{ carrier: 'telnyx', name: 'x' }, 'api_key'],
      [{ carrier: 'twilio', name: 'x', credentials: { account_sid: 'AC1' } }, 'auth_token'],
      [{ carrier: 'telnyx', name: 'x', credentials: { api_key: 'k', password: 'p' } }, 'Unknown telnyx credentials'],
      [{ carrier: 'signalwire', name: 'x', credentials: { project_id: 'p', api_token: 't' } }, 'base_url'],
      [{ carrier: 'sip', name: 'x' }, 'carrier'],
      [{ ...TELNYX, base_url: 'ftp://example.com' }, 'base_url'],
    ];
    for (const [body, words] of cases) {
      const res = await app.request('POST', '/v1/carrier-accounts', { key, body });
      expect(res.status).toBe(400);
      expect(`${res.body.detail} ${res.body.pointer}`).toContain(words);
    }
  });

  it('without DIALTONE_SECRET_KEY, accounts needing secrets are refused and the error says why', async () => {
    const { key } = await noSecrets.newOrg();
    const res = await noSecrets.request('POST', '/v1/carrier-accounts', { key, body: TELNYX });
    expect(res.status).toBe(503);
    expect(res.body.code).toBe('secrets_disabled');
    expect(res.body.detail).toContain('DIALTONE_SECRET_KEY');
    const sandbox = await noSecrets.request('POST', '/v1/carrier-accounts', { key, body: { carrier: 'sandbox', name: 'Sandbox' } });
    expect(sandbox.status).toBe(201);
    expect(sandbox.body).toMatchObject({ has_credentials: false, base_url: null });
  });

  it('another organization cannot see, use or delete the account', async () => {
    const owner = await app.newOrg();
    const other = await app.newOrg();
    const { body } = await app.request('POST', '/v1/carrier-accounts', { key: owner.key, body: TELNYX });
    expect((await app.request('GET', `/v1/carrier-accounts/${body.id}`, { key: other.key })).status).toBe(404);
    expect((await app.request('DELETE', `/v1/carrier-accounts/${body.id}`, { key: other.key })).status).toBe(404);
    expect((await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${body.id}`, { key: other.key })).status).toBe(404);
    expect((await app.request('GET', '/v1/carrier-accounts', { key: other.key })).body.data).toEqual([]);
  });

  it('an account numbers were ordered through is kept', async () => {
    const { key } = await app.newOrg();
    const account = await app.request('POST', '/v1/carrier-accounts', { key, body: { carrier: 'sandbox', name: 'Sandbox' } });
    const search = await app.request('GET', `/v1/available-phone-numbers?carrier_account_id=${account.body.id}&country=DE&limit=1`, { key });
    const order = await app.request('POST', '/v1/number-orders', {
      key,
      body: { phone_numbers: [search.body.data[0].number], carrier_account_id: account.body.id },
    });
    expect(order.body.status).toBe('complete');
    const res = await app.request('DELETE', `/v1/carrier-accounts/${account.body.id}`, { key });
    expect(res.status).toBe(409);
  });

  it('routes declare their scopes', async () => {
    const reader = await app.newOrg(['phone_numbers:read']);
    expect((await app.request('POST', '/v1/carrier-accounts', { key: reader.key, body: TELNYX })).status).toBe(403);
    expect((await app.request('GET', '/v1/carrier-accounts', { key: reader.key })).status).toBe(200);
    expect((await app.request('GET', '/v1/carrier-accounts')).status).toBe(401);
  });

  it('the OpenAPI document describes the carrier, search and order routes with their scopes', async () => {
    const doc = (await app.request('GET', '/openapi.json')).body;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/available-phone-numbers', '/v1/carrier-accounts', '/v1/carrier-accounts/{id}', '/v1/number-orders', '/v1/number-orders/{id}']),
    );
    expect(doc.paths['/v1/number-orders'].post.security).toEqual([{ bearerAuth: ['phone_numbers:purchase'] }, { apiKeyHeader: ['phone_numbers:purchase'] }]);
  });
});
