import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_DIR } from '../../src/console/console-files.js';
import { CONSOLE_CSP } from '../../src/console/console.routes.js';
import { ADMIN_TOKEN, describeEachDriver, startTestApp, type TestApp } from '../support/harness.js';

const built = existsSync(join(CONSOLE_DIR, 'index.html'));
const html = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };

describeEachDriver('the key a request authenticates with (GET /v1/api-keys/current)', (driver) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(driver);
  });
  afterAll(() => t.close());

  it("tells any valid key its organization, prefix and scopes, never the key", async () => {
    const { orgId, key } = await t.newOrg(['phone_numbers:read', 'events:read']);
    const res = await t.request('GET', '/v1/api-keys/current', { key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      object: 'api_key',
      id: expect.any(String),
      organization_id: orgId,
      prefix: key.slice(0, 11),
      scopes: ['phone_numbers:read', 'events:read'],
    });
    expect(JSON.stringify(res.body)).not.toContain(key);
    // The same by X-API-Key, and for a key with a single unrelated scope.
    const other = await t.newOrg(['webhooks:read']);
    const byHeader = await t.request('GET', '/v1/api-keys/current', { headers: { 'x-api-key': other.key } });
    expect([byHeader.status, byHeader.body.organization_id, byHeader.body.scopes]).toEqual([200, other.orgId, ['webhooks:read']]);
    const unknown = await t.request('GET', '/v1/api-keys/current?colour=red', { key });
    expect([unknown.status, unknown.body.code, unknown.body.parameter]).toEqual([400, 'validation_failed', 'colour']);
  });

  it('refuses no key, an unknown key, a revoked key and the operator token with 401', async () => {
    const { orgId, key } = await t.newOrg();
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer dt_not-a-key' }, { authorization: `Bearer ${ADMIN_TOKEN}` }]) {
      const res = await t.request('GET', '/v1/api-keys/current', { headers });
      expect([res.status, res.body.code]).toEqual([401, 'unauthenticated']);
    }
    const current = await t.request('GET', '/v1/api-keys/current', { key });
    await t.request('DELETE', `/v1/organizations/${orgId}/api-keys/${current.body.id}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    expect((await t.request('GET', '/v1/api-keys/current', { key })).status).toBe(401);
  });
});

describe.skipIf(!built)('the console served under / (needs `npm run build`)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(() => t.close());

  it('serves its page at / and at its own page paths, with a CSP that admits only its own files', async () => {
    for (const path of ['/', '/numbers', '/numbers/5f0c8f4e-2a43-4a5b-9b1e-0a7b3b1c2d3e?tag=a', '/anything/else']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: html });
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toBe(CONSOLE_CSP);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('cache-control')).toBe('no-cache');
      expect(await res.text()).toContain('<div id="app"></div>');
    }
  });

  it('serves each asset the page names, gzipped when asked, cached for good, and revalidates by ETag', async () => {
    const page = await (await fetch(`${t.baseUrl}/`)).text();
    const assets = [...page.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js')) && assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const plain = await fetch(`${t.baseUrl}${asset}`, { headers: { 'accept-encoding': 'identity' } });
      expect(plain.status, asset).toBe(200);
      expect(plain.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await plain.arrayBuffer());
      const etag = plain.headers.get('etag')!;
      const again = await fetch(`${t.baseUrl}${asset}`, { headers: { 'if-none-match': etag } });
      expect(again.status).toBe(304);
      if (asset.endsWith('.js')) {
        // fetch() would decode the body itself: ask with node's raw view of the bytes instead.
        const gz = await t.http.inject({ method: 'GET', url: asset, headers: { 'accept-encoding': 'gzip' } });
        expect(gz.headers['content-encoding']).toBe('gzip');
        expect(gunzipSync(gz.rawPayload).equals(body)).toBe(true);
      }
    }
  });

  it('leaves the API, the provider surfaces, the docs and unknown files to their own answers', async () => {
    const api = await fetch(`${t.baseUrl}/v1/nothing-here`, { headers: html });
    expect([api.status, api.headers.get('content-type')]).toEqual([404, 'application/problem+json; charset=utf-8']);
    const telnyx = await fetch(`${t.baseUrl}/v2/phone_numbers/foo/bar`, { headers: html });
    expect(telnyx.status).toBe(404);
    expect(((await telnyx.json()) as { errors?: unknown }).errors).toBeDefined();
    expect((await fetch(`${t.baseUrl}/docs`, { headers: html })).status).toBe(200);
    for (const path of ['/favicon.ico', '/assets/nothing.js', '/assets/../index.html', '/assets/%2e%2e/package.json']) {
      const res = await fetch(`${t.baseUrl}${path}`, { headers: html });
      expect(res.status, path).toBe(404);
    }
    // Not a browser asking for a page: an API client's unknown path stays a problem+json 404.
    const curl = await fetch(`${t.baseUrl}/numbers`, { headers: { accept: '*/*' } });
    expect([curl.status, ((await curl.json()) as { code: string }).code]).toEqual([404, 'not_found']);
    const post = await fetch(`${t.baseUrl}/numbers`, { method: 'POST', headers: html });
    expect(post.status).toBe(404);
  });
});
