import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };

describeEachDriver('operator endpoints for organizations and API keys', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(() => t.close());

  it('lists organizations newest first, page by page, to the operator only', async () => {
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push((await t.newOrg()).orgId);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: any } = await t.request('GET', `/v1/organizations?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { headers: admin });
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(2);
      for (const org of page.body.data) {
        expect(org).toMatchObject({ object: 'organization', account_sid: `AC${org.id.replace(/-/g, '')}` });
        seen.push(org.id);
      }
      expect(page.body.has_more).toBe(page.body.next_cursor !== null);
      cursor = page.body.next_cursor;
    } while (cursor);
    // Every organization once, the newest first.
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.slice(0, 5)).toEqual([...created].reverse());

    expect((await t.request('GET', '/v1/organizations')).status).toBe(401);
    const { key } = await t.newOrg();
    expect((await t.request('GET', '/v1/organizations', { key })).status).toBe(401);
    const bad = await t.request('GET', '/v1/organizations?cursor=bm90LWEtY3Vyc29y', { headers: admin });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'validation_failed', parameter: 'cursor' });
  });

  it("lists an organization's keys without the keys, records their use, and revokes them for good", async () => {
    const { orgId, key } = await t.newOrg(['phone_numbers:read']);
    const second = await t.request('POST', `/v1/organizations/${orgId}/api-keys`, {
      headers: admin,
      body: { name: 'ci', scopes: ['phone_numbers:read', 'phone_numbers:write'] },
    });
    expect(second.status).toBe(201);
    expect(second.body).toMatchObject({ name: 'ci', last_used_at: null, revoked_at: null });

    const before = await t.request('GET', `/v1/organizations/${orgId}/api-keys`, { headers: admin });
    expect(before.status).toBe(200);
    expect(before.body.data.map((k: { id: string }) => k.id)[0]).toBe(second.body.id);
    expect(before.body.data).toHaveLength(2);
    const first = before.body.data[1];
    expect(first).toMatchObject({ object: 'api_key', organization_id: orgId, scopes: ['phone_numbers:read'], last_used_at: null, revoked_at: null });
    expect(key.startsWith(first.prefix)).toBe(true);
    expect(JSON.stringify(before.body)).not.toContain(key);
    expect(JSON.stringify(before.body)).not.toMatch(/key_hash|"key"/);

    expect((await t.request('GET', '/v1/phone-numbers', { key })).status).toBe(200);
    const used = await t.request('GET', `/v1/organizations/${orgId}/api-keys`, { headers: admin });
    const usedAt = used.body.data[1].last_used_at;
    expect(Date.now() - Date.parse(usedAt)).toBeLessThan(60_000);
    expect(used.body.data[0].last_used_at).toBeNull();

    const revoked = await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/${first.id}`, { headers: admin });
    expect(revoked.status).toBe(200);
    expect(revoked.body.revoked_at).not.toBeNull();
    const denied = await t.request('GET', '/v1/phone-numbers', { key });
    expect(denied.status).toBe(401);
    expect(denied.body.code).toBe('unauthenticated');
    // The other key is untouched; revoking again keeps the first revocation.
    expect((await t.request('GET', '/v1/phone-numbers', { headers: { authorization: `Bearer ${second.body.key}` } })).status).toBe(200);
    const again = await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/${first.id}`, { headers: admin });
    expect(again.body.revoked_at).toBe(revoked.body.revoked_at);
  });

  it("finds a key only in its own organization", async () => {
    const a = await t.newOrg();
    const b = await t.newOrg();
    const keys = await t.request('GET', `/v1/organizations/${a.orgId}/api-keys`, { headers: admin });
    const keyOfA = keys.body.data[0].id;
    const wrongOrg = await t.request('DELETE', `/v1/organizations/${b.orgId}/api-keys/${keyOfA}`, { headers: admin });
    expect(wrongOrg.status).toBe(404);
    expect((await t.request('GET', '/v1/phone-numbers', { key: a.key })).status).toBe(200);
    const unknownOrg = await t.request('GET', '/v1/organizations/00000000-0000-4000-8000-000000000000/api-keys', { headers: admin });
    expect(unknownOrg.status).toBe(404);
    const badId = await t.request('DELETE', `/v1/organizations/${a.orgId}/api-keys/nope`, { headers: admin });
    expect(badId.status).toBe(400);
    expect(badId.body.parameter).toBe('key_id');
  });
});
